// Two platform instances on one database: the second one's start-up recovery must not take (cut,
// seal) the part the first one is still writing, and only the writer of a part can register its
// segments or record into it; a part whose writer stopped renewing its lease is recovered.
import { randomUUID } from 'node:crypto';
import { startPart, registerSegment } from '../../server/recording/recording.service';
import { recoverRecordings } from '../../server/recording/recording.recovery';
import { verifyRecording } from '../../server/recording/recording.verify';
import * as recordingRepo from '../../server/recording/recording.repo';
import { buildSession, buildUser } from '../support/factories';
import { rtpCamera } from '../support/rtpCamera';
import { startTestServer, TEST_SIGNER, waitFor, type TestServer } from '../support/testServer';

let a: TestServer;
let b: TestServer | undefined;
beforeAll(async () => {
  a = await startTestServer({ segmentSeconds: 1, instanceId: `node-a-${randomUUID().slice(0, 6)}` });
});
afterAll(async () => {
  await b?.close();
  await a.close();
});

const segmentCount = async (recordingId: string) =>
  Number(
    (
      await a
        .db('recording_segments as g')
        .join('recording_tracks as t', 't.id', 'g.track_id')
        .where('t.recording_id', recordingId)
        .count('* as n')
        .first()
    )?.n ?? 0,
  );

it('leaves a part another live instance writes alone at start-up, and lets only its writer register segments', async () => {
  const inv = await buildUser(a.db, 'investigator');
  const session = await buildSession(a.db, inv, []);
  await a.db('sessions').where({ id: session.id }).update({ state: 'live', live_at: new Date() });
  const detainee = session.participants.find((p) => p.sessionRole === 'detainee')!;
  const room = await a.media.ensureRoom(session.id, { recording: 'mandatory' });
  room.addPeer(detainee.id);
  const cam = await rtpCamera(room, detainee.id, { seconds: 40, gop: 25, ssrc: 43333333 });
  try {
    const rec = await waitFor(async () => (await a.db('recordings').where({ session_id: session.id, state: 'recording' }).first()) ?? null);
    await waitFor(async () => (await segmentCount(rec.id)) >= 2, 15_000);
    expect(rec.owner_instance).toMatch(/^node-a-/);

    // A second instance starts on the same database: its recovery leaves A's part as it is.
    b = await startTestServer({ instanceId: `node-b-${randomUUID().slice(0, 6)}` });
    const after = await a.db('recordings').where({ id: rec.id }).first();
    expect(after).toMatchObject({ state: 'recording', sealed_at: null, owner_instance: rec.owner_instance });
    const before = await segmentCount(rec.id);
    await waitFor(async () => (await segmentCount(rec.id)) >= before + 2, 10_000);

    // Only the writer records into the part or registers its segments.
    const part = (await recordingRepo.findRecording(b.db, rec.id))!;
    const [track] = await recordingRepo.tracksOf(b.db, rec.id);
    await expect(
      startPart(b.db, session.id, { sessionLive: true, writer: { instanceId: 'node-b', leaseMs: 30_000 } }),
    ).rejects.toMatchObject({
      code: 'invalid_state',
      message: expect.stringContaining(`written by instance ${rec.owner_instance}`),
    });
    const last = (await recordingRepo.lastSegment(b.db, track!.id))!;
    await expect(
      registerSegment(
        b.db,
        part,
        track!,
        {
          index: last.index + 1000,
          file: 'forged.mkv',
          bytes: 1,
          sha256: '0'.repeat(64),
          sm3: '0'.repeat(64),
          run: 1,
          mediaStartMs: 0,
          mediaEndMs: 1,
          startedAt: new Date(),
          endedAt: new Date(),
        },
        'node-b',
      ),
    ).rejects.toMatchObject({ code: 'invalid_state' });

    await a.recordings.finish(session.id);
  } finally {
    await cam.stop();
  }
  const [rec] = await a.db('recordings').where({ session_id: session.id });
  expect(rec.state).toBe('complete');
  expect(await a.db('recording_segments').where({ file: 'forged.mkv' })).toEqual([]);
  const verified = await verifyRecording(`${a.recordings.root}/${rec.dir}`, TEST_SIGNER.publicKeyPem);
  expect(verified.problems).toEqual([]);
});

it("recovers a part whose writer's lease ran out", async () => {
  const inv = await buildUser(a.db, 'investigator');
  const session = await buildSession(a.db, inv, []);
  const gone = `node-gone-${randomUUID().slice(0, 6)}`;
  const rec = await startPart(a.db, session.id, { sessionLive: false, writer: { instanceId: gone, leaseMs: 30_000 } });
  // Still leased: not taken.
  expect(await recoverRecordings(a.db, a.recordings.root, TEST_SIGNER, 'node-c')).not.toContainEqual(
    expect.objectContaining({ recordingId: rec.id }),
  );
  await a
    .db('recordings')
    .where({ id: rec.id })
    .update({ lease_expires_at: new Date(Date.now() - 1000) });
  const reports = await recoverRecordings(a.db, a.recordings.root, TEST_SIGNER, 'node-c');
  expect(reports).toContainEqual(expect.objectContaining({ recordingId: rec.id }));
  expect(await a.db('recordings').where({ id: rec.id }).first()).toMatchObject({ state: 'interrupted', owner_instance: 'node-c' });
});
