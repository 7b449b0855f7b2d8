// CSV export of the audit chain, hashes included, so an auditor can re-verify it elsewhere.
import { stringify } from 'csv-stringify';
import type { Writable } from 'node:stream';
import type { Db } from '../db/db';
import * as repo from './audit.repo';

const CSV_COLUMNS = [
  'id',
  'at',
  'actor_user_id',
  'agency_id',
  'action',
  'object_type',
  'object_id',
  'outcome',
  'detail',
  'prev_hash',
  'hash',
];

/** Writes every entry with id in (afterId, ...] to `out` as CSV; resolves with the number of rows. */
export async function exportCsv(db: Db, out: Writable): Promise<number> {
  const csv = stringify({ header: true, columns: CSV_COLUMNS });
  csv.pipe(out);
  let after = '0';
  let n = 0;
  for (;;) {
    const batch = await repo.findAll(db, after, 1000);
    if (batch.length === 0) break;
    for (const e of batch) {
      csv.write([
        e.id,
        e.at.toISOString(),
        e.actorUserId ?? '',
        e.agencyId ?? '',
        e.action,
        e.objectType,
        e.objectId ?? '',
        e.outcome,
        JSON.stringify(e.detail),
        e.prevHash,
        e.hash,
      ]);
      n += 1;
      after = e.id;
    }
  }
  await new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
    csv.end();
  });
  return n;
}
