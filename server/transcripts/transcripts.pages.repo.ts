// SQL for the record's pages (as printed, with their hashes) and its signatures and fingerprints.
import type { Db, Trx } from '../db/db';
import type { Line, Page, Signature, SignatureKind, Strokes } from './transcripts.types';

type Q = Db | Trx;

type PageRow = { number: number; total: number; sha256: string; lines: Line[] };

export async function listPages(q: Q, transcriptId: string): Promise<Page[]> {
  return ((await q('transcript_pages').where({ transcript_id: transcriptId }).orderBy('number')) as PageRow[]).map((r) => ({
    number: r.number,
    total: r.total,
    sha256: r.sha256,
    lines: r.lines,
  }));
}

export async function replacePages(trx: Trx, transcriptId: string, pages: Page[]): Promise<void> {
  await trx('transcript_pages').where({ transcript_id: transcriptId }).delete();
  if (pages.length) {
    await trx('transcript_pages').insert(
      pages.map((p) => ({
        transcript_id: transcriptId,
        number: p.number,
        total: p.total,
        sha256: p.sha256,
        lines: JSON.stringify(p.lines),
      })),
    );
  }
}

type SignatureRow = {
  id: string;
  kind: SignatureKind;
  page_number: number | null;
  page_sha256: string | null;
  correction_id: string | null;
  participant_id: string;
  endpoint: string;
  strokes: Strokes | null;
  image: Buffer | null;
  image_sha256: string | null;
  fingerprint_sealed: string | null;
  fingerprint_sha256: string | null;
  fingerprint_method: string | null;
  typed_text: string | null;
  signed_at: Date;
  superseded_at: Date | null;
};

const toSignature = (r: SignatureRow): Signature => ({
  id: r.id,
  kind: r.kind,
  pageNumber: r.page_number,
  pageSha256: r.page_sha256,
  correctionId: r.correction_id,
  participantId: r.participant_id,
  endpoint: r.endpoint,
  strokes: r.strokes,
  image: r.image,
  imageSha256: r.image_sha256,
  fingerprintSealed: r.fingerprint_sealed,
  fingerprintSha256: r.fingerprint_sha256,
  fingerprintMethod: r.fingerprint_method,
  typedText: r.typed_text,
  signedAt: r.signed_at,
  supersededAt: r.superseded_at,
});

/** Signatures in force (not superseded), oldest first; images only when asked for. */
export async function listSignatures(q: Q, transcriptId: string, withImages = false): Promise<Signature[]> {
  const cols = withImages
    ? ['*']
    : [
        'id',
        'kind',
        'page_number',
        'page_sha256',
        'correction_id',
        'participant_id',
        'endpoint',
        'image_sha256',
        'fingerprint_sha256',
        'fingerprint_method',
        'typed_text',
        'signed_at',
        'superseded_at',
      ];
  const rows = (await q('transcript_signatures')
    .select(cols)
    .where({ transcript_id: transcriptId })
    .whereNull('superseded_at')
    .orderBy('signed_at')) as SignatureRow[];
  return rows.map((r) =>
    toSignature({ ...r, strokes: r.strokes ?? null, image: r.image ?? null, fingerprint_sealed: r.fingerprint_sealed ?? null }),
  );
}

export async function insertSignature(
  trx: Trx,
  transcriptId: string,
  s: Omit<Signature, 'id' | 'signedAt' | 'supersededAt'>,
): Promise<Signature> {
  const [r] = await trx('transcript_signatures')
    .insert({
      transcript_id: transcriptId,
      kind: s.kind,
      page_number: s.pageNumber,
      page_sha256: s.pageSha256,
      correction_id: s.correctionId,
      participant_id: s.participantId,
      endpoint: s.endpoint,
      strokes: s.strokes ? JSON.stringify(s.strokes) : null,
      image: s.image,
      image_sha256: s.imageSha256,
      fingerprint_sealed: s.fingerprintSealed,
      fingerprint_sha256: s.fingerprintSha256,
      fingerprint_method: s.fingerprintMethod,
      typed_text: s.typedText,
      signed_at: new Date(),
    })
    .returning('*');
  return toSignature(r as SignatureRow);
}

export async function supersede(trx: Trx, ids: string[]): Promise<void> {
  if (ids.length) await trx('transcript_signatures').whereIn('id', ids).update({ superseded_at: new Date() });
}
