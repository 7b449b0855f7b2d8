// The SFU benchmark's headless WebRTC clients (node-datachannel: libdatachannel's ICE, DTLS-SRTP
// and RTP in C++, its own binary from the npm registry). Publishers replay a clip encoded once
// (VP8 + Opus RTP packets captured from `ffmpeg -c copy`), paced by its RTP timestamps and looped,
// under their own SSRCs, so no client encodes anything. Subscribers count what arrives per stream:
// packets, sequence gaps (loss) and RFC 3550 interarrival jitter.
import { execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import path from 'node:path';
import { Audio, cleanup, PeerConnection, type Track, Video } from 'node-datachannel';
import sdpTransform from 'sdp-transform';

export const VP8_PT = 96;
export const OPUS_PT = 111;
type Clip = { video: Buffer[]; audio: Buffer[] };

/** Encodes a 10 s test clip once and captures its RTP packets (no pacing: loopback with a big buffer). */
export async function captureClip(dir: string): Promise<Clip> {
  const file = path.join(dir, 'clip.mkv');
  execFileSync('ffmpeg', [
    ...['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=640x480:rate=25'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '10'],
    ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '600k', '-g', '50', '-c:a', 'libopus', file],
  ]);
  const out: Clip = { video: [], audio: [] };
  const bind = (into: Buffer[]) =>
    new Promise<dgram.Socket>((resolve) => {
      const s = dgram.createSocket({ type: 'udp4', recvBufferSize: 16 << 20 });
      s.on('message', (m: Buffer) => into.push(Buffer.from(m)));
      s.bind(0, '127.0.0.1', () => resolve(s));
    });
  const v = await bind(out.video);
  const a = await bind(out.audio);
  const rtp = (map: string, pt: number, s: dgram.Socket) => [
    ...['-map', map, '-c', 'copy', '-f', 'rtp', '-payload_type', String(pt)],
    `rtp://127.0.0.1:${s.address().port}`,
  ];
  await new Promise<void>((resolve, reject) => {
    const p = spawn('ffmpeg', ['-loglevel', 'error', '-i', file, ...rtp('0:v', VP8_PT, v), ...rtp('0:a', OPUS_PT, a)]);
    p.on('error', reject);
    p.on('exit', () => setTimeout(resolve, 300));
  });
  v.close();
  a.close();
  for (const [kind, list] of Object.entries(out) as [string, Buffer[]][]) {
    for (let i = 1; i < list.length; i++)
      if ((((list[i] as Buffer).readUInt16BE(2) - (list[i - 1] as Buffer).readUInt16BE(2)) & 0xffff) !== 1)
        throw new Error(`the ${kind} clip lost packets while being captured`);
  }
  return out;
}

const waitLocal = (pc: PeerConnection) => new Promise<string>((resolve) => pc.onLocalDescription((sdp) => resolve(sdp)));

/** The DTLS fingerprint of a client's SDP, as mediasoup's connect() takes it (the client is the DTLS client). */
export function dtlsOf(sdp: string): { role: 'client'; fingerprints: { algorithm: string; value: string }[] } {
  const o = sdpTransform.parse(sdp);
  const f = o.fingerprint ?? o.media[0]?.fingerprint;
  if (!f) throw new Error('the client SDP has no fingerprint');
  return { role: 'client', fingerprints: [{ algorithm: f.type, value: f.hash }] };
}

/** One publisher: a video and an audio track with fixed SSRCs, replaying the clip once started. */
export class Publisher {
  readonly pc: PeerConnection;
  readonly #video: Track;
  readonly #audio: Track;
  #timers: NodeJS.Timeout[] = [];
  sent = 0;

  constructor(
    name: string,
    readonly ssrc: { video: number; audio: number },
  ) {
    this.pc = new PeerConnection(name, { iceServers: [] });
    const v = new Video('0', 'SendOnly');
    v.addVP8Codec(VP8_PT);
    v.addSSRC(ssrc.video, `${name}-v`, name, 'video');
    this.#video = this.pc.addTrack(v);
    const a = new Audio('1', 'SendOnly');
    a.addOpusCodec(OPUS_PT);
    a.addSSRC(ssrc.audio, `${name}-a`, name, 'audio');
    this.#audio = this.pc.addTrack(a);
  }

  async offer(): Promise<string> {
    const d = waitLocal(this.pc);
    this.pc.setLocalDescription();
    return d;
  }

  answer(sdp: string): void {
    this.pc.setRemoteDescription(sdp, 'answer');
  }

  /** Resolves once both tracks are open (DTLS done). */
  async open(timeoutMs = 15_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(this.#video.isOpen() && this.#audio.isOpen())) {
      if (Date.now() > until) throw new Error(`publisher ${this.pc.localDescription()?.type ?? ''} did not connect`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Replays the clip forever, paced by its RTP timestamps (10 ms ticks), under this publisher's SSRCs. */
  start(clip: Clip): void {
    const stream = (packets: Buffer[], track: Track, ssrc: number, clock: number) => {
      const ts0 = (packets[0] as Buffer).readUInt32BE(4);
      const span = ((packets[packets.length - 1] as Buffer).readUInt32BE(4) - ts0) >>> 0;
      const loopTicks = span + Math.round(clock / 25);
      let i = 0;
      let loop = 0;
      let seq = Math.floor(Math.random() * 60000);
      const t0 = performance.now();
      this.#timers.push(
        setInterval(() => {
          const due = ((performance.now() - t0) / 1000) * clock;
          for (;;) {
            const p = packets[i] as Buffer;
            const rel = ((p.readUInt32BE(4) - ts0) >>> 0) + loop * loopTicks;
            if (rel > due) break;
            const out = Buffer.from(p);
            out.writeUInt16BE(seq, 2);
            seq = (seq + 1) & 0xffff;
            out.writeUInt32BE((rel + 1000) >>> 0, 4);
            out.writeUInt32BE(ssrc, 8);
            if (track.isOpen()) {
              track.sendMessageBinary(out);
              this.sent += 1;
            }
            i += 1;
            if (i === packets.length) {
              i = 0;
              loop += 1;
            }
          }
        }, 10),
      );
    };
    stream(clip.video, this.#video, this.ssrc.video, 90000);
    stream(clip.audio, this.#audio, this.ssrc.audio, 48000);
  }

  close(): void {
    for (const t of this.#timers) clearInterval(t);
    this.pc.close();
  }
}

/** Per received stream (SSRC): packets, highest extended sequence, first sequence, jitter (RFC 3550). */
type StreamStats = { clock: number; received: number; first: number; last: number; jitter: number; transit: number | null };

export class Subscriber {
  readonly pc: PeerConnection;
  readonly streams = new Map<number, StreamStats>();
  readonly #tracks: Track[] = [];
  /** Payload type → RTP clock rate, from the server's offer. */
  readonly #clocks = new Map<number, number>();
  counting = false;

  constructor(name: string) {
    this.pc = new PeerConnection(name, { iceServers: [] });
    this.pc.onTrack((t) => {
      this.#tracks.push(t);
      t.onMessage((m) => this.#onPacket(m as Buffer));
    });
  }

  #onPacket(m: Buffer): void {
    if (!this.counting || m.length < 12) return;
    const pt = (m[1] as number) & 0x7f;
    // NOTE: RTCP (packet types 200-206, read here as 72-78) is not media.
    if (pt >= 64 && pt <= 95) return;
    const ssrc = m.readUInt32BE(8);
    const seq = m.readUInt16BE(2);
    const clock = this.#clocks.get(pt) ?? 90000;
    let s = this.streams.get(ssrc);
    const arrival = (performance.now() / 1000) * (s?.clock ?? clock);
    const transit = arrival - m.readUInt32BE(4);
    if (!s) {
      s = { clock, received: 1, first: seq, last: seq, jitter: 0, transit };
      this.streams.set(ssrc, s);
      return;
    }
    s.received += 1;
    let ext = (s.last & ~0xffff) | seq;
    if (ext < s.last - 0x8000) ext += 0x10000;
    if (ext > s.last) s.last = ext;
    if (s.transit !== null) {
      const d = Math.abs(transit - s.transit);
      // NOTE: a jump of seconds is a clip loop (its timestamps restart their pacing), not jitter.
      if (d < s.clock) s.jitter += (d - s.jitter) / 16;
    }
    s.transit = transit;
  }

  async answerTo(offer: string): Promise<string> {
    for (const m of sdpTransform.parse(offer).media) for (const r of m.rtp) this.#clocks.set(r.payload, r.rate ?? 90000);
    const d = waitLocal(this.pc);
    this.pc.setRemoteDescription(offer, 'offer');
    return d;
  }

  /** Resolves once `n` tracks have arrived and are open. */
  async open(n: number, timeoutMs = 15_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.#tracks.filter((t) => t.isOpen()).length < n) {
      if (Date.now() > until) throw new Error(`subscriber got ${this.#tracks.length} of ${n} tracks`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): void {
    this.pc.close();
  }
}

/** The receivers' totals over a window: packets, loss (share of expected), jitter (ms) per stream. */
export function tally(subs: Subscriber[]): { packets: number; expected: number; jitterMs: number[] } {
  let packets = 0;
  let expected = 0;
  const jitterMs: number[] = [];
  for (const sub of subs)
    for (const s of sub.streams.values()) {
      packets += s.received;
      expected += s.last - s.first + 1;
      jitterMs.push((s.jitter / s.clock) * 1000);
    }
  return { packets, expected, jitterMs };
}

export const cleanupClients = (): void => cleanup();
