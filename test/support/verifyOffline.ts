// Verifies a session's sealed recording offline with the shipped CLI (`hearing verify <dir>`),
// as an agency receiving it would.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { type TestServer, waitFor } from './testServer';

export async function verifyRecordingOffline(
  server: TestServer,
  recordingsRoot: string,
  sessionId: string,
): Promise<{ status: number | null; stdout: string }> {
  const rec = await waitFor(async () => server.db('recordings').where({ session_id: sessionId }).whereNotNull('sealed_at').first(), 30_000);
  const dir = path.isAbsolute(rec.dir) ? rec.dir : path.join(recordingsRoot, rec.dir);
  const r = spawnSync(process.execPath, [path.resolve(__dirname, '..', '..', 'bin', 'hearing.js'), 'verify', dir], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout };
}
