// SQL for transfers between agencies: the sender's outbox and receipts, the receiver's received
// dossiers and their files.
import type { Db, Trx } from '../db/db';
import type { OutboxEntry, ReceivedDossier, ReceivedFile, StoredReceipt } from './dossiers.types';

type Q = Db | Trx;
// biome-ignore lint/suspicious/noExplicitAny: knex rows are untyped; this file maps them to typed entities and nothing else sees them
type Row = Record<string, any>;

const toOutbox = (r: Row): OutboxEntry => ({
  idempotencyKey: r.idempotency_key,
  packageId: r.package_id,
  peerCode: r.peer_code,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  refusalCode: r.refusal_code,
  refusalMessage: r.refusal_message,
  refusalData: r.refusal_data,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
});

const toReceipt = (r: Row): StoredReceipt => ({
  id: r.id,
  packageId: r.package_id,
  receiverCode: r.receiver_code,
  receiptJson: r.receipt_json,
  signature: r.signature,
  receiptSha256: r.receipt_sha256,
  receivedAt: r.received_at,
  storedAt: r.stored_at,
});

const toReceived = (r: Row): ReceivedDossier => ({
  id: r.id,
  caseId: r.case_id,
  version: r.version,
  senderCode: r.sender_code,
  packageId: r.package_id,
  idempotencyKey: r.idempotency_key,
  purpose: r.purpose,
  manifestSha256: r.manifest_sha256,
  manifestSm3: r.manifest_sm3,
  dir: r.dir,
  fileCount: r.file_count,
  totalBytes: Number(r.total_bytes),
  receivedAt: r.received_at,
  receiptJson: r.receipt_json,
  receiptSignature: r.receipt_signature,
});

export async function insertOutbox(trx: Trx, o: { idempotencyKey: string; packageId: string; peerCode: string; at: Date }): Promise<void> {
  await trx('dossier_outbox').insert({
    idempotency_key: o.idempotencyKey,
    package_id: o.packageId,
    peer_code: o.peerCode,
    state: 'pending',
    attempts: 0,
    next_attempt_at: o.at,
    created_at: o.at,
  });
}

export async function outboxOfPackage(q: Q, packageId: string): Promise<OutboxEntry | null> {
  const r = await q('dossier_outbox').where({ package_id: packageId }).first();
  return r ? toOutbox(r) : null;
}

export async function findOutbox(q: Q, key: string): Promise<OutboxEntry | null> {
  const r = await q('dossier_outbox').where({ idempotency_key: key }).first();
  return r ? toOutbox(r) : null;
}

/** Deliveries due now, oldest first. */
export async function dueOutbox(q: Q, now: Date, limit: number): Promise<OutboxEntry[]> {
  return (
    (await q('dossier_outbox')
      .where({ state: 'pending' })
      .andWhere('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit)) as Row[]
  ).map(toOutbox);
}

export async function updateOutbox(
  trx: Q,
  key: string,
  patch: Partial<{
    state: string;
    attempts: number;
    nextAttemptAt: Date;
    lastError: string | null;
    refusalCode: string | null;
    refusalMessage: string | null;
    refusalData: unknown;
    deliveredAt: Date | null;
  }>,
): Promise<void> {
  const cols: Record<string, string> = {
    state: 'state',
    attempts: 'attempts',
    nextAttemptAt: 'next_attempt_at',
    lastError: 'last_error',
    refusalCode: 'refusal_code',
    refusalMessage: 'refusal_message',
    refusalData: 'refusal_data',
    deliveredAt: 'delivered_at',
  };
  const row: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) row[cols[k]!] = k === 'refusalData' && v !== null ? JSON.stringify(v) : v;
  await trx('dossier_outbox').where({ idempotency_key: key }).update(row);
}

/** Stores a receipt once; a second copy of the same package's receipt is ignored. Returns whether it was new. */
export async function insertReceipt(trx: Trx, r: StoredReceipt): Promise<boolean> {
  const rows = await trx('dossier_receipts')
    .insert({
      id: r.id,
      package_id: r.packageId,
      receiver_code: r.receiverCode,
      receipt_json: r.receiptJson,
      signature: r.signature,
      receipt_sha256: r.receiptSha256,
      received_at: r.receivedAt,
      stored_at: r.storedAt,
    })
    .onConflict('package_id')
    .ignore()
    .returning('id');
  return rows.length > 0;
}

export async function receiptOfPackage(q: Q, packageId: string): Promise<StoredReceipt | null> {
  const r = await q('dossier_receipts').where({ package_id: packageId }).first();
  return r ? toReceipt(r) : null;
}

// ---- received dossiers (receiver)
/** Serialises deliveries of one idempotency key (a retry arriving while the first is being stored). */
export async function lockKey(trx: Trx, key: string): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`dossier:${key}`]);
}

export async function receivedByKey(q: Q, key: string): Promise<ReceivedDossier | null> {
  const r = await q('received_dossiers').where({ idempotency_key: key }).first();
  return r ? toReceived(r) : null;
}

export async function receivedOfCase(q: Q, caseId: string): Promise<ReceivedDossier[]> {
  return ((await q('received_dossiers').where({ case_id: caseId }).orderBy('version')) as Row[]).map(toReceived);
}

export async function nextReceivedVersion(q: Q, caseId: string): Promise<number> {
  const r = (await q('received_dossiers').where({ case_id: caseId }).max('version as v').first()) as { v: number | null } | undefined;
  return (r?.v ?? 0) + 1;
}

export async function insertReceived(trx: Trx, d: ReceivedDossier, files: ReceivedFile[]): Promise<void> {
  await trx('received_dossiers').insert({
    id: d.id,
    case_id: d.caseId,
    version: d.version,
    sender_code: d.senderCode,
    package_id: d.packageId,
    idempotency_key: d.idempotencyKey,
    purpose: d.purpose,
    manifest_sha256: d.manifestSha256,
    manifest_sm3: d.manifestSm3,
    dir: d.dir,
    file_count: d.fileCount,
    total_bytes: d.totalBytes,
    received_at: d.receivedAt,
    receipt_json: d.receiptJson,
    receipt_signature: d.receiptSignature,
  });
  for (let i = 0; i < files.length; i += 1000) {
    await trx('received_dossier_files').insert(
      files.slice(i, i + 1000).map((f) => ({
        received_dossier_id: d.id,
        path: f.path,
        bytes: f.bytes,
        sha256: f.sha256,
        sm3: f.sm3,
        media_type: f.mediaType,
        kind: f.kind,
        provenance: JSON.stringify(f.provenance),
      })),
    );
  }
}

export async function filesOfReceived(q: Q, id: string): Promise<ReceivedFile[]> {
  return ((await q('received_dossier_files').where({ received_dossier_id: id }).orderBy('id')) as Row[]).map((r) => ({
    path: r.path,
    bytes: Number(r.bytes),
    sha256: r.sha256,
    sm3: r.sm3,
    mediaType: r.media_type,
    kind: r.kind,
    provenance: r.provenance,
  }));
}
