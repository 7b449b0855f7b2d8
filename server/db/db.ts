// knex connection and migrations. Only *.repo.ts files run queries through it.
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';

export type Db = Knex;
export type Trx = Knex.Transaction;

/** The database role the application runs as: it cannot update or delete audit rows. */
const APP_ROLE = 'hearing_app';

/**
 * Opens a knex pool on a Postgres URL. With `asAppRole` every pooled connection switches to the
 * application role first; the owner connection (without it) is for migrations and operators only.
 */
export function connectDb(url: string, opts: { max?: number; asAppRole?: boolean } = {}): Db {
  const pool: Knex.PoolConfig = { min: 0, max: opts.max ?? 10 };
  if (opts.asAppRole) {
    pool.afterCreate = (
      conn: { query(sql: string, cb: (err: Error | null) => void): void },
      done: (err: Error | null, c: unknown) => void,
    ) => {
      conn.query(`SET ROLE ${APP_ROLE}`, (err) => done(err, conn));
    };
  }
  // NOTE: a database that is away must fail fast (a typed 503, a journaled write): a refused
  // connection fails the waiting query at once, an unanswered one after 3 s. A busy pool is not an
  // outage: a query waits up to 30 s for a free connection.
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, connectionTimeoutMillis: 3000 },
    pool,
    acquireConnectionTimeout: 30_000,
  });
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
async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** Migrates through a short-lived owner connection. */
export async function migrateWithOwner(url: string): Promise<string[]> {
  const owner = connectDb(url, { max: 2 });
  try {
    return await migrateLatest(owner);
  } finally {
    await owner.destroy();
  }
}
