// Starts one throwaway embedded Postgres (the same code `hearing start` uses, from dist/) for the
// whole run; each test file migrates it and builds its own uniquely named data.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

export default async function globalSetup() {
  if (globalThis.__HEARING_PG__) return;
  if (process.env.TEST_DATABASE_URL) return;
  const { startEmbeddedPostgres } = require('../../dist/server/db/embeddedPostgres.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearing-test-pg-'));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
  globalThis.__HEARING_PG__ = { pg, dir };
  process.env.TEST_DATABASE_URL = pg.url;
}
