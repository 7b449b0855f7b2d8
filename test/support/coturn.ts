// Debian's coturn for the tests: REST credentials (use-auth-secret) on a loopback port of the
// test's own. Loopback peers are allowed here only because the SFU under test listens on
// 127.0.0.1; deploy/turnserver.conf denies them (and private ranges) in production.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export type Coturn = { url: string; secret: string; stop(): Promise<void> };

export async function startCoturn(port: number): Promise<Coturn> {
  const secret = randomBytes(16).toString('hex');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearing-coturn-'));
  const log = path.join(dir, 'turn.log');
  const child: ChildProcess = spawn(
    'turnserver',
    [
      '-n',
      '--listening-ip=127.0.0.1',
      `--listening-port=${port}`,
      '--relay-ip=127.0.0.1',
      `--min-port=${port + 1}`,
      `--max-port=${port + 200}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=hearing.test',
      '--fingerprint',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--allow-loopback-peers',
      `--userdb=${path.join(dir, 'turndb')}`,
      `--pidfile=${path.join(dir, 'turn.pid')}`,
      `--log-file=${log}`,
      '--simple-log',
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  // NOTE: ready once the log says its servers are created (the listeners open with them).
  while (!(fs.existsSync(log) && /Total General servers/.test(fs.readFileSync(log, 'utf8')))) {
    if (child.exitCode !== null) throw new Error(`turnserver exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('turnserver did not start in 10 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    secret,
    stop: async () => {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
