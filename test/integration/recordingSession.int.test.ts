// A session's recording end to end, through the real SFU, Debian's ffmpeg and Postgres: every
// producer recorded from the moment it appears; a recorder killed with SIGKILL five times is
// restarted each time and every gap is recorded; the sealed manifest verifies offline; one
// flipped byte or one deleted segment is named by `hearing verify`.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyRecording } from '../../server/recording/recording.verify';
import { buildSession, buildUser } from '../support/factories';
import { rtpCamera } from '../support/rtpCamera';
import { ask, next, startTestServer, TEST_SIGNER, waitFor, type TestServer } from '../support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ segmentSeconds: 2 });
});
afterAll(async () => {
  await server.close();
});

const root = path.resolve(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const packetTimes = (file: string): number[] =>
  execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file])
    .toString()
    .split('\n')
    .filter((x) => x.trim() !== '')
    .map(Number);
const streams = (file: string) =>
  (
    JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', file]).toString()) as {
      streams: { codec_type: string; codec_name: string }[];
    }
  ).streams;

/** The custody room's camera: ffmpeg sends VP8 + Opus RTP as the detainee's producers. */
async function custodyCamera(sessionId: string, participantId: string, seconds: number) {
  const room = await server.media.ensureRoom(sessionId, { recording: 'mandatory' });
  room.addPeer(participantId);
  return { room, ...(await rtpCamera(room, participantId, { seconds, gop: 25, ssrc: 31111111 })) };
}

describe('recording a session', () => {
  let dir = '';
  let recordingId = '';

  it('records from the first producer, survives five recorder kills with recorded gaps, and seals a verifiable manifest', async () => {
    const inv = await buildUser(server.db, 'investigator');
    const session = await buildSession(server.db, inv, []);
    const detainee = session.participants.find((p) => p.sessionRole === 'detainee')!;
    const cam = await custodyCamera(session.id, detainee.id, 90);
    const t0 = Date.now();
    let t1 = 0;
    try {
      await waitFor(async () => server.recordings.recorderPids(session.id).length === 2, 15_000);
      for (let k = 0; k < 5; k += 1) {
        await sleep(2500);
        const before = server.recordings.recorderPids(session.id).find((r) => r.source === 'camera')!;
        process.kill(before.pid, 'SIGKILL');
        await waitFor(async () => {
          const now = server.recordings.recorderPids(session.id).find((r) => r.source === 'camera');
          return now !== undefined && now.pid !== before.pid;
        }, 10_000);
      }
      await sleep(3000);
      const manifestFile = await server.recordings.finish(session.id);
      t1 = Date.now();
      expect(manifestFile).toBeTruthy();
      dir = path.dirname(manifestFile!);
    } finally {
      await cam.stop();
    }

    const [rec] = await server.db('recordings').where({ session_id: session.id });
    recordingId = rec.id;
    expect(rec).toMatchObject({ state: 'complete', part: 1 });
    const tracks = await server.db('recording_tracks').where({ recording_id: rec.id }).orderBy('seq');
    expect(tracks.map((t: { source: string; kind: string }) => `${t.source}/${t.kind}`).sort()).toEqual([
      'camera/video',
      'microphone/audio',
    ]);
    const videoTrack = tracks.find((t: { source: string }) => t.source === 'camera');

    // Five gaps on the camera track, each recorded with its cause and closed within 5 s; none on the sound.
    const gaps = await server.db('recording_gaps').where({ recording_id: rec.id }).orderBy('started_at');
    expect(gaps).toHaveLength(5);
    for (const g of gaps) {
      expect(g.track_id).toBe(videoTrack.id);
      expect(g.detected_cause).toMatch(/^recorder_died \(SIGKILL\)/);
      expect(g.requires_cause).toBe(true);
      expect(g.ended_at).not.toBeNull();
      expect(g.ended_at.getTime() - g.started_at.getTime()).toBeLessThanOrEqual(5000);
    }

    // Each segment is registered with an audit entry; each track's sound covers the time recorded.
    const segments = await server
      .db('recording_segments as g')
      .join('recording_tracks as t', 't.id', 'g.track_id')
      .where('t.recording_id', rec.id)
      .select('g.*', 't.source');
    const audited = await server.db('audit_entries').where({ object_type: 'recording', object_id: rec.id, action: 'recording.segment' });
    expect(audited).toHaveLength(segments.length);
    const audio = segments
      .filter((s: { source: string }) => s.source === 'microphone')
      .sort((a: { idx: number }, b: { idx: number }) => a.idx - b.idx);
    expect(audio.map((s: { idx: number }) => s.idx)).toEqual(audio.map((_: unknown, i: number) => i));
    let audioSeconds = 0;
    for (const s of audio) {
      const t = packetTimes(path.join(dir, s.file));
      audioSeconds += Math.max(...t) - Math.min(...t);
      expect(streams(path.join(dir, s.file)).map((x) => x.codec_name)).toEqual(['opus']);
    }
    expect(Math.abs(audioSeconds - (t1 - t0) / 1000)).toBeLessThan(2.5);
    for (const s of segments.filter((x: { source: string }) => x.source === 'camera')) {
      expect(streams(path.join(dir, s.file)).map((x) => x.codec_name)).toEqual(['vp8']);
    }

    // Sealed: signed manifest, read-only files, the manifest's hash in the audit chain.
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.tracks).toHaveLength(2);
    expect(manifest.gaps).toHaveLength(5);
    expect(fs.statSync(path.join(dir, audio[0].file)).mode & 0o777).toBe(0o444);
    const sealed = await server
      .db('audit_entries')
      .where({ object_type: 'recording', object_id: rec.id, action: 'recording.sealed' })
      .first();
    expect(sealed.detail.manifestSha256).toBe((await server.db('recordings').where({ id: rec.id }).first()).manifest_sha256);
    const verified = await verifyRecording(dir, TEST_SIGNER.publicKeyPem);
    expect(verified.problems).toEqual([]);
    expect(verified).toMatchObject({ ok: true, tracks: 2, keySource: 'given' });
    expect(verified.segments).toBe(segments.length);
  });

  it('names a segment with one flipped byte, a deleted segment as a gap, and a changed manifest', async () => {
    expect(recordingId).not.toBe('');
    const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'key-')), 'agency.pub.pem');
    fs.writeFileSync(keyFile, TEST_SIGNER.publicKeyPem);
    const copy = (): string => {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), 'rec-copy-'));
      for (const f of fs.readdirSync(dir).filter((x) => fs.statSync(path.join(dir, x)).isFile())) {
        fs.copyFileSync(path.join(dir, f), path.join(d, f));
        fs.chmodSync(path.join(d, f), 0o644);
      }
      return d;
    };
    const cli = (target: string) =>
      spawnSync(process.execPath, [path.join(root, 'bin', 'hearing.js'), 'verify', target, '--public-key', keyFile], { encoding: 'utf8' });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const seg = manifest.tracks[0].segments[2];

    const ok = cli(dir);
    expect(ok.stdout).toContain('OK:');
    expect(ok.status).toBe(0);

    const flipped = copy();
    const f = path.join(flipped, seg.file);
    const bytes = fs.readFileSync(f);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0x01;
    fs.writeFileSync(f, bytes);
    const r1 = cli(flipped);
    expect(r1.status).toBe(1);
    expect(r1.stdout).toMatch(
      new RegExp(`FAILED: track ${manifest.tracks[0].seq} .*segment ${seg.index} \\(${seg.file}\\): content changed`),
    );

    const deleted = copy();
    fs.rmSync(path.join(deleted, seg.file));
    const r2 = cli(path.join(deleted, 'manifest.json'));
    expect(r2.status).toBe(1);
    expect(r2.stdout).toMatch(
      new RegExp(`FAILED: .*${seg.file}\\) is missing: a gap in track ${manifest.tracks[0].seq} from ${seg.startedAt}`),
    );

    const edited = copy();
    const m = fs.readFileSync(path.join(edited, 'manifest.json'), 'utf8').replace(
      seg.sha256,
      seg.sha256.replace(/^./, (c: string) => (c === '0' ? '1' : '0')),
    );
    fs.writeFileSync(path.join(edited, 'manifest.json'), m);
    const r3 = await verifyRecording(edited, TEST_SIGNER.publicKeyPem);
    expect(r3.ok).toBe(false);
    expect(r3.problems[0]).toMatchObject({ kind: 'signature' });
    expect(r3.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['chain_broken', 'hash_mismatch']));
  });
});

describe('a media worker death during a recording', () => {
  let ended: { sessionId: string; investigator: string; custody: string } | null = null;

  it('is a recorded gap that must be explained before the session can end, and the explanation is on the record', async () => {
    const inv = await buildUser(server.db, 'investigator');
    const session = await buildSession(server.db, inv, []);
    const detainee = session.participants.find((p) => p.sessionRole === 'detainee')!;
    const host = await server.socket(await server.login(inv.username));
    expect((await ask(host, 'session:join', { sessionId: session.id, endpoint: 'user' })).ok).toBe(true);
    let cam = await custodyCamera(session.id, detainee.id, 60);
    try {
      await waitFor(async () => server.recordings.recorderPids(session.id).length === 2, 15_000);
      await waitFor(
        async () =>
          (
            await server
              .db('recording_segments as g')
              .join('recording_tracks as t', 't.id', 'g.track_id')
              .join('recordings as r', 'r.id', 't.recording_id')
              .where('r.session_id', session.id)
          ).length >= 2,
        15_000,
      );
      const reset = next(host, 'session:mediaReset');
      const [workerPid] = server.media.workerPids();
      process.kill(workerPid as number, 'SIGKILL');
      await reset;
      await cam.stop();
      // The worker is replaced; the host rejoins and the custody room's camera reconnects.
      await waitFor(async () => server.media.workerPids().length === 1 && server.media.workerPids()[0] !== workerPid, 15_000);
      expect((await ask(host, 'session:join', { sessionId: session.id, endpoint: 'user' })).ok).toBe(true);
      cam = await custodyCamera(session.id, detainee.id, 60);
      await waitFor(async () => server.recordings.recorderPids(session.id).length === 2, 15_000);
      await waitFor(
        async () =>
          (
            await server
              .db('recording_gaps as g')
              .join('recordings as r', 'r.id', 'g.recording_id')
              .where('r.session_id', session.id)
              .whereNotNull('g.ended_at')
          ).length === 2,
        15_000,
      );

      const state = await ask(host, 'session:state', {});
      expect(state.data.recorder.gaps).toHaveLength(2);
      for (const g of state.data.recorder.gaps)
        expect(g).toMatchObject({ detectedCause: 'media_worker_died', requiresCause: true, statedCause: null });

      const refused = await ask(host, 'session:end', { reason: '讯问结束' });
      expect(refused).toMatchObject({ ok: false, error: 'recording_gap_unexplained' });
      expect(refused.data.gaps).toHaveLength(2);
      expect(await ask(host, 'recording:explainGap', { gapId: state.data.recorder.gaps[0].id, cause: 'x' })).toMatchObject({
        ok: false,
        error: 'invalid_request',
      });
      for (const g of state.data.recorder.gaps) {
        expect((await ask(host, 'recording:explainGap', { gapId: g.id, cause: '媒体服务进程异常退出，已自动恢复' })).ok).toBe(true);
      }
      expect(await ask(host, 'recording:explainGap', { gapId: state.data.recorder.gaps[0].id, cause: '改口' })).toMatchObject({
        ok: false,
        error: 'invalid_state',
      });
      expect((await ask(host, 'session:end', { reason: '讯问结束' })).data.state).toBe('ended');
    } finally {
      await cam.stop();
    }
    const [rec] = await server.db('recordings').where({ session_id: session.id });
    const manifest = JSON.parse(fs.readFileSync(path.join(server.recordings.root, rec.dir, 'manifest.json'), 'utf8'));
    expect(manifest.gaps.map((g: { statedCause: string }) => g.statedCause)).toEqual([
      '媒体服务进程异常退出，已自动恢复',
      '媒体服务进程异常退出，已自动恢复',
    ]);
    expect(manifest.markers.map((m: { kind: string }) => m.kind)).toEqual(expect.arrayContaining(['recording_gap_explained', 'ended']));
    expect((await verifyRecording(path.join(server.recordings.root, rec.dir), TEST_SIGNER.publicKeyPem)).ok).toBe(true);
    const explained = await server
      .db('audit_entries')
      .where({ object_type: 'session', object_id: session.id, action: 'session.recording_gap_explained' });
    expect(explained).toHaveLength(2);
    ended = { sessionId: session.id, investigator: inv.username, custody: session.custody.username };
  });

  it('derives a court view with its own hash referencing the manifest, and serves playback by range, audited', async () => {
    expect(ended).not.toBeNull();
    const { sessionId } = ended!;
    const [rec] = await server.db('recordings').where({ session_id: sessionId });
    const view = await server.recordings.courtView(rec.id);
    const probe = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', view.file]).toString(),
    );
    expect(probe.streams.map((x: { codec_name: string }) => x.codec_name).sort()).toEqual(['opus', 'vp8']);
    expect(probe.streams.find((x: { codec_type: string }) => x.codec_type === 'video')).toMatchObject({ width: 640, height: 480 });
    const recordedS = (new Date(rec.ended_at).getTime() - new Date(rec.started_at).getTime()) / 1000;
    expect(Math.abs(Number(probe.format.duration) - recordedS)).toBeLessThan(3);
    const sidecar = JSON.parse(fs.readFileSync(path.join(path.dirname(view.file), 'court-view.json'), 'utf8'));
    const sealed = await server.db('recordings').where({ id: rec.id }).first();
    expect(sidecar).toMatchObject({ sha256: view.sha256, derivedFrom: { manifestSha256: sealed.manifest_sha256 } });
    expect(sealed.court_view_sha256).toBe(view.sha256);

    const token = await server.login(ended!.investigator);
    const list = await server.request('GET', `/api/sessions/${sessionId}/recordings`, { token });
    expect(list.status).toBe(200);
    const part = list.body.data.recordings[0];
    expect(part).toMatchObject({ state: 'complete', sealed: true, courtView: { sha256: view.sha256 } });
    expect(part.manifest.gaps).toHaveLength(2);
    const played = () => server.db('audit_entries').where({ object_id: rec.id, action: 'recording.played' });
    const get = (url: string, range?: string) =>
      fetch(server.url + url, { headers: { authorization: `Bearer ${token}`, ...(range ? { range } : {}) } });
    const first = await get(part.courtView.url, 'bytes=0-99');
    expect(first.status).toBe(206);
    expect((await first.arrayBuffer()).byteLength).toBe(100);
    const later = await get(part.courtView.url, 'bytes=100-199');
    expect(later.status).toBe(206);
    await later.arrayBuffer();
    expect(await played()).toHaveLength(1);
    const [file, segId] = Object.entries(part.segmentIds as Record<string, string>)[0]!;
    const seg = await get(`/api/recordings/${rec.id}/segments/${segId}`);
    const body = Buffer.from(await seg.arrayBuffer());
    expect(seg.headers.get('x-content-sha256')).toBe(createHash('sha256').update(body).digest('hex'));
    expect(body.equals(fs.readFileSync(path.join(server.recordings.root, rec.dir, file)))).toBe(true);
    // A read that starts in the middle of a file nobody of this user viewed lately is audited too.
    const downloads = () => server.db('audit_entries').where({ object_id: rec.id, action: 'recording.segment_downloaded' });
    const [otherFile, otherId] = Object.entries(part.segmentIds as Record<string, string>)[1]!;
    const middle = await get(`/api/recordings/${rec.id}/segments/${otherId}`, 'bytes=50-');
    expect(middle.status).toBe(206);
    await middle.arrayBuffer();
    const audited = (await downloads()).map((e: { detail: { file: string; range: string | null } }) => e.detail);
    expect(audited).toEqual(
      expect.arrayContaining([
        { sessionId, file, sha256: expect.any(String), range: null },
        { sessionId, file: otherFile, sha256: expect.any(String), range: 'bytes=50-' },
      ]),
    );
    expect(audited).toHaveLength(2);

    // The custody center does not review the evidence; an outsider does not even see it.
    const custody = await server.login(ended!.custody);
    expect((await server.request('GET', `/api/sessions/${sessionId}/recordings`, { token: custody })).status).toBe(403);
    const outsider = await buildUser(server.db, 'investigator');
    expect(
      (await server.request('GET', `/api/recordings/${rec.id}/court-view`, { token: await server.login(outsider.username) })).status,
    ).toBe(404);
  });
});
