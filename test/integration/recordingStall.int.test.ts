// Media that stops without its recorder dying: the custody room's camera keeps sending but the
// link drops every packet for 10 s (a UDP gate on loopback). The recorder notices that a
// continuous source went silent, the gap is recorded with its cause and times while it happens,
// closes when media flows again, and the sealed manifest lists it; the sound, which kept flowing,
// has no gap. Sparse sources are marked as such in the manifest.
import fs from 'node:fs';
import path from 'node:path';
import { verifyRecording } from '../../server/recording/recording.verify';
import { buildSession, buildUser } from '../support/factories';
import { rtpCamera } from '../support/rtpCamera';
import { startTestServer, TEST_SIGNER, waitFor, type TestServer } from '../support/testServer';
import { udpGate, type UdpGate } from '../support/udpGate';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ segmentSeconds: 2 });
});
afterAll(async () => {
  await server.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('records a gap of about 10 s, with its cause, when a camera sends nothing for 10 s mid-recording', async () => {
  const inv = await buildUser(server.db, 'investigator');
  const session = await buildSession(server.db, inv, []);
  const detainee = session.participants.find((p) => p.sessionRole === 'detainee')!;
  const room = await server.media.ensureRoom(session.id, { recording: 'mandatory' });
  room.addPeer(detainee.id);
  let gate: UdpGate | undefined;
  const cam = await rtpCamera(room, detainee.id, {
    seconds: 60,
    gop: 25,
    ssrc: 41111111,
    via: {
      video: async (ingest) => {
        gate = await udpGate(ingest);
        return gate;
      },
    },
  });
  let withheldAt = 0;
  let restoredAt = 0;
  let gapSeenWhileWithheld: { detected_cause: string; ended_at: Date | null } | undefined;
  try {
    await waitFor(async () => server.recordings.recorderPids(session.id).length === 2, 15_000);
    await sleep(4000);
    gate!.close(true);
    withheldAt = Date.now();
    await sleep(10_000);
    // The gap is on record while the camera is still silent (the host's panel shows it).
    gapSeenWhileWithheld = await server
      .db('recording_gaps as g')
      .join('recordings as r', 'r.id', 'g.recording_id')
      .where('r.session_id', session.id)
      .first('g.detected_cause', 'g.ended_at');
    gate!.close(false);
    restoredAt = Date.now();
    await sleep(5000);
    await server.recordings.finish(session.id);
  } finally {
    await cam.stop();
    await gate?.stop();
  }
  expect(gate!.dropped()).toBeGreaterThan(100);
  expect(gapSeenWhileWithheld).toMatchObject({
    detected_cause: expect.stringMatching(/^media_stalled \(no packets for \d+\.\d s\)$/),
    ended_at: null,
  });

  const [rec] = await server.db('recordings').where({ session_id: session.id });
  const tracks = await server.db('recording_tracks').where({ recording_id: rec.id });
  const camera = tracks.find((t: { source: string }) => t.source === 'camera');
  const gaps = await server.db('recording_gaps').where({ recording_id: rec.id });
  expect(gaps).toHaveLength(1);
  const [gap] = gaps;
  expect(gap.track_id).toBe(camera.id);
  const seconds = (gap.ended_at.getTime() - gap.started_at.getTime()) / 1000;
  // NOTE: the gap runs from the last time the SFU's packet count for the recorder grew to the first
  // time it grew again (polled every 500 ms), so it covers the 10 s and at most about a second more.
  expect({ seconds, ok: seconds >= 9.5 && seconds <= 12.5 }).toMatchObject({ ok: true });
  expect(gap.started_at.getTime()).toBeLessThanOrEqual(withheldAt + 500);
  expect(Math.abs(gap.ended_at.getTime() - restoredAt)).toBeLessThan(1500);
  const actions = (
    await server
      .db('audit_entries')
      .where({ object_type: 'recording', object_id: rec.id })
      .whereIn('action', ['recording.gap_opened', 'recording.gap_closed'])
  ).map((a: { action: string; detail: { gapId: string } }) => `${a.action}:${a.detail.gapId === gap.id}`);
  expect(actions.sort()).toEqual(['recording.gap_closed:true', 'recording.gap_opened:true']);

  // The sealed manifest lists the gap on the camera track, says both tracks are continuous, and verifies.
  const dir = path.join(server.recordings.root, rec.dir);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const camSeq = manifest.tracks.find((t: { source: string }) => t.source === 'camera').seq;
  expect(manifest.tracks.map((t: { source: string; continuous: boolean }) => [t.source, t.continuous]).sort()).toEqual([
    ['camera', true],
    ['microphone', true],
  ]);
  expect(manifest.gaps).toEqual([
    expect.objectContaining({ track: camSeq, detectedCause: gap.detected_cause, endedAt: gap.ended_at.toISOString() }),
  ]);
  expect((await verifyRecording(dir, TEST_SIGNER.publicKeyPem)).problems).toEqual([]);
});

it('marks the evidence display as a sparse source and records no gap while its picture does not change', async () => {
  const inv = await buildUser(server.db, 'investigator');
  const session = await buildSession(server.db, inv, []);
  const host = session.participants.find((p) => p.sessionRole === 'investigator')!;
  const room = await server.media.ensureRoom(session.id, { recording: 'mandatory' });
  room.addPeer(host.id);
  const evidence = await room.createRtpIngest(host.id, {
    kind: 'video',
    source: 'evidence',
    mimeType: 'video/VP8',
    clockRate: 90000,
    payloadType: 101,
    ssrc: 51111111,
  });
  // A still picture: one frame every 6 s, more than the stall bound apart.
  const { spawn } = await import('node:child_process');
  const ff = spawn('ffmpeg', [
    '-loglevel',
    'error',
    '-re',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=640x360:rate=1/6',
    '-t',
    '20',
    '-c:v',
    'libvpx',
    '-g',
    '1',
    '-f',
    'rtp',
    '-payload_type',
    '101',
    '-ssrc',
    '51111111',
    `rtp://127.0.0.1:${evidence.port}?rtcpport=${evidence.rtcpPort}`,
  ]);
  const done = new Promise<void>((r) => ff.on('close', () => r()));
  try {
    await waitFor(async () => server.recordings.recorderPids(session.id).length === 1, 15_000);
    await sleep(14_000);
    await server.recordings.finish(session.id);
  } finally {
    ff.kill('SIGINT');
    await done;
  }
  const [rec] = await server.db('recordings').where({ session_id: session.id });
  expect(await server.db('recording_gaps').where({ recording_id: rec.id })).toEqual([]);
  const manifest = JSON.parse(fs.readFileSync(path.join(server.recordings.root, rec.dir, 'manifest.json'), 'utf8'));
  expect(manifest.tracks).toEqual([expect.objectContaining({ source: 'evidence', continuous: false })]);
  expect(manifest.tracks[0].segments.length).toBeGreaterThanOrEqual(1);
});

it('records a recorder_not_writing gap while the recorder receives media but writes nothing, closed once it writes again', async () => {
  const inv = await buildUser(server.db, 'investigator');
  const session = await buildSession(server.db, inv, []);
  const detainee = session.participants.find((p) => p.sessionRole === 'detainee')!;
  const room = await server.media.ensureRoom(session.id, { recording: 'mandatory' });
  room.addPeer(detainee.id);
  const cam = await rtpCamera(room, detainee.id, { seconds: 60, gop: 25, ssrc: 61111111 });
  let seenWhileStopped: { detected_cause: string; ended_at: Date | null } | undefined;
  try {
    await waitFor(async () => server.recordings.recorderPids(session.id).length === 2, 15_000);
    await sleep(3000);
    const stuck = server.recordings.recorderPids(session.id).find((r) => r.source === 'camera')!;
    // A stopped ffmpeg: the SFU keeps forwarding packets to it, nothing is written.
    process.kill(stuck.pid, 'SIGSTOP');
    try {
      seenWhileStopped = await waitFor(
        async () =>
          server
            .db('recording_gaps as g')
            .join('recordings as r', 'r.id', 'g.recording_id')
            .where('r.session_id', session.id)
            .first('g.detected_cause', 'g.ended_at'),
        12_000,
      );
    } finally {
      process.kill(stuck.pid, 'SIGCONT');
    }
    await sleep(4000);
    await server.recordings.finish(session.id);
  } finally {
    await cam.stop();
  }
  expect(seenWhileStopped).toMatchObject({ detected_cause: expect.stringMatching(/^recorder_not_writing/), ended_at: null });
  const [rec] = await server.db('recordings').where({ session_id: session.id });
  const gaps = await server.db('recording_gaps').where({ recording_id: rec.id });
  expect(gaps).toEqual([expect.objectContaining({ detected_cause: expect.stringMatching(/^recorder_not_writing/) })]);
  expect(gaps[0].ended_at).not.toBeNull();
  const dir = path.join(server.recordings.root, rec.dir);
  expect((await verifyRecording(dir, TEST_SIGNER.publicKeyPem)).problems).toEqual([]);
});
