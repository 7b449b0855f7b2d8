// Postgres stopped for 60 s under a live recorded session, then started again. The platform runs in
// a process of its own (as in production) on a Postgres of this test's own. While the database is
// away the process stays up, the camera and microphone are still recorded, the API answers a typed
// 503 `unavailable`, and the segments, gaps, audit entries and telemetry of that time go to the
// local journal. When Postgres is back the journal is replayed in order, once: every segment file
// is registered, the chain and the sealed manifest verify, the audit chain verifies, nothing twice.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { verifyChain } from '../../server/audit';
import { connectDb, type Db, migrateWithOwner } from '../../server/db/db';
import { verifyRecording } from '../../server/recording/recording.verify';
import { useSensitiveKey } from '../../server/security/sensitive';
import { buildSession, buildUser } from '../support/factories';
import { TEST_SIGNER, TEST_SIGNING_KEY_PEM, waitFor } from '../support/testServer';

const OUTAGE_MS = 60_000;
const SEGMENT_SECONDS = 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
/** The pid of the child's recorder (an ffmpeg reading an SDP file) for segment prefix `prefix`. */
function recorderOf(parent: number, prefix: string): number {
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (ppid === parent && cmd.includes('ffmpeg') && cmd.includes(`${prefix}-`) && cmd.includes('.sdp')) return Number(d);
    } catch {
      /* gone */
    }
  }
  throw new Error(`no recorder ${prefix} under process ${parent}`);
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Postgres in a process of its own (test/support/pgChild.mjs): started, stopped and started again. */
async function startPostgres(o: { dataDir: string; port: number }): Promise<{ url: string; stop(): Promise<void> }> {
  const p = spawn(process.execPath, [path.join(__dirname, '..', 'support', 'pgChild.mjs'), JSON.stringify(o)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'error' },
  });
  let err = '';
  p.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<void>((r) => p.on('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.includes('"ready":true'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    p.on('exit', (code) => reject(new Error(`postgres helper exited (${code}): ${err}`)));
  });
  return {
    url,
    stop: async () => {
      p.kill('SIGTERM');
      await exited;
    },
  };
}

let pg: { url: string; stop(): Promise<void> } | undefined;
let db: Db;
let child: ChildProcess | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outage-'));
fs.chmodSync(dir, 0o755);
let pgOpts: { dataDir: string; port: number };

beforeAll(async () => {
  pgOpts = { dataDir: path.join(dir, 'pg'), port: await freePort() };
  pg = await startPostgres(pgOpts);
  await migrateWithOwner(pg.url);
  db = connectDb(pg.url, { max: 2, asAppRole: true });
  useSensitiveKey(Buffer.alloc(32, 7));
}, 120_000);
afterAll(async () => {
  if (child?.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  await db?.destroy();
  await pg?.stop();
});

it('keeps recording through a 60 s Postgres outage, answers 503 meanwhile, and replays every write once when it returns', async () => {
  const inv = await buildUser(db, 'investigator');
  const session = await buildSession(db, inv, []);
  await db('sessions').where({ id: session.id }).update({ state: 'live', live_at: new Date() });
  const detainee = session.participants.find((p) => p.sessionRole === 'detainee')!;
  const root = path.join(dir, 'recordings');
  fs.mkdirSync(root);
  const url = pg!.url;

  const proc = spawn(
    process.execPath,
    [
      path.join(__dirname, '..', 'support', 'recordingChild.cjs'),
      JSON.stringify({
        databaseUrl: url,
        root,
        sessionId: session.id,
        participantId: detainee.id,
        privateKeyPem: TEST_SIGNING_KEY_PEM,
        segmentSeconds: SEGMENT_SECONDS,
        rtcBasePort: 38500 + (process.pid % 200),
        instanceId: `outage-${process.pid}`,
      }),
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error' } },
  );
  child = proc;
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((r) =>
    proc.on('exit', (code) => {
      exitCode = code;
      r();
    }),
  );
  const ready = await new Promise<{ pid: number; url: string }>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.includes('"ready":true'));
      if (line) resolve(JSON.parse(line));
    });
    proc.on('exit', (code) => reject(new Error(`child exited (${code}) before it was ready: ${stderr}`)));
  });

  const segmentsOf = async () =>
    (await db('recording_segments as g')
      .join('recording_tracks as t', 't.id', 'g.track_id')
      .join('recordings as r', 'r.id', 't.recording_id')
      .where('r.session_id', session.id)
      .select('g.*', 't.source')) as { source: string; idx: number; track_id: string; started_at: Date; ended_at: Date; file: string }[];
  await waitFor(async () => {
    const s = await segmentsOf();
    return ['camera', 'microphone'].every((src) => s.filter((x) => x.source === src).length >= 3);
  }, 30_000);

  // The outage.
  await pg!.stop();
  pg = undefined;
  const stoppedAt = Date.now();
  const answers: { status: number; error: string }[] = [];
  // A recorder dies while the database is away: its exit handler cannot read the session, and
  // the process must neither die of it nor lose the gap.
  await sleep(3000);
  const killed = recorderOf(ready.pid, 't01');
  process.kill(killed, 'SIGKILL');
  const killedAt = Date.now();
  while (Date.now() - stoppedAt < OUTAGE_MS) {
    await sleep(10_000);
    const res = await fetch(`${ready.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: inv.username, password: 'whatever-2026' }),
    });
    answers.push({ status: res.status, error: ((await res.json()) as { error: string }).error });
    expect(alive(ready.pid)).toBe(true);
  }
  pg = await startPostgres(pgOpts);
  const restartedAt = Date.now();
  expect(answers.length).toBeGreaterThanOrEqual(5);
  expect(answers.every((a) => a.status === 503 && a.error === 'unavailable')).toBe(true);

  // Back: the journal drains by itself, and recording goes on into the database again.
  await waitFor(async () => {
    const s = await segmentsOf();
    return s.some((x) => x.started_at.getTime() > restartedAt + 2000);
  }, 30_000);
  expect(alive(ready.pid)).toBe(true);
  const replayed = await db('journal_applied')
    .where('occurred_at', '>', new Date(stoppedAt))
    .andWhere('occurred_at', '<', new Date(restartedAt))
    .select('kind');
  const kinds = new Set(replayed.map((r: { kind: string }) => r.kind));
  expect(kinds.has('recording.segment')).toBe(true);
  expect(replayed.filter((r: { kind: string }) => r.kind === 'recording.segment').length).toBeGreaterThanOrEqual(
    2 * (OUTAGE_MS / 1000 / SEGMENT_SECONDS) * 0.8,
  );

  // A clean shutdown seals the part.
  process.kill(ready.pid, 'SIGTERM');
  await exited;
  expect(exitCode).toBe(0);

  const [rec] = await db('recordings').where({ session_id: session.id });
  expect(rec.state).toBe('interrupted');
  const recDir = path.join(root, rec.dir);
  const segments = await segmentsOf();
  const gaps = await db('recording_gaps as g')
    .join('recording_tracks as t', 't.id', 'g.track_id')
    .where('g.recording_id', rec.id)
    .select('g.track_id', 'g.detected_cause', 'g.started_at', 'g.ended_at', 't.seq');
  // Every segment file on disk is registered, each once, in order, with no hole in the indexes.
  const onDisk = fs.readdirSync(recDir).filter((f) => f.endsWith('.mkv'));
  expect(segments.map((s) => s.file).sort()).toEqual(onDisk.sort());
  for (const source of ['camera', 'microphone']) {
    const own = segments.filter((s) => s.source === source).sort((a, b) => a.idx - b.idx);
    expect(own.map((s) => s.idx)).toEqual(own.map((_, i) => own[0]!.idx + i));
    // Media never stopped: across the outage the segments follow each other without a pause.
    let largestPauseMs = 0;
    for (let i = 1; i < own.length; i++) {
      largestPauseMs = Math.max(largestPauseMs, own[i]!.started_at.getTime() - own[i - 1]!.ended_at.getTime());
    }
    // NOTE: the killed recorder's track pauses for its restart (the gap on record), no other.
    expect({ source, largestPauseMs, ok: largestPauseMs < (own[0]!.track_id === gaps[0].track_id ? 5000 : 2500) }).toMatchObject({
      ok: true,
    });
    const covered = own.filter((s) => s.started_at.getTime() > stoppedAt && s.ended_at.getTime() < restartedAt);
    expect(covered.length).toBeGreaterThanOrEqual((OUTAGE_MS / 1000 / SEGMENT_SECONDS) * 0.8);
  }
  // The one gap is the killed recorder's, on record with its cause and closed by the next segment.
  expect(gaps).toHaveLength(1);
  expect(gaps[0]).toMatchObject({ seq: 1, detected_cause: expect.stringMatching(/^recorder_died/) });
  expect(gaps[0].ended_at).not.toBeNull();
  expect(Math.abs(gaps[0].started_at.getTime() - killedAt)).toBeLessThan(3000);
  const verified = await verifyRecording(recDir, TEST_SIGNER.publicKeyPem);
  expect(verified.problems).toEqual([]);
  expect(verified.ok).toBe(true);
  expect(await verifyChain(db)).toMatchObject({ firstBreak: null });
  // Nothing applied twice: one audit entry per registered segment.
  const segmentAudits = await db('audit_entries').where({ object_id: rec.id, action: 'recording.segment' });
  expect(segmentAudits.length).toBe(segments.length);
  expect(fs.existsSync(path.join(root, '.write-journal.jsonl'))).toBe(false);
  expect(fs.existsSync(path.join(root, '.write-journal.jsonl.rejected'))).toBe(false);
}, 240_000);
