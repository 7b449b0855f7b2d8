// A custody-room camera for tests: Debian's ffmpeg sends VP8 640x480 + Opus RTP into a media room
// as `peerId`'s camera and microphone producers (the room's RTP ingest for outside sources).
import { spawn } from 'node:child_process';
import type { MediaRoom } from '../../media';

type Port = { port: number; rtcpPort: number };

/** `via` puts something between the sender and the room (e.g. a UDP gate); it returns where to send instead. */
export async function rtpCamera(
  room: MediaRoom,
  peerId: string,
  o: {
    seconds: number;
    gop?: number;
    ssrc?: number;
    via?: { video?: (ingest: Port) => Promise<Port>; audio?: (ingest: Port) => Promise<Port> };
  },
) {
  const [vs, as] = [o.ssrc ?? 11111111, (o.ssrc ?? 11111111) + 1];
  const video = await room.createRtpIngest(peerId, {
    kind: 'video',
    source: 'camera',
    mimeType: 'video/VP8',
    clockRate: 90000,
    payloadType: 101,
    ssrc: vs,
  });
  const audio = await room.createRtpIngest(peerId, {
    kind: 'audio',
    source: 'microphone',
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
    payloadType: 100,
    ssrc: as,
  });
  const vt = o.via?.video ? await o.via.video(video) : video;
  const at = o.via?.audio ? await o.via.audio(audio) : audio;
  const ff = spawn('ffmpeg', [
    '-loglevel',
    'error',
    '-re',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=640x480:rate=25',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-t',
    String(o.seconds),
    '-map',
    '0:v',
    '-c:v',
    'libvpx',
    '-deadline',
    'realtime',
    '-b:v',
    '600k',
    '-g',
    String(o.gop ?? 50),
    '-f',
    'rtp',
    '-payload_type',
    '101',
    '-ssrc',
    String(vs),
    `rtp://127.0.0.1:${vt.port}?rtcpport=${vt.rtcpPort}`,
    '-map',
    '1:a',
    '-c:a',
    'libopus',
    '-f',
    'rtp',
    '-payload_type',
    '100',
    '-ssrc',
    String(as),
    `rtp://127.0.0.1:${at.port}?rtcpport=${at.rtcpPort}`,
  ]);
  const done = new Promise<void>((r) => ff.on('close', () => r()));
  return {
    video,
    audio,
    ff,
    done,
    stop: async () => {
      ff.kill('SIGINT');
      await done;
    },
  };
}
