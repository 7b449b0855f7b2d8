import { config } from '../config';
import { migrateWithOwner } from '../db/db';
import { startEmbeddedPostgres } from '../db/embeddedPostgres';

/** `hearing migrate`: applies pending migrations to DATABASE_URL or the embedded database. */
export async function runMigrate(): Promise<number> {
  const pg = config.db.url ? null : await startEmbeddedPostgres({ dataDir: config.db.embeddedDir, port: config.db.embeddedPort });
  try {
    const applied = await migrateWithOwner(config.db.url ?? (pg as { url: string }).url);
    console.log(applied.length ? `applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'database is up to date');
    return 0;
  } finally {
    await pg?.stop();
  }
}
