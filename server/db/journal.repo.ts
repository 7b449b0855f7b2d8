// SQL for the ids of durable writes already applied (journal_applied).
import type { Trx } from './db';

/** Takes the entry's id for this transaction; false when it was applied before (a replay). */
export async function claimEntry(trx: Trx, e: { id: string; kind: string; occurredAt: string }): Promise<boolean> {
  const rows = await trx('journal_applied')
    .insert({ entry_id: e.id, kind: e.kind, occurred_at: e.occurredAt })
    .onConflict('entry_id')
    .ignore()
    .returning('entry_id');
  return rows.length === 1;
}
