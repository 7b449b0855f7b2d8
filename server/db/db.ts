// knex connection and migrations. Only *.repo.ts files run queries through it.
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';

export type Db = Knex;
export type Trx = Knex.Transaction;

/** Opens a knex pool on a Postgres URL. */
export function connectDb(url: string, pool = { min: 0, max: 10 }): Db {
  return knexFactory({ client: 'pg', connection: url, pool });
}

const migrationsDir = path.resolve(__dirname, '..', '..', 'migrations');

// NOTE: a migration source that loads files from migrations/ by their own extension, so the same
// code runs the TypeScript sources under jest and the compiled .js files in dist/.
const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return fs
      .readdirSync(migrationsDir)
      .filter((f) => /^\d{14}_[a-z0-9_]+\.(js|ts)$/.test(f) && !f.endsWith('.d.ts'))
      .map((f) => f.replace(/\.(js|ts)$/, ''))
      .sort();
  },
  getMigrationName: (name) => name,
  async getMigration(name) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(migrationsDir, name)) as Knex.Migration;
  },
};

/** Runs every pending migration; returns the names applied. */
export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}
