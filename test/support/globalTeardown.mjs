import fs from 'node:fs';

export default async function globalTeardown() {
  const h = globalThis.__HEARING_PG__;
  if (!h) return;
  await h.pg.stop();
  fs.rmSync(h.dir, { recursive: true, force: true });
  globalThis.__HEARING_PG__ = undefined;
}
