// SQL for documents, packages, the transfer outbox, receipts and received dossiers, plus the
// read-only lookups a case file is assembled from (sessions, sealed recordings, final records, audit).
import type { SessionType } from '../vocabulary';
import type { Db, Trx } from '../db/db';
import type { Purpose } from './dossiers.format';
import type { CaseDocument, DossierPackage, OutboxEntry, ReceivedDossier, ReceivedFile, StoredReceipt } from './dossiers.types';

type Q = Db | Trx;
// biome-ignore lint/suspicious/noExplicitAny: knex rows are untyped; this file maps them to typed entities and nothing else sees them
type Row = Record<string, any>;

const toDocument = (r: Row): CaseDocument => ({
  id: r.id,
  caseId: r.case_id,
  title: r.title,
  originalName: r.original_name,
  file: r.file,
  mediaType: r.media_type,
  bytes: Number(r.bytes),
  sha256: r.sha256,
  sm3: r.sm3,
  origin: r.origin,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at,
});
const toPackage = (r: Row): DossierPackage => ({
  id: r.id,
  caseId: r.case_id,
  version: r.version,
  recipientCode: r.recipient_code,
  purpose: r.purpose,
  dir: r.dir,
  manifestSha256: r.manifest_sha256,
  manifestSm3: r.manifest_sm3,
  fileCount: r.file_count,
  totalBytes: Number(r.total_bytes),
  createdBy: r.created_by,
  createdAt: r.created_at,
  requestId: r.request_id,
  forTransfer: r.for_transfer,
});
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

// ---- documents
export async function insertDocument(trx: Trx, d: CaseDocument): Promise<void> {
  await trx('case_documents').insert({
    id: d.id,
    case_id: d.caseId,
    title: d.title,
    original_name: d.originalName,
    file: d.file,
    media_type: d.mediaType,
    bytes: d.bytes,
    sha256: d.sha256,
    sm3: d.sm3,
    origin: d.origin,
    uploaded_by: d.uploadedBy,
    uploaded_at: d.uploadedAt,
  });
}
export async function documentsOfCase(q: Q, caseId: string): Promise<CaseDocument[]> {
  return ((await q('case_documents').where({ case_id: caseId }).orderBy('uploaded_at')) as Row[]).map(toDocument);
}
export async function findDocument(q: Q, id: string): Promise<CaseDocument | null> {
  const r = await q('case_documents').where({ id }).first();
  return r ? toDocument(r) : null;
}

// ---- what a case file is made of (other domains' tables, read only)
export type SessionFacts = { id: string; type: SessionType; title: string; createdBy: string; liveAt: Date | null; endedAt: Date | null };
export async function sessionsOfCase(q: Q, caseId: string): Promise<SessionFacts[]> {
  const rows = (await q('sessions').where({ case_id: caseId }).whereNot('state', 'cancelled').orderBy('starts_at')) as Row[];
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    title: r.title ?? '',
    createdBy: r.created_by,
    liveAt: r.live_at ?? null,
    endedAt: r.ended_at ?? null,
  }));
}
export async function userNames(q: Q, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = (await q('users')
    .whereIn('id', [...new Set(ids)])
    .select('id', 'display_name')) as Row[];
  return new Map(rows.map((r) => [r.id as string, r.display_name as string]));
}
export async function agencyByCode(q: Q, code: string): Promise<{ id: string; code: string; name: string; kind: string } | null> {
  const r = await q('agencies').where({ code }).first('id', 'code', 'name', 'kind');
  return (r as { id: string; code: string; name: string; kind: string } | undefined) ?? null;
}
export async function agencyById(q: Q, id: string): Promise<{ id: string; code: string; name: string; kind: string } | null> {
  const r = await q('agencies').where({ id }).first('id', 'code', 'name', 'kind');
  return (r as { id: string; code: string; name: string; kind: string } | undefined) ?? null;
}
export type AuditFacts = {
  id: string;
  at: Date;
  actorUserId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  outcome: string;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
  agencyId: string | null;
};
/** Audit entries about any of the given objects, oldest first. */
export async function auditOf(q: Q, objectIds: string[], limit = 100_000): Promise<AuditFacts[]> {
  if (objectIds.length === 0) return [];
  const rows = (await q('audit_entries').whereIn('object_id', objectIds).orderBy('id').limit(limit)) as Row[];
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at,
    actorUserId: r.actor_user_id,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    outcome: r.outcome,
    detail: r.detail,
    prevHash: r.prev_hash,
    hash: r.hash,
    agencyId: r.agency_id,
  }));
}

// ---- packages, outbox, receipts (sender)
export async function lockCase(trx: Trx, caseId: string): Promise<void> {
  await trx('cases').where({ id: caseId }).forUpdate().first('id');
}
export async function nextPackageVersion(q: Q, caseId: string): Promise<number> {
  const r = (await q('dossier_packages').where({ case_id: caseId }).max('version as v').first()) as { v: number | null } | undefined;
  return (r?.v ?? 0) + 1;
}
export async function insertPackage(trx: Trx, p: DossierPackage): Promise<void> {
  await trx('dossier_packages').insert({
    id: p.id,
    case_id: p.caseId,
    version: p.version,
    recipient_code: p.recipientCode,
    purpose: p.purpose,
    dir: p.dir,
    manifest_sha256: p.manifestSha256,
    manifest_sm3: p.manifestSm3,
    file_count: p.fileCount,
    total_bytes: p.totalBytes,
    created_by: p.createdBy,
    created_at: p.createdAt,
    request_id: p.requestId,
    for_transfer: p.forTransfer,
  });
}
export async function findPackage(q: Q, id: string): Promise<DossierPackage | null> {
  const r = await q('dossier_packages').where({ id }).first();
  return r ? toPackage(r) : null;
}
export async function packageByRequest(q: Q, requestId: string): Promise<DossierPackage | null> {
  const r = await q('dossier_packages').where({ request_id: requestId }).first();
  return r ? toPackage(r) : null;
}
export async function packagesOfCase(q: Q, caseId: string): Promise<DossierPackage[]> {
  return ((await q('dossier_packages').where({ case_id: caseId }).orderBy('version')) as Row[]).map(toPackage);
}
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
export async function nextDue(q: Q): Promise<Date | null> {
  const r = (await q('dossier_outbox').where({ state: 'pending' }).min('next_attempt_at as t').first()) as { t: Date | null } | undefined;
  return r?.t ?? null;
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
export async function countReceipts(q: Q, packageId: string): Promise<number> {
  const r = (await q('dossier_receipts').where({ package_id: packageId }).count('* as n').first()) as { n: string } | undefined;
  return Number(r?.n ?? 0);
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
export async function countReceived(q: Q, senderCode: string, packageId: string): Promise<number> {
  const r = (await q('received_dossiers').where({ sender_code: senderCode, package_id: packageId }).count('* as n').first()) as
    | { n: string }
    | undefined;
  return Number(r?.n ?? 0);
}
export type { Purpose };
