// SQL for signed instruments and their signatures.
import type { Db, Trx } from '../db/db';
import type { SessionRole } from '../vocabulary';
import type { Instrument, InstrumentBody, InstrumentFields, InstrumentSignature, InstrumentState } from './instruments.types';
import type { Strokes } from '../transcripts';

type Q = Db | Trx;

type Row = {
  id: string;
  session_id: string;
  kind: Instrument['kind'];
  state: InstrumentState;
  version: number;
  fields: InstrumentFields;
  body: InstrumentBody | null;
  content_sha256: string | null;
  drafted_by: string;
  opened_at: Date | null;
  finalized_at: Date | null;
  pdf_file: string | null;
  pdf_sha256: string | null;
  pdf_sm3: string | null;
  verification_code: string | null;
};
const toInstrument = (r: Row): Instrument => ({
  id: r.id,
  sessionId: r.session_id,
  kind: r.kind,
  state: r.state,
  version: r.version,
  fields: r.fields,
  body: r.body,
  contentSha256: r.content_sha256,
  draftedBy: r.drafted_by,
  openedAt: r.opened_at,
  finalizedAt: r.finalized_at,
  pdfFile: r.pdf_file,
  pdfSha256: r.pdf_sha256,
  pdfSm3: r.pdf_sm3,
  verificationCode: r.verification_code,
});

export async function findBySession(q: Q, sessionId: string): Promise<Instrument | null> {
  const r = (await q('instruments').where({ session_id: sessionId }).first()) as Row | undefined;
  return r ? toInstrument(r) : null;
}

export async function lockBySession(trx: Trx, sessionId: string): Promise<Instrument | null> {
  const r = (await trx('instruments').where({ session_id: sessionId }).forUpdate().first()) as Row | undefined;
  return r ? toInstrument(r) : null;
}

export async function insert(
  trx: Trx,
  i: { sessionId: string; kind: Instrument['kind']; fields: InstrumentFields; draftedBy: string },
): Promise<Instrument> {
  const [r] = (await trx('instruments')
    .insert({ session_id: i.sessionId, kind: i.kind, fields: JSON.stringify(i.fields), drafted_by: i.draftedBy, version: 1 })
    .returning('*')) as Row[];
  return toInstrument(r as Row);
}

export async function update(
  trx: Trx,
  id: string,
  patch: Partial<{
    state: InstrumentState;
    version: number;
    fields: InstrumentFields;
    body: InstrumentBody | null;
    contentSha256: string | null;
    draftedBy: string;
    openedAt: Date | null;
    finalizedAt: Date;
    pdfFile: string;
    pdfSha256: string;
    pdfSm3: string;
    verificationCode: string;
  }>,
): Promise<void> {
  const cols: Record<string, unknown> = { updated_at: new Date() };
  const map: Record<string, string> = {
    state: 'state',
    version: 'version',
    draftedBy: 'drafted_by',
    contentSha256: 'content_sha256',
    openedAt: 'opened_at',
    finalizedAt: 'finalized_at',
    pdfFile: 'pdf_file',
    pdfSha256: 'pdf_sha256',
    pdfSm3: 'pdf_sm3',
    verificationCode: 'verification_code',
  };
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'fields' || k === 'body') cols[k] = v === null ? null : JSON.stringify(v);
    else if (map[k]) cols[map[k]] = v;
  }
  await trx('instruments').where({ id }).update(cols);
}

type SigRow = {
  id: string;
  participant_id: string;
  session_role: SessionRole;
  endpoint: string;
  content_sha256: string;
  strokes: Strokes;
  image_sha256: string;
  fingerprint_sealed: string | null;
  fingerprint_sha256: string | null;
  signed_at: Date;
};

/** The signatures in force (not lapsed), in the order they were made. */
export async function listSignatures(q: Q, instrumentId: string): Promise<InstrumentSignature[]> {
  const rows = (await q('instrument_signatures')
    .where({ instrument_id: instrumentId })
    .whereNull('superseded_at')
    .orderBy([{ column: 'signed_at' }, { column: 'id' }])) as SigRow[];
  return rows.map((r) => ({
    id: r.id,
    participantId: r.participant_id,
    sessionRole: r.session_role,
    endpoint: r.endpoint,
    contentSha256: r.content_sha256,
    strokes: r.strokes,
    imageSha256: r.image_sha256,
    fingerprintSealed: r.fingerprint_sealed,
    fingerprintSha256: r.fingerprint_sha256,
    signedAt: r.signed_at,
  }));
}

export async function insertSignature(
  trx: Trx,
  instrumentId: string,
  s: {
    participantId: string;
    sessionRole: SessionRole;
    endpoint: string;
    contentSha256: string;
    strokes: Strokes;
    image: Buffer;
    imageSha256: string;
    fingerprintSealed: string | null;
    fingerprintSha256: string | null;
  },
): Promise<string> {
  const [r] = (await trx('instrument_signatures')
    .insert({
      instrument_id: instrumentId,
      participant_id: s.participantId,
      session_role: s.sessionRole,
      endpoint: s.endpoint,
      content_sha256: s.contentSha256,
      strokes: JSON.stringify(s.strokes),
      image: s.image,
      image_sha256: s.imageSha256,
      fingerprint_sealed: s.fingerprintSealed,
      fingerprint_sha256: s.fingerprintSha256,
      signed_at: new Date(),
    })
    .returning('id')) as { id: string }[];
  return (r as { id: string }).id;
}

/** Every signature in force lapses (the text was withdrawn for a change). */
export async function supersedeAll(trx: Trx, instrumentId: string): Promise<number> {
  return trx('instrument_signatures')
    .where({ instrument_id: instrumentId })
    .whereNull('superseded_at')
    .update({ superseded_at: new Date() });
}
