// SQL for documents and packages, plus the read-only lookups a case file is assembled from (sessions,
// sealed recordings, final records, audit). Transfers (outbox, receipts, received dossiers) are in
// dossiers.transfer.repo.ts, re-exported here.
import type { SessionType } from '../vocabulary';
import type { Db, Trx } from '../db/db';
import type { CaseDocument, DossierPackage } from './dossiers.types';

export * from './dossiers.transfer.repo';

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
