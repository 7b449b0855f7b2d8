import type { Db, Trx } from '../db/db';
import type { AuditEntry } from './audit.types';

type AuditEntryRow = {
  id: string;
  at: Date;
  actor_user_id: string | null;
  agency_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  outcome: AuditEntry['outcome'];
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
};

const toEntry = (r: AuditEntryRow): AuditEntry => ({
  id: String(r.id),
  at: r.at,
  actorUserId: r.actor_user_id,
  agencyId: r.agency_id,
  action: r.action,
  objectType: r.object_type,
  objectId: r.object_id,
  outcome: r.outcome,
  detail: r.detail,
  prevHash: r.prev_hash,
  hash: r.hash,
});

// NOTE: one chain for the whole database; the transaction-scoped advisory lock makes concurrent
// writers take turns, so each entry links to the one committed before it.
export async function lockChain(trx: Trx): Promise<void> {
  await trx.raw("SELECT pg_advisory_xact_lock(hashtext('audit_entries_chain'))");
}

export async function findHead(trx: Trx): Promise<string | null> {
  const row = await trx('audit_entries').select('hash').orderBy('id', 'desc').first();
  return row ? (row.hash as string) : null;
}

export async function insert(trx: Trx, e: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
  const [row] = await trx('audit_entries')
    .insert({
      at: e.at,
      actor_user_id: e.actorUserId,
      agency_id: e.agencyId,
      action: e.action,
      object_type: e.objectType,
      object_id: e.objectId,
      outcome: e.outcome,
      detail: JSON.stringify(e.detail),
      prev_hash: e.prevHash,
      hash: e.hash,
    })
    .returning('*');
  return toEntry(row as AuditEntryRow);
}

export async function findAll(db: Db | Trx, afterId = '0', limit = 1000): Promise<AuditEntry[]> {
  const rows = await db('audit_entries').where('id', '>', afterId).orderBy('id').limit(limit);
  return (rows as AuditEntryRow[]).map(toEntry);
}
