// Server-side capture: RTP from an outside source (ffmpeg playing a custody-room camera) is
// produced into a session's router, tapped through a PlainTransport into Debian's ffmpeg with no
// transcoding, and written as hashed segments that ffprobe opens; a room whose law forbids
// recording refuses the tap.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TrackRecorder } from '../../media/recording/TrackRecorder';
import type { ClosedSegment } from '../../media/recording/segmentWriter';
import { rtpCamera } from '../support/rtpCamera';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** First and last packet time in a file (live Matroska has no duration field). */
const span = (file: string): [number, number] => {
  const t = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file])
    .toString()
    .split('\n')
    .map(Number)
    .filter((x) => (Number.isFinite(x) && x > 0) || x === 0);
  return [Math.min(...t), Math.max(...t)];
};
const probe = (file: string) =>
  JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]).toString()) as {
    streams: { codec_type: string; codec_name: string; width?: number }[];
    format: { duration?: string };
  };

async function camera(seconds: number) {
  // NOTE: the source plays longer than the recording so that media still flows when recorders stop.
  const room = await server.media.ensureRoom(`rec-${randomUUID()}`, { recording: 'mandatory' });
  room.addPeer('camera');
  return { room, ...(await rtpCamera(room, 'camera', { seconds, gop: 25 })) };
}

it('records a video and an audio producer into segments ffprobe reads, without transcoding', async () => {
  const cam = await camera(20);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rec-'));
  const segments: Record<string, ClosedSegment[]> = { video: [], audio: [] };
  let recordedSeconds = 0;
  try {
    const recs = await Promise.all(
      [cam.video, cam.audio].map(async (src, i) => {
        const r = await TrackRecorder.start({
          room: cam.room,
          producerId: src.producerId,
          dir,
          prefix: i === 0 ? 'video' : 'audio',
          segmentSeconds: 2,
          logger,
        });
        r.on('segment', (s) => segments[r.kind]!.push(s));
        return r;
      }),
    );
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 6000));
    await Promise.all(recs.map((r) => r.stop()));
    recordedSeconds = (Date.now() - t0) / 1000;
  } finally {
    cam.ff.kill('SIGINT');
    await cam.done;
  }

  for (const kind of ['video', 'audio'] as const) {
    const list = segments[kind]!;
    expect(list.length).toBeGreaterThanOrEqual(2);
    let first = Infinity;
    let last = 0;
    for (const s of list) {
      const p = probe(s.file);
      expect(p.streams).toHaveLength(1);
      expect(p.streams[0]!.codec_name).toBe(kind === 'video' ? 'vp8' : 'opus');
      if (kind === 'video') expect(p.streams[0]!.width).toBe(640);
      const [a, b] = span(s.file);
      first = Math.min(first, a);
      last = Math.max(last, b);
    }
    // The segments together cover the time recorded. NOTE: video can only begin at a key frame,
    // up to one GOP (1 s here) after the recorder started, plus ffmpeg's start on a loaded machine.
    expect(Math.abs(last - first - recordedSeconds)).toBeLessThan(1.5);
  }
});

it('refuses to tap a room whose session may not be recorded (lawyer meeting)', async () => {
  const room = await server.media.ensureRoom(`meeting-${randomUUID()}`, { recording: 'forbidden' });
  room.addPeer('lawyer');
  const src = await room.createRtpIngest('lawyer', {
    kind: 'audio',
    source: 'microphone',
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
    payloadType: 100,
    ssrc: 333,
  });
  await expect(
    TrackRecorder.start({ room, producerId: src.producerId, dir: os.tmpdir(), prefix: 'x', segmentSeconds: 2, logger }),
  ).rejects.toMatchObject({ reason: 'recording_forbidden' });
});
