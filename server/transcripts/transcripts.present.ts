// The record as it leaves the server: blocks, correction requests, pages, who signed what and
// when (never the images), the officials still to sign, what is missing, and the final document.
import type { Db } from '../db/db';
import type { TranscriptBlockView, TranscriptView } from '../realtime/events';
import type { Session } from '../sessions';
import { buildHeader } from './transcripts.header';
import { CLOSING_SENTENCE } from './transcripts.layout';
import * as repo from './transcripts.repo';
import { missingSignatures, requiredOfficials } from './transcripts.signing';
import type { Block, Transcript } from './transcripts.types';

export const presentBlock = (b: Block): TranscriptBlockView => ({
  id: b.id,
  ord: b.ord,
  kind: b.kind,
  text: b.text,
  lastOpId: b.lastOpId,
  revision: b.revision,
  updatedAt: b.updatedAt.toISOString(),
});

export async function presentTranscript(db: Db, s: Session, t: Transcript | null): Promise<TranscriptView> {
  const header = await buildHeader(db, s, t);
  const empty: TranscriptView = {
    sessionId: s.id,
    state: 'drafting',
    version: 0,
    closingMode: t?.closingMode ?? 'handwritten',
    closingSentence: CLOSING_SENTENCE,
    header,
    blocks: [],
    corrections: [],
    pages: [],
    signatures: [],
    officials: [],
    missing: [],
    final: null,
  };
  if (!t) return empty;
  const [blocks, corrections, sigs] = await Promise.all([
    repo.listBlocks(db, t.id),
    repo.listCorrections(db, t.id),
    repo.listSignatures(db, t.id),
  ]);
  const pages = t.state === 'drafting' ? [] : await repo.listPages(db, t.id);
  const officials = requiredOfficials(s, t);
  return {
    ...empty,
    state: t.state,
    version: t.version,
    closingMode: t.closingMode,
    blocks: blocks.map(presentBlock),
    corrections: corrections.map((c) => ({
      id: c.id,
      blockId: c.blockId,
      note: c.note,
      state: c.state,
      requestedAt: c.requestedAt.toISOString(),
      resolvedAt: c.resolvedAt?.toISOString() ?? null,
    })),
    pages,
    signatures: sigs.map((x) => ({
      id: x.id,
      kind: x.kind,
      page: x.pageNumber,
      correctionId: x.correctionId,
      participantId: x.participantId,
      signedAt: x.signedAt.toISOString(),
    })),
    officials: officials.map((o) => ({ ...o, signed: sigs.some((x) => x.kind === 'official' && x.participantId === o.participantId) })),
    missing: t.state === 'final' ? [] : missingSignatures(s, t, pages, sigs, corrections),
    final:
      t.state === 'final' && t.pdfSha256 && t.pdfSm3 && t.verificationCode && t.finalizedAt
        ? { pdfSha256: t.pdfSha256, pdfSm3: t.pdfSm3, verificationCode: t.verificationCode, finalizedAt: t.finalizedAt.toISOString() }
        : null,
  };
}
