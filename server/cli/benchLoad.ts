// `npm run bench:load`: N simultaneous recorded remote interrogations, each with four parties (the
// detainee's camera and microphone, three officials' microphones), fed by synthetic RTP senders
// (a clip encoded once, sent with `ffmpeg -c copy`, so no browser and no encoder load), every
// producer recorded through the real supervisor, and every party subscribed to the others (15
// consumers per hearing, PlainTransport taps into UDP sinks that count packets and sequence gaps).
// N rises until the media worker passes 85 % of a core, loss passes 1 %, a manifest fails to verify
// or the maximum is reached; each level prints worker and process CPU, forwarded packets, loss,
// recording gaps and verified manifests. A level that cannot be set up is where it gave: here the
// subscribers are PlainTransport taps (two ports each from the worker's 1,000-port range, which ends
// the run near 24 hearings), where browsers would all share the WebRtcServer's one port.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MediaRoom } from '../../media';
import type { Db } from '../db/db';
import { verifyRecording } from '../recording';
import { seedLoadHearings, type LoadHearing } from '../seed';
import { sleep } from './browser';
import { startPrivatePlatform } from './localPlatform';
import { cpuOf } from './procStat';

type Sink = { socket: dgram.Socket; rtcp: dgram.Socket; received: number; first: number | null; last: number };
type Level = {
  hearings: number;
  workerCpu: number;
  processCpu: number;
  recorderCpu: number;
  packetsPerSecond: number;
  loss: number;
  gaps: number;
  verified: number;
};

async function bindSink(): Promise<Sink> {
  const bind = () =>
    new Promise<dgram.Socket>((resolve, reject) => {
      const s = dgram.createSocket('udp4');
      s.once('error', reject);
      s.bind(0, '127.0.0.1', () => resolve(s));
    });
  const sink: Sink = { socket: await bind(), rtcp: await bind(), received: 0, first: null, last: 0 };
  sink.socket.on('message', (m: Buffer) => {
    if (m.length < 12) return;
    const seq = m.readUInt16BE(2);
    sink.received += 1;
    // NOTE: sequence numbers are extended across their 16-bit wrap, so loss is counted over the whole run.
    if (sink.first === null) {
      sink.first = seq;
      sink.last = seq;
      return;
    }
    let ext = (sink.last & ~0xffff) | seq;
    if (ext < sink.last - 0x8000) ext += 0x10000;
    if (ext > sink.last) sink.last = ext;
  });
  return sink;
}

/** One sender per hearing: the clip's video to the detainee's camera, its sound to the four microphones. */
function sendHearing(
  clip: string,
  video: { port: number; rtcpPort: number; ssrc: number },
  audio: { port: number; rtcpPort: number; ssrc: number }[],
) {
  const out = (map: string, pt: number, t: { port: number; rtcpPort: number; ssrc: number }) => [
    '-map',
    map,
    '-c',
    'copy',
    '-f',
    'rtp',
    '-payload_type',
    String(pt),
    '-ssrc',
    String(t.ssrc),
    `rtp://127.0.0.1:${t.port}?rtcpport=${t.rtcpPort}`,
  ];
  return spawn(
    'ffmpeg',
    ['-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', clip, ...out('0:v', 101, video), ...audio.flatMap((a) => out('0:a', 100, a))],
    { stdio: 'ignore' },
  );
}

export async function runBenchLoad(o: { start: number; step: number; max: number; seconds: number }): Promise<number> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-load-'));
  const clip = path.join(scratch, 'clip.mkv');
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=640x480:rate=25',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-t',
    '20',
    '-c:v',
    'libvpx',
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
    '-b:v',
    '600k',
    '-g',
    '50',
    '-c:a',
    'libopus',
    clip,
  ]);
  const p = await startPrivatePlatform();
  const { platform } = p;
  const publicKeyPem = fs.readFileSync(p.publicKeyFile, 'utf8');
  const levels: Level[] = [];
  let reason = `the maximum of ${o.max} hearings`;
  let failedToStart = false;
  let ssrc = 3_000_000;
  try {
    const ids = platform.demo;
    if (!ids) throw new Error('the private platform has no demo data');
    for (let n = o.start; n <= o.max; n += o.step) {
      const hearings = await seedLoadHearings(platform.db, ids, n, `L${n}-${Date.now().toString(36)}`);
      const senders: ChildProcess[] = [];
      const sinks: Sink[] = [];
      const rooms: MediaRoom[] = [];
      try {
        for (const h of hearings) rooms.push(await startHearing(platform.media, h));
        for (const [i, h] of hearings.entries()) {
          const room = rooms[i] as MediaRoom;
          const v = await room.createRtpIngest(h.detainee, {
            kind: 'video',
            source: 'camera',
            mimeType: 'video/VP8',
            clockRate: 90000,
            payloadType: 101,
            ssrc: ++ssrc,
          });
          const audio = [];
          for (const peer of [h.detainee, ...h.officials]) {
            const a = await room.createRtpIngest(peer, {
              kind: 'audio',
              source: 'microphone',
              mimeType: 'audio/opus',
              clockRate: 48000,
              channels: 2,
              payloadType: 100,
              ssrc: ++ssrc,
            });
            audio.push({ port: a.port, rtcpPort: a.rtcpPort, ssrc });
          }
          senders.push(sendHearing(clip, { port: v.port, rtcpPort: v.rtcpPort, ssrc: ssrc - 4 }, audio));
        }
        const until = Date.now() + 60_000;
        while (hearings.some((h) => platform.recordings.recorderPids(h.sessionId).length < 5)) {
          if (Date.now() > until) throw new Error('recorders did not all start within 60 s');
          await sleep(250);
        }
        // Every party receives every other party's media.
        for (const [i, h] of hearings.entries()) {
          const room = rooms[i] as MediaRoom;
          for (const peer of [h.detainee, ...h.officials]) {
            for (const prod of room.listProducers(peer)) {
              const sink = await bindSink();
              sinks.push(sink);
              const tap = await room.createRecordingTap(prod.producerId, {
                port: sink.socket.address().port,
                rtcpPort: sink.rtcp.address().port,
              });
              await tap.start();
            }
          }
        }
        await sleep(2000);
        const workerPid = platform.media.workerPids()[0] as number;
        const recorderPids = () => hearings.flatMap((h) => platform.recordings.recorderPids(h.sessionId).map((r) => r.pid));
        const w0 = cpuOf(workerPid);
        const r0 = recorderPids().reduce((s, pid) => s + cpuOf(pid), 0);
        const c0 = process.cpuUsage();
        const k0 = sinks.reduce((s, x) => s + x.received, 0);
        const t0 = performance.now();
        await sleep(o.seconds * 1000);
        const wall = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(c0);
        const level: Level = {
          hearings: n,
          workerCpu: (cpuOf(workerPid) - w0) / wall,
          processCpu: (cpu.user + cpu.system) / 1e6 / wall,
          recorderCpu: (recorderPids().reduce((s, pid) => s + cpuOf(pid), 0) - r0) / wall,
          packetsPerSecond: (sinks.reduce((s, x) => s + x.received, 0) - k0) / wall,
          loss: 0,
          gaps: 0,
          verified: 0,
        };
        const expected = sinks.reduce((s, x) => s + (x.first === null ? 0 : x.last - x.first + 1), 0);
        level.loss = expected ? Math.max(0, 1 - sinks.reduce((s, x) => s + x.received, 0) / expected) : 1;
        // NOTE: the senders keep sending until every recording is sealed, so their stopping is no gap.
        const manifests = await Promise.all(hearings.map((h) => platform.recordings.finish(h.sessionId)));
        for (const s of senders) s.kill('SIGKILL');
        for (const manifest of manifests) if (manifest && (await verifyRecording(manifest, publicKeyPem)).ok) level.verified += 1;
        const causes = await gapCauses(platform.db, hearings);
        level.gaps = [...causes.values()].reduce((a, b) => a + b, 0);
        levels.push(level);
        console.log(
          `bench:load  ${n} hearings (${n * 5} producers recorded, ${sinks.length} consumers): media worker ${(level.workerCpu * 100).toFixed(0)} % of a core, ` +
            `platform process ${(level.processCpu * 100).toFixed(0)} %, recorders (ffmpeg) ${level.recorderCpu.toFixed(2)} cores, ` +
            `${level.packetsPerSecond.toFixed(0)} packets/s forwarded to subscribers, loss ${(level.loss * 100).toFixed(2)} %, ` +
            `${level.gaps} recording gaps${level.gaps ? ` (${[...causes].map(([c, k]) => `${k}× ${c}`).join('; ')})` : ''}, manifests verified ${level.verified}/${n}`,
        );
      } catch (err) {
        // NOTE: a level that cannot even be set up (ports, workers, the database) is where it gave.
        reason = `${n} hearings, which could not be set up: ${(err as Error).message}`;
        failedToStart = true;
      } finally {
        for (const s of senders) s.kill('SIGKILL');
        for (const s of sinks) {
          s.socket.close();
          s.rtcp.close();
        }
        for (const h of hearings) platform.media.closeRoom(h.sessionId);
      }
      if (failedToStart) break;
      const last = levels[levels.length - 1] as Level;
      if (last.workerCpu > 0.85) reason = 'the media worker passed 85 % of a core';
      else if (last.loss > 0.01) reason = 'loss passed 1 %';
      else if (last.verified < last.hearings) reason = 'a manifest did not verify';
      else continue;
      break;
    }
    const best = levels.filter((l) => l.workerCpu <= 0.85 && l.loss <= 0.01 && l.verified === l.hearings).pop();
    console.log(
      `bench:load  reached ${best?.hearings ?? 0} simultaneous recorded 4-party hearings; stopped at ${reason} (${os.cpus().length} cores here)`,
    );
    const csv = ['hearings,worker_cpu,process_cpu,recorder_cores,packets_per_second,loss,gaps,verified']
      .concat(
        levels.map((l) => [l.hearings, l.workerCpu, l.processCpu, l.recorderCpu, l.packetsPerSecond, l.loss, l.gaps, l.verified].join(',')),
      )
      .join('\n');
    fs.mkdirSync('artifacts', { recursive: true });
    fs.writeFileSync(path.join('artifacts', 'bench-load.csv'), `${csv}\n`);
    console.log('bench:load  raw figures in artifacts/bench-load.csv');
    return levels.length > 0 && levels.every((l) => l.verified === l.hearings) ? 0 : 1;
  } finally {
    await p.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The hearing's router with its four parties in it; the supervisor attaches its recording. */
async function startHearing(
  media: { ensureRoom(id: string, o: { recording: 'mandatory' }): Promise<MediaRoom> },
  h: LoadHearing,
): Promise<MediaRoom> {
  const room = await media.ensureRoom(h.sessionId, { recording: 'mandatory' });
  for (const peer of [h.detainee, ...h.officials]) room.addPeer(peer);
  return room;
}

/** The recording gaps of these hearings, counted by their cause (without the seconds in it). */
async function gapCauses(db: Db, hearings: LoadHearing[]): Promise<Map<string, number>> {
  const rows = (await db('recording_gaps as g')
    .join('recordings as r', 'r.id', 'g.recording_id')
    .whereIn(
      'r.session_id',
      hearings.map((h) => h.sessionId),
    )
    .select('g.detected_cause')) as { detected_cause: string }[];
  const out = new Map<string, number>();
  for (const r of rows) {
    const c = r.detected_cause.replace(/\d+(\.\d+)? s/g, 'N s');
    out.set(c, (out.get(c) ?? 0) + 1);
  }
  return out;
}
