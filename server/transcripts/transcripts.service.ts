// Typing the record: idempotent block edits (every one kept as a revision), the detainee's
// correction requests and the clerk's changes tied to them, handing the record over for reading
// and signing, and taking it back. Each change locks the transcript row and is audited in the
// same transaction.
import { createHash } from 'node:crypto';
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import type { Db, Trx } from '../db/db';
import { Forbidden, InvalidRequest, InvalidState, NotFound, TranscriptConflict } from '../errors';
import { appendSessionEvent, findSessionById, policyOf, type Participant, type Session } from '../sessions';
import { buildHeader } from './transcripts.header';
import { layoutPages, type Measure } from './transcripts.layout';
import * as repo from './transcripts.repo';
import type { Block, BlockEdit, Correction, Page, Transcript } from './transcripts.types';

export type TranscriptActor = { user: AuthUser; participant: Participant; endpoint: 'user' | 'kiosk' };
type Marker = { kind: string; data?: Record<string, unknown> } | null;
type Ctx = { trx: Trx; s: Session; t: Transcript };

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const OPEN = ['lobby', 'live', 'interrupted'];

/**
 * Runs one change of a session's record: locks (or creates) the transcript, runs `fn`, writes the
 * audit entry (and a session event when the change is a marker of the record).
 */
export async function changeTranscript<R>(
  db: Db,
  sessionId: string,
  actor: TranscriptActor,
  action: string,
  fn: (c: Ctx) => Promise<{ result: R; detail: Record<string, unknown>; marker?: Marker }>,
): Promise<R> {
  return db.transaction(async (trx) => {
    const s = await findSessionById(trx, sessionId);
    if (!s) throw NotFound('session', sessionId);
    const policy = policyOf(s.type);
    if (policy.recording === 'forbidden' || policy.transcriptEditors.length === 0)
      throw Forbidden(`a ${s.type} session has no record (笔录)`);
    const t = await repo.lockOrCreate(trx, sessionId, policy.closing);
    const { result, detail, marker } = await fn({ trx, s, t });
    if (marker) {
      await appendSessionEvent(trx, {
        sessionId,
        kind: marker.kind,
        actorUserId: actor.user.id,
        actorParticipantId: actor.participant.id,
        subjectParticipantId: null,
        data: marker.data ?? {},
      });
    }
    await audit.record(trx, {
      actorUserId: actor.user.id,
      agencyId: actor.user.agencyId,
      action: `transcript.${action}`,
      objectType: 'session',
      objectId: sessionId,
      outcome: 'success',
      detail: { transcriptId: t.id, actorParticipantId: actor.participant.id, endpoint: actor.endpoint, ...detail },
    });
    return result;
  });
}

const isEditor = (s: Session, a: TranscriptActor): boolean =>
  a.endpoint === 'user' && policyOf(s.type).transcriptEditors.includes(a.participant.sessionRole);
export const isSubject = (a: TranscriptActor): boolean => a.endpoint === 'kiosk' && a.participant.sessionRole === 'detainee';

function requireEditor(s: Session, a: TranscriptActor): void {
  if (!isEditor(s, a)) throw Forbidden(`only ${policyOf(s.type).transcriptEditors.join(' or ')} may type the record`);
}

/** Lays out the current blocks into pages (what the kiosk shows and the PDF prints). */
async function currentPages(q: Db | Trx, s: Session, t: Transcript, measure: Measure): Promise<Page[]> {
  return layoutPages(await buildHeader(q, s, t), await repo.listBlocks(q, t.id), measure);
}

/**
 * A correction changed the record while it was being confirmed: the pages are laid out again and
 * every signature on a page that changed lapses, as do the closing and the officials' signatures
 * when anything changed (they sign the record as a whole).
 */
async function relayout(trx: Trx, t: Transcript, pages: Page[]): Promise<string[]> {
  const hashOf = new Map(pages.map((p) => [p.number, p.sha256]));
  const sigs = await repo.listSignatures(trx, t.id);
  const stalePages = sigs.filter((x) => x.kind === 'page' && hashOf.get(x.pageNumber ?? 0) !== x.pageSha256);
  const changed = stalePages.length > 0 || (await repo.listPages(trx, t.id)).length !== pages.length;
  const stale = [...stalePages, ...(changed ? sigs.filter((x) => x.kind === 'closing' || x.kind === 'official') : [])].map((x) => x.id);
  await repo.supersede(trx, stale);
  await repo.replacePages(trx, t.id, pages);
  return stale;
}

/** Saves one block as typed. The same opId twice is applied once; an edit from a stale base is a conflict. */
export async function editBlock(
  db: Db,
  sessionId: string,
  actor: TranscriptActor,
  e: BlockEdit,
  measure: Measure,
): Promise<{ version: number; block: Block; replayed: boolean }> {
  const done = await repo.revisionByOp(db, e.opId);
  if (done) {
    const t = await repo.findBySession(db, sessionId);
    const block = t ? await repo.findBlock(db, t.id, done.blockId) : null;
    if (!t || t.id !== done.transcriptId || !block) throw InvalidRequest(`operation ${e.opId} belongs to another record`);
    return { version: t.version, block, replayed: true };
  }
  return changeTranscript(db, sessionId, actor, 'edited', async ({ trx, s, t }) => {
    requireEditor(s, actor);
    if (!OPEN.includes(s.state)) throw InvalidState(`session ${s.id}`, s.state, 'the record can only be typed during the session');
    if (t.state === 'final') throw InvalidState(`the record of session ${s.id}`, 'final', 'it can no longer change');
    const current = await repo.findBlock(trx, t.id, e.blockId);
    if ((current?.lastOpId ?? null) !== e.base) throw TranscriptConflict(e.blockId, current);
    let correction: Correction | undefined;
    if (e.correctionId) {
      correction = (await repo.listCorrections(trx, t.id)).find((c) => c.id === e.correctionId);
      if (!correction || correction.blockId !== e.blockId || correction.state !== 'open') {
        throw InvalidRequest(`correction request ${e.correctionId} is not open for block ${e.blockId}`);
      }
    } else if (t.state === 'confirming') {
      throw InvalidState(
        `the record of session ${s.id}`,
        'being confirmed',
        'change it only to answer a correction request, or take it back first',
      );
    }
    const version = t.version + 1;
    const block = {
      id: e.blockId,
      ord: e.ord,
      kind: e.kind,
      text: e.text,
      deleted: e.deleted ?? false,
      lastOpId: e.opId,
      revision: (current?.revision ?? 0) + 1,
    };
    await repo.upsertBlock(trx, t.id, block);
    await repo.insertRevision(trx, {
      transcriptId: t.id,
      blockId: e.blockId,
      opId: e.opId,
      version,
      ord: e.ord,
      kind: e.kind,
      text: e.text,
      deleted: block.deleted,
      correctionId: correction?.id ?? null,
      participantId: actor.participant.id,
    });
    await repo.update(trx, t.id, { version, ...(t.editorParticipantId ? {} : { editorParticipantId: actor.participant.id }) });
    let superseded: string[] = [];
    if (correction) {
      await repo.resolveCorrection(trx, correction.id, e.opId);
      if (t.state === 'confirming') superseded = await relayout(trx, t, await currentPages(trx, s, { ...t, version }, measure));
    }
    const saved = (await repo.findBlock(trx, t.id, e.blockId)) as Block;
    return {
      result: { version, block: saved, replayed: false },
      detail: {
        version,
        blockId: e.blockId,
        opId: e.opId,
        chars: [...e.text].length,
        textSha256: sha256(e.text),
        deleted: block.deleted,
        ...(correction ? { correctionId: correction.id, supersededSignatures: superseded } : {}),
      },
      marker: correction ? { kind: 'transcript_corrected', data: { correctionId: correction.id, blockId: e.blockId, version } } : null,
    };
  });
}

/** The person questioned asks for a change to a block (from the kiosk). */
export function requestCorrection(db: Db, sessionId: string, actor: TranscriptActor, blockId: string, note: string): Promise<Correction> {
  return changeTranscript(db, sessionId, actor, 'correction_requested', async ({ trx, s, t }) => {
    if (!isSubject(actor)) throw Forbidden('only the person questioned asks for corrections, from the custody kiosk');
    if (!OPEN.includes(s.state)) throw InvalidState(`session ${s.id}`, s.state, 'corrections are asked for during the session');
    if (t.state === 'final') throw InvalidState(`the record of session ${s.id}`, 'final', 'it can no longer change');
    const block = await repo.findBlock(trx, t.id, blockId);
    if (!block || block.deleted) throw NotFound('transcript block', blockId);
    const c = await repo.insertCorrection(trx, { transcriptId: t.id, blockId, note, requestedBy: actor.participant.id });
    return {
      result: c,
      detail: { correctionId: c.id, blockId, noteSha256: sha256(note) },
      marker: { kind: 'transcript_correction_requested', data: { correctionId: c.id, blockId } },
    };
  });
}

/** The clerk hands the record over for reading and signing; the pages are fixed from here. */
export function submitForConfirmation(db: Db, sessionId: string, actor: TranscriptActor, measure: Measure): Promise<Page[]> {
  return changeTranscript(db, sessionId, actor, 'submitted', async ({ trx, s, t }) => {
    requireEditor(s, actor);
    if (s.state !== 'live')
      throw InvalidState(`session ${s.id}`, s.state, 'the record is read and signed while the session is live and recorded');
    if (t.state !== 'drafting') throw InvalidState(`the record of session ${s.id}`, t.state, 'it was already handed over');
    const blocks = await repo.listBlocks(trx, t.id);
    if (!blocks.some((b) => b.text.trim() !== ''))
      throw InvalidState(`the record of session ${s.id}`, 'empty', 'type the questions and answers first');
    const open = (await repo.listCorrections(trx, t.id)).filter((c) => c.state === 'open');
    if (open.length)
      throw InvalidState(`the record of session ${s.id}`, `waiting on ${open.length} correction request(s)`, 'answer them first');
    const submitted = { ...t, submittedAt: new Date(), state: 'confirming' as const };
    const pages = await currentPages(trx, s, submitted, measure);
    await repo.update(trx, t.id, {
      state: 'confirming',
      submittedAt: submitted.submittedAt,
      editorParticipantId: t.editorParticipantId ?? actor.participant.id,
    });
    await repo.replacePages(trx, t.id, pages);
    return {
      result: pages,
      detail: { version: t.version, pages: pages.length, pageHashes: pages.map((p) => p.sha256) },
      marker: { kind: 'transcript_submitted', data: { version: t.version, pages: pages.length } },
    };
  });
}

/** The clerk takes the record back to keep typing; every signature given so far lapses. */
export function reopen(db: Db, sessionId: string, actor: TranscriptActor, reason: string): Promise<void> {
  return changeTranscript(db, sessionId, actor, 'reopened', async ({ trx, s, t }) => {
    requireEditor(s, actor);
    if (t.state !== 'confirming')
      throw InvalidState(`the record of session ${s.id}`, t.state, 'only a record being confirmed can be taken back');
    const lapsed = (await repo.listSignatures(trx, t.id)).map((x) => x.id);
    await repo.supersede(trx, lapsed);
    await repo.update(trx, t.id, { state: 'drafting' });
    await repo.replacePages(trx, t.id, []);
    return {
      result: undefined,
      detail: { reason, supersededSignatures: lapsed },
      marker: { kind: 'transcript_reopened', data: { reason } },
    };
  });
}
