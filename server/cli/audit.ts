// `hearing verify audit` and `hearing audit export`: walk the chain / write it as CSV, against
// DATABASE_URL or the embedded database.
import fs from 'node:fs';
import { exportCsv } from '../audit';
import { verifyChain } from '../audit';
import { config } from '../config';
import { connectDb, type Db } from '../db/db';
import { startEmbeddedPostgres } from '../db/embeddedPostgres';

async function withDb<T>(url: string | undefined, fn: (db: Db) => Promise<T>): Promise<T> {
  const target = url ?? config.db.url;
  const pg = target ? null : await startEmbeddedPostgres({ dataDir: config.db.embeddedDir, port: config.db.embeddedPort });
  const db = connectDb(target ?? (pg as { url: string }).url, { max: 2, asAppRole: true });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
    await pg?.stop();
  }
}

/** Exit code 0 when the chain is intact, 1 naming the first broken entry. */
export async function runVerifyAudit(url: string | undefined): Promise<number> {
  return withDb(url, async (db) => {
    const r = await verifyChain(db);
    if (!r.firstBreak) {
      console.log(`audit chain intact: ${r.checked} entries verified`);
      return 0;
    }
    const why =
      r.firstBreak.reason === 'hash_mismatch'
        ? 'its content does not match its hash (altered)'
        : 'it does not follow the entry before it (an entry was deleted, inserted or reordered)';
    console.log(`audit chain BROKEN at entry ${r.firstBreak.id}: ${why}; ${r.checked} entries checked`);
    return 1;
  });
}

export async function runExportAudit(url: string | undefined, out: string): Promise<number> {
  return withDb(url, async (db) => {
    const n = await exportCsv(db, fs.createWriteStream(out));
    console.log(`wrote ${n} audit entries to ${out}`);
    return 0;
  });
}
