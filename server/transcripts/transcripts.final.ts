// The final record: made after the session ended and its recording was sealed (the footer names the
// sealed manifests), refused while anything is unsigned, printed, signed with the agency's
// certificate, written once (mode 444), and its hashes put into the audit chain.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import type { Db } from '../db/db';
import { InvalidState, NotFound, TranscriptUnsigned } from '../errors';
import { logger } from '../logger';
import { recordingsOfSession } from '../recording';
import { unseal } from '../security/sensitive';
import { appendSessionEvent, findSessionById, type Session } from '../sessions';
import { referenceKeywords, verificationCode } from './transcripts.code';
import { buildHeader, chinaTime } from './transcripts.header';
import type { Measure } from './transcripts.layout';
import { renderTranscript, type ManifestRef, type PrintModel } from './transcripts.pdf';
import { addSignaturePlaceholder, signPdf, type PdfSigner } from './transcripts.pdfSign';
import * as repo from './transcripts.repo';
import { missingSignatures } from './transcripts.signing';
import type { Transcript } from './transcripts.types';

/** What printing needs: the font, its metrics, the agency's certificate and where final records are kept. */
export type TranscriptDeps = { fontFile: string; measure: Measure; pdfSigner: PdfSigner; root: string };

const hash = (alg: 'sha256' | 'sm3', b: Buffer | string): string => createHash(alg).update(b).digest('hex');

async function manifestsOf(db: Db, sessionId: string): Promise<ManifestRef[]> {
  return (await recordingsOfSession(db, sessionId))
    .filter((r) => r.manifestSha256 && r.manifestSm3)
    .map((r) => ({ part: r.part, sha256: r.manifestSha256 as string, sm3: r.manifestSm3 as string }));
}

async function printModel(db: Db, s: Session, t: Transcript, draft: boolean) {
  const header = await buildHeader(db, s, t);
  const [pages, sigs, corrections, manifests] = await Promise.all([
    repo.listPages(db, t.id),
    repo.listSignatures(db, t.id, true),
    repo.listCorrections(db, t.id),
    manifestsOf(db, s.id),
  ]);
  const fp = (sealed: string | null): Buffer | null => (sealed ? Buffer.from(unseal(sealed), 'base64') : null);
  const content = {
    header,
    pages: pages.map((p) => p.sha256),
    signatures: sigs.map((x) => ({
      kind: x.kind,
      page: x.pageNumber,
      pageSha256: x.pageSha256,
      correctionId: x.correctionId,
      participantId: x.participantId,
      imageSha256: x.imageSha256,
      fingerprintSha256: x.fingerprintSha256,
      typedText: x.typedText,
      signedAt: x.signedAt.toISOString(),
    })),
    corrections: corrections.map((c) => ({ id: c.id, blockId: c.blockId, state: c.state, resolvedOpId: c.resolvedOpId })),
  };
  const contentSha256 = hash('sha256', JSON.stringify(content));
  const code = verificationCode(s.id, t.id, contentSha256, manifests);
  const closing = sigs.find((x) => x.kind === 'closing');
  const nameOf = (id: string) => s.participants.find((p) => p.id === id);
  const model: PrintModel = {
    header,
    pages,
    draft,
    pageMarks: new Map(
      sigs
        .filter((x) => x.kind === 'page' && x.strokes && pages.some((p) => p.number === x.pageNumber && p.sha256 === x.pageSha256))
        .map((x) => [x.pageNumber as number, { strokes: x.strokes!, fingerprint: fp(x.fingerprintSealed) }]),
    ),
    corrections: sigs
      .filter((x) => x.kind === 'correction' && x.strokes)
      .map((x) => ({
        blockId: corrections.find((c) => c.id === x.correctionId)?.blockId ?? '',
        strokes: x.strokes!,
        fingerprint: fp(x.fingerprintSealed),
      })),
    closing: closing
      ? {
          mode: closing.typedText ? 'typed' : 'handwritten',
          strokes: closing.strokes,
          text: closing.typedText ?? '',
          signedAt: chinaTime(closing.signedAt),
        }
      : null,
    officials: sigs
      .filter((x) => x.kind === 'official' && x.strokes)
      .map((x) => ({
        name: nameOf(x.participantId)?.displayName ?? '',
        strokes: x.strokes!,
        signedAt: chinaTime(x.signedAt),
        role: x.participantId === t.editorParticipantId ? 'clerk' : (nameOf(x.participantId)?.sessionRole ?? ''),
      })),
    parties: sigs
      .filter((x) => x.kind === 'party' && x.strokes)
      .map((x) => ({ name: nameOf(x.participantId)?.displayName ?? '', strokes: x.strokes!, signedAt: chinaTime(x.signedAt) })),
    footer: { sessionId: s.id, manifests, verificationCode: code },
    agencyName: header.officePlace,
    metadata: {
      title: `${header.title} ${header.caseNumber}`,
      subject: `${header.caseTitle}（${header.subject?.name ?? ''}）`,
      keywords: referenceKeywords({ sessionId: s.id, transcriptId: t.id, contentSha256, code, pages: pages.length, manifests }),
      createdAt: new Date(),
    },
  };
  return { model, contentSha256, code, manifests, pages, sigs, corrections };
}

/** A watermarked, unsigned print of the record as it stands (for reading before the end). */
export async function renderDraft(db: Db, deps: TranscriptDeps, sessionId: string): Promise<Uint8Array> {
  const s = await findSessionById(db, sessionId);
  const t = await repo.findBySession(db, sessionId);
  if (!s || !t || t.state === 'drafting') throw NotFound('record handed over for confirmation in session', sessionId);
  return renderTranscript((await printModel(db, s, t, true)).model, deps.fontFile);
}

/** Makes the final, signed PDF. Idempotent: a record already final is returned as it is. */
export async function finalizeTranscript(db: Db, deps: TranscriptDeps, sessionId: string, by: AuthUser): Promise<Transcript> {
  const s = await findSessionById(db, sessionId);
  const t = await repo.findBySession(db, sessionId);
  if (!s || !t) throw NotFound('record of session', sessionId);
  if (t.state === 'final') return t;
  if (s.state !== 'ended')
    throw InvalidState(`session ${s.id}`, s.state, 'the final record is made once the session has ended and its recording is sealed');
  const p = await printModel(db, s, t, false);
  const missing = missingSignatures(s, t, p.pages, p.sigs, p.corrections);
  if (missing.length) {
    await audit.recordAlone(db, {
      actorUserId: by.id,
      agencyId: by.agencyId,
      action: 'transcript.finalize',
      objectType: 'session',
      objectId: sessionId,
      outcome: 'denied',
      detail: { transcriptId: t.id, missing },
    });
    throw TranscriptUnsigned(missing);
  }
  const when = p.model.metadata.createdAt;
  const unsigned = await renderTranscript(p.model, deps.fontFile, (doc) => addSignaturePlaceholder(doc, deps.pdfSigner, when));
  const pdf = await signPdf(unsigned, deps.pdfSigner, when);
  const dir = path.join(deps.root, sessionId);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `transcript-${p.code}.pdf`);
  if (!fs.existsSync(file)) {
    const fd = fs.openSync(file, 'wx', 0o644);
    try {
      fs.writeSync(fd, pdf);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(file, 0o444);
  }
  const written = fs.readFileSync(file);
  const sha256 = hash('sha256', written);
  const sm3 = hash('sm3', written);
  return db.transaction(async (trx) => {
    const locked = await repo.lockBySession(trx, sessionId);
    if (!locked || locked.state === 'final') return locked as Transcript;
    const patch = {
      state: 'final' as const,
      finalizedAt: when,
      pdfFile: path.relative(deps.root, file),
      pdfSha256: sha256,
      pdfSm3: sm3,
      contentSha256: p.contentSha256,
      verificationCode: p.code,
    };
    await repo.update(trx, t.id, patch);
    const detail = {
      transcriptId: t.id,
      sha256,
      sm3,
      pages: p.pages.length,
      verificationCode: p.code,
      contentSha256: p.contentSha256,
      manifests: p.manifests,
    };
    await appendSessionEvent(trx, {
      sessionId,
      kind: 'transcript_finalized',
      actorUserId: by.id,
      actorParticipantId: null,
      subjectParticipantId: null,
      data: detail,
    });
    await audit.record(trx, {
      actorUserId: by.id,
      agencyId: by.agencyId,
      action: 'transcript.finalized',
      objectType: 'session',
      objectId: sessionId,
      outcome: 'success',
      detail,
    });
    logger.info({ sessionId, sha256, pages: p.pages.length }, 'record made final');
    return { ...locked, ...patch };
  });
}
