// SQL for the record: transcripts, blocks, revisions and corrections (pages and signatures are in
// transcripts.pages.repo.ts, re-exported here).
import type { Db, Trx } from '../db/db';
import type { Block, BlockKind, ClosingMode, Correction, Transcript, TranscriptState } from './transcripts.types';
import type { CorrectionState } from '../vocabulary';

export * from './transcripts.pages.repo';

type Q = Db | Trx;

type TranscriptRow = {
  id: string;
  session_id: string;
  state: TranscriptState;
  version: number;
  editor_participant_id: string | null;
  closing_mode: ClosingMode;
  submitted_at: Date | null;
  finalized_at: Date | null;
  pdf_file: string | null;
  pdf_sha256: string | null;
  pdf_sm3: string | null;
  content_sha256: string | null;
  verification_code: string | null;
};
const toTranscript = (r: TranscriptRow): Transcript => ({
  id: r.id,
  sessionId: r.session_id,
  state: r.state,
  version: r.version,
  editorParticipantId: r.editor_participant_id,
  closingMode: r.closing_mode,
  submittedAt: r.submitted_at,
  finalizedAt: r.finalized_at,
  pdfFile: r.pdf_file,
  pdfSha256: r.pdf_sha256,
  pdfSm3: r.pdf_sm3,
  contentSha256: r.content_sha256,
  verificationCode: r.verification_code,
});

export async function findBySession(q: Q, sessionId: string): Promise<Transcript | null> {
  const r = (await q('transcripts').where({ session_id: sessionId }).first()) as TranscriptRow | undefined;
  return r ? toTranscript(r) : null;
}

export async function findByCode(q: Q, code: string): Promise<Transcript | null> {
  const r = (await q('transcripts').where({ verification_code: code }).first()) as TranscriptRow | undefined;
  return r ? toTranscript(r) : null;
}

/** Locks the session's transcript row for a change, creating it on first use. */
export async function lockOrCreate(trx: Trx, sessionId: string, closingMode: ClosingMode): Promise<Transcript> {
  await trx('transcripts').insert({ session_id: sessionId, closing_mode: closingMode }).onConflict('session_id').ignore();
  const r = (await trx('transcripts').where({ session_id: sessionId }).forUpdate().first()) as TranscriptRow;
  return toTranscript(r);
}

export async function lockBySession(trx: Trx, sessionId: string): Promise<Transcript | null> {
  const r = (await trx('transcripts').where({ session_id: sessionId }).forUpdate().first()) as TranscriptRow | undefined;
  return r ? toTranscript(r) : null;
}

export async function update(
  trx: Trx,
  id: string,
  patch: Partial<{
    state: TranscriptState;
    version: number;
    editorParticipantId: string;
    submittedAt: Date;
    finalizedAt: Date;
    pdfFile: string;
    pdfSha256: string;
    pdfSm3: string;
    contentSha256: string;
    verificationCode: string;
  }>,
): Promise<void> {
  const cols: Record<string, unknown> = { updated_at: new Date() };
  const map: Record<string, string> = {
    state: 'state',
    version: 'version',
    editorParticipantId: 'editor_participant_id',
    submittedAt: 'submitted_at',
    finalizedAt: 'finalized_at',
    pdfFile: 'pdf_file',
    pdfSha256: 'pdf_sha256',
    pdfSm3: 'pdf_sm3',
    contentSha256: 'content_sha256',
    verificationCode: 'verification_code',
  };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) cols[map[k] as string] = v;
  await trx('transcripts').where({ id }).update(cols);
}

type BlockRow = {
  id: string;
  ord: number;
  kind: BlockKind;
  text: string;
  deleted: boolean;
  last_op_id: string;
  revision: number;
  updated_at: Date;
};
const toBlock = (r: BlockRow): Block => ({
  id: r.id,
  ord: Number(r.ord),
  kind: r.kind,
  text: r.text,
  deleted: r.deleted,
  lastOpId: r.last_op_id,
  revision: r.revision,
  updatedAt: r.updated_at,
});

export async function listBlocks(q: Q, transcriptId: string, withDeleted = false): Promise<Block[]> {
  const qb = q('transcript_blocks').where({ transcript_id: transcriptId });
  if (!withDeleted) qb.where({ deleted: false });
  return ((await qb.orderBy([{ column: 'ord' }, { column: 'id' }])) as BlockRow[]).map(toBlock);
}

export async function findBlock(q: Q, transcriptId: string, blockId: string): Promise<Block | null> {
  const r = (await q('transcript_blocks').where({ transcript_id: transcriptId, id: blockId }).first()) as BlockRow | undefined;
  return r ? toBlock(r) : null;
}

export async function upsertBlock(trx: Trx, transcriptId: string, b: Omit<Block, 'updatedAt'>): Promise<void> {
  await trx('transcript_blocks')
    .insert({
      id: b.id,
      transcript_id: transcriptId,
      ord: b.ord,
      kind: b.kind,
      text: b.text,
      deleted: b.deleted,
      last_op_id: b.lastOpId,
      revision: b.revision,
      updated_at: new Date(),
    })
    .onConflict('id')
    .merge(['ord', 'kind', 'text', 'deleted', 'last_op_id', 'revision', 'updated_at']);
}

export async function revisionByOp(q: Q, opId: string): Promise<{ transcriptId: string; blockId: string; version: number } | null> {
  const r = (await q('transcript_revisions').where({ op_id: opId }).first()) as
    | { transcript_id: string; block_id: string; version: number }
    | undefined;
  return r ? { transcriptId: r.transcript_id, blockId: r.block_id, version: r.version } : null;
}

export async function insertRevision(
  trx: Trx,
  r: {
    transcriptId: string;
    blockId: string;
    opId: string;
    version: number;
    ord: number;
    kind: BlockKind;
    text: string;
    deleted: boolean;
    correctionId: string | null;
    participantId: string;
  },
): Promise<void> {
  await trx('transcript_revisions').insert({
    transcript_id: r.transcriptId,
    block_id: r.blockId,
    op_id: r.opId,
    version: r.version,
    ord: r.ord,
    kind: r.kind,
    text: r.text,
    deleted: r.deleted,
    correction_id: r.correctionId,
    participant_id: r.participantId,
  });
}

type CorrectionRow = {
  id: string;
  block_id: string;
  note: string;
  state: CorrectionState;
  requested_by: string;
  requested_at: Date;
  resolved_op_id: string | null;
  resolved_at: Date | null;
};
const toCorrection = (r: CorrectionRow): Correction => ({
  id: r.id,
  blockId: r.block_id,
  note: r.note,
  state: r.state,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at,
  resolvedOpId: r.resolved_op_id,
  resolvedAt: r.resolved_at,
});

export async function listCorrections(q: Q, transcriptId: string): Promise<Correction[]> {
  return ((await q('transcript_corrections').where({ transcript_id: transcriptId }).orderBy('requested_at')) as CorrectionRow[]).map(
    toCorrection,
  );
}

export async function insertCorrection(
  trx: Trx,
  c: { transcriptId: string; blockId: string; note: string; requestedBy: string },
): Promise<Correction> {
  const [r] = await trx('transcript_corrections')
    .insert({
      transcript_id: c.transcriptId,
      block_id: c.blockId,
      note: c.note,
      requested_by: c.requestedBy,
      requested_at: new Date(),
    })
    .returning('*');
  return toCorrection(r as CorrectionRow);
}

export async function resolveCorrection(trx: Trx, id: string, opId: string): Promise<void> {
  await trx('transcript_corrections').where({ id }).update({ state: 'made', resolved_op_id: opId, resolved_at: new Date() });
}
