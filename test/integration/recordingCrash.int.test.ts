// kill -9 of the whole server while a live session is being recorded: the next start registers
// every complete segment with its hash, salvages the one being written, marks the recording
// INTERRUPTED with the chain intact, seals it, and interrupts the session. At most the last
// segment's media is lost.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CRASH_REASON } from '../../server/recording/recording.recovery';
import { verifyRecording } from '../../server/recording/recording.verify';
import { buildSession, buildUser } from '../support/factories';
import { startTestServer, TEST_SIGNER, TEST_SIGNING_KEY_PEM, waitFor, type TestServer } from '../support/testServer';

let first: TestServer;
let restarted: TestServer | undefined;
beforeAll(async () => {
  first = await startTestServer();
});
afterAll(async () => {
  await restarted?.close();
  await first.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SEGMENT_SECONDS = 1;
/** The crashed platform and the one that starts after it are one installation (one instance id). */
const INSTANCE = `crash-${process.pid}`;

it('recovers a recording cut off by kill -9 of the server: INTERRUPTED, complete segments kept, the chain intact', async () => {
  const inv = await buildUser(first.db, 'investigator');
  const session = await buildSession(first.db, inv, []);
  await first.db('sessions').where({ id: session.id }).update({ state: 'live', live_at: new Date() });
  const detainee = session.participants.find((p) => p.sessionRole === 'detainee')!;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-rec-'));

  const child = spawn(
    process.execPath,
    [
      path.join(__dirname, '..', 'support', 'recordingChild.cjs'),
      JSON.stringify({
        databaseUrl: process.env.TEST_DATABASE_URL,
        root,
        sessionId: session.id,
        participantId: detainee.id,
        privateKeyPem: TEST_SIGNING_KEY_PEM,
        segmentSeconds: SEGMENT_SECONDS,
        rtcBasePort: 39500 + (process.pid % 200),
        instanceId: INSTANCE,
      }),
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error' } },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  let killedAt = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        if (c.toString().includes('"ready":true')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before it was ready: ${stderr}`)));
    });
    // Wait until both tracks have registered segments, then let it run a little into the next one.
    await waitFor(async () => {
      const rows = await first
        .db('recording_segments as g')
        .join('recording_tracks as t', 't.id', 'g.track_id')
        .join('recordings as r', 'r.id', 't.recording_id')
        .where('r.session_id', session.id)
        .groupBy('t.source')
        .select('t.source')
        .count('* as n');
      return rows.length === 2 && rows.every((r) => Number(r.n) >= 3);
    }, 30_000);
    await sleep(1500);
    killedAt = Date.now();
    process.kill(child.pid!, 'SIGKILL');
    await exited;
  } finally {
    // NOTE: then the rest of its process group (media worker, camera, recorders), as a power cut would.
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  await sleep(500);

  const [rec] = await first.db('recordings').where({ session_id: session.id });
  expect(rec.state).toBe('recording');
  const dir = path.join(root, rec.dir);
  const onDisk = fs.readdirSync(dir).filter((f) => f.endsWith('.mkv'));
  const registeredBefore = (
    await first.db('recording_segments as g').join('recording_tracks as t', 't.id', 'g.track_id').where('t.recording_id', rec.id)
  ).length;

  // The restart: recovery runs before the server listens.
  restarted = await startTestServer({ recordingsRoot: root, instanceId: INSTANCE });
  const after = await restarted.db('recordings').where({ id: rec.id }).first();
  expect(after).toMatchObject({ state: 'interrupted', interrupted_reason: CRASH_REASON });
  expect(after.manifest_sha256).toMatch(/^[0-9a-f]{64}$/);
  const segments = await restarted
    .db('recording_segments as g')
    .join('recording_tracks as t', 't.id', 'g.track_id')
    .where('t.recording_id', rec.id)
    .select('g.*', 't.source', 't.seq');
  // Every file the dead process left is registered (none was unreadable), and at least one by the recovery.
  const discarded = await restarted.db('audit_entries').where({ object_id: rec.id, action: 'recording.segment_unreadable' });
  expect(segments.length + discarded.length).toBe(onDisk.length);
  expect(discarded.length).toBeLessThanOrEqual(2);
  expect(segments.length).toBeGreaterThan(registeredBefore);
  expect(segments.filter((s: { salvaged: boolean }) => s.salvaged).length).toBe(segments.length - registeredBefore);

  // The sealed part verifies offline, chain intact; its manifest says INTERRUPTED.
  const verified = await verifyRecording(dir, TEST_SIGNER.publicKeyPem);
  expect(verified.problems).toEqual([]);
  expect(verified).toMatchObject({ ok: true, recordingState: 'interrupted' });

  // At most the last segment's media is lost: each track's recorded media reaches to within a segment (plus ffmpeg's one-second cluster) of the kill.
  for (const source of ['camera', 'microphone']) {
    const own = segments
      .filter((s: { source: string }) => s.source === source)
      .sort((a: { idx: number }, b: { idx: number }) => a.idx - b.idx);
    const recordedMs = own[own.length - 1].media_end_ms - own[0].media_start_ms;
    const wallMs = killedAt - own[0].started_at.getTime();
    expect(wallMs - recordedMs).toBeLessThan(SEGMENT_SECONDS * 1000 + 1500);
  }

  // Questioning stops: the session left live is interrupted by the system, on the record.
  const s = await restarted.db('sessions').where({ id: session.id }).first();
  expect(s.state).toBe('interrupted');
  const ev = await restarted.db('session_events').where({ session_id: session.id, kind: 'interrupted' }).first();
  expect(ev.data).toMatchObject({ reason: CRASH_REASON, by: 'system' });
  const trail = (await restarted.db('audit_entries').where({ object_id: rec.id })).map((e: { action: string }) => e.action);
  expect(trail).toEqual(expect.arrayContaining(['recording.started', 'recording.segment', 'recording.interrupted', 'recording.sealed']));
});
