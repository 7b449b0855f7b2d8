import type { Db, Trx } from '../db/db';
import { journalKind } from '../db/journal';
import { GENESIS_HASH, hashAuditEntry } from './audit.hash';
import * as repo from './audit.repo';
import type { AuditEntry, AuditInput } from './audit.types';

/** Appends one entry to the audit chain inside the caller's transaction. */
export async function record(trx: Trx, input: AuditInput): Promise<AuditEntry> {
  await repo.lockChain(trx);
  const prevHash = (await repo.findHead(trx)) ?? GENESIS_HASH;
  // NOTE: JS dates carry milliseconds, which timestamptz stores exactly, so the hash re-computes.
  const at = new Date();
  const entry = {
    at,
    actorUserId: input.actorUserId,
    agencyId: input.agencyId,
    action: input.action,
    objectType: input.objectType,
    objectId: input.objectId,
    outcome: input.outcome,
    detail: input.detail ?? {},
    prevHash,
  };
  return repo.insert(trx, { ...entry, hash: hashAuditEntry(entry) });
}

// NOTE: an entry replayed from the journal is chained when it is applied and says when it happened.
const standalone = journalKind<AuditInput>('audit.entry', async (trx, input, meta) => {
  await record(trx, meta.replayed ? { ...input, detail: { ...input.detail, occurredAt: meta.occurredAt.toISOString() } } : input);
});

/**
 * Records an entry in a transaction of its own (for events that change nothing else). Durable:
 * while the database is away it is journaled and chained, in order, when it returns.
 */
export async function recordAlone(db: Db, input: AuditInput): Promise<void> {
  await standalone.write(db, input);
}

export type ChainBreak = { id: string; reason: 'hash_mismatch' | 'prev_hash_mismatch' };

/** Walks the whole chain and names the first entry that does not match. */
export async function verifyChain(db: Db): Promise<{ checked: number; firstBreak: ChainBreak | null }> {
  let prev = GENESIS_HASH;
  let after = '0';
  let checked = 0;
  for (;;) {
    const batch = await repo.findAll(db, after, 1000);
    if (batch.length === 0) return { checked, firstBreak: null };
    for (const e of batch) {
      checked += 1;
      if (e.prevHash !== prev) return { checked, firstBreak: { id: e.id, reason: 'prev_hash_mismatch' } };
      const { id: _id, hash, ...rest } = e;
      if (hashAuditEntry(rest) !== hash) return { checked, firstBreak: { id: e.id, reason: 'hash_mismatch' } };
      prev = hash;
      after = e.id;
    }
  }
}
