// `npm run bench:recording`: what recording costs. P simulated custody-room cameras (ffmpeg sending
// VP8 640x480 + Opus RTP) are produced into one session's router and every producer is recorded
// for S seconds through the real path (PlainTransport tap → Debian's ffmpeg -c copy → splitter →
// segments hashed with SHA-256 and SM3 while written). Prints CPU cores per recorded producer
// (media worker + recorder ffmpeg + our own process), then hashes the same segment files again
// three ways — Node SHA-256, Node SHA-256+SM3 (what the writer does) and `sha256sum` — in the same run.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMediaService, TrackRecorder } from '../../media';
import { config } from '../config';
import { sleep } from './browser';
import { cpuOf } from './procStat';

const quiet = { info: () => undefined, warn: () => undefined, error: (o: object, m: string) => console.error(m, o) };
export async function runBenchRecording(o: { cameras: number; seconds: number }): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rec-'));
  const media = await createMediaService({
    ...config.media,
    numWorkers: 1,
    rtcBasePort: 21000 + 2 * Math.floor(Math.random() * 4000),
    logger: quiet,
  });
  const senders: ReturnType<typeof spawn>[] = [];
  try {
    const room = await media.ensureRoom(`bench-${randomUUID()}`, { recording: 'mandatory' });
    const producers: string[] = [];
    for (let c = 0; c < o.cameras; c += 1) {
      const peer = `camera-${c}`;
      room.addPeer(peer);
      const v = await room.createRtpIngest(peer, {
        kind: 'video',
        source: 'camera',
        mimeType: 'video/VP8',
        clockRate: 90000,
        payloadType: 101,
        ssrc: 1000 + c,
      });
      const a = await room.createRtpIngest(peer, {
        kind: 'audio',
        source: 'microphone',
        mimeType: 'audio/opus',
        clockRate: 48000,
        channels: 2,
        payloadType: 100,
        ssrc: 2000 + c,
      });
      producers.push(v.producerId, a.producerId);
      senders.push(
        spawn(
          'ffmpeg',
          [
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
            String(o.seconds + 30),
            '-map',
            '0:v',
            '-c:v',
            'libvpx',
            '-deadline',
            'realtime',
            '-cpu-used',
            '8',
            '-b:v',
            '800k',
            '-g',
            '50',
            '-f',
            'rtp',
            '-payload_type',
            '101',
            '-ssrc',
            String(1000 + c),
            `rtp://127.0.0.1:${v.port}?rtcpport=${v.rtcpPort}`,
            '-map',
            '1:a',
            '-c:a',
            'libopus',
            '-f',
            'rtp',
            '-payload_type',
            '100',
            '-ssrc',
            String(2000 + c),
            `rtp://127.0.0.1:${a.port}?rtcpport=${a.rtcpPort}`,
          ],
          { stdio: 'ignore' },
        ),
      );
    }
    await sleep(2000);
    const workerPid = media.workerPids()[0] as number;
    const recorders = await Promise.all(
      producers.map((producerId, i) =>
        TrackRecorder.start({ room, producerId, dir, prefix: `p${String(i).padStart(2, '0')}`, segmentSeconds: 4, logger: quiet }),
      ),
    );
    const files: string[] = [];
    for (const r of recorders) r.on('segment', (s) => files.push(s.file));
    await sleep(1000);
    const w0 = cpuOf(workerPid);
    const f0 = recorders.map((r) => cpuOf(r.pid as number));
    const n0 = process.cpuUsage();
    const t0 = performance.now();
    await sleep(o.seconds * 1000);
    const wall = (performance.now() - t0) / 1000;
    const worker = cpuOf(workerPid) - w0;
    const ffmpeg = recorders.reduce((a, r, i) => a + cpuOf(r.pid as number) - (f0[i] as number), 0);
    const nu = process.cpuUsage(n0);
    const node = (nu.user + nu.system) / 1e6;
    await Promise.all(recorders.map((r) => r.stop()));

    // Baseline: the same worker forwarding the same RTP with no recorder attached.
    const b0 = cpuOf(workerPid);
    const bt = performance.now();
    await sleep(Math.min(o.seconds, 10) * 1000);
    const idleWorker = (cpuOf(workerPid) - b0) / ((performance.now() - bt) / 1000);

    const n = producers.length;
    const perProducer = (worker / wall - idleWorker + ffmpeg / wall + node / wall) / n;
    const bytes = files.reduce((a, f) => a + fs.statSync(f).size, 0);
    const timeIt = (fn: () => void): number => {
      const s = performance.now();
      fn();
      return (performance.now() - s) / 1000;
    };
    const nodeHash = (algs: string[]) =>
      timeIt(() => {
        for (const f of files) {
          const b = fs.readFileSync(f);
          for (const alg of algs) createHash(alg).update(b).digest('hex');
        }
      });
    for (const f of files) fs.readFileSync(f); // warm the page cache so every method reads from memory
    const sha = nodeHash(['sha256']);
    const both = nodeHash(['sha256', 'sm3']);
    const sum = timeIt(() => execFileSync('sha256sum', files, { maxBuffer: 64 * 1024 * 1024 }));
    const mb = bytes / 1e6;
    console.log(
      `bench:recording  ${o.cameras} camera(s) = ${n} producers recorded for ${wall.toFixed(1)} s (VP8 640x480 800 kbit/s + Opus), ${files.length} segments, ${mb.toFixed(1)} MB`,
    );
    console.log(
      `  CPU (cores, averaged over the run): media worker ${(worker / wall).toFixed(3)} (${idleWorker.toFixed(3)} when not recording), recorder ffmpeg ${(ffmpeg / wall).toFixed(3)} in total, our process (split + hash + write) ${(node / wall).toFixed(3)}`,
    );
    console.log(`  CPU cores per recorded producer (worker increase + ffmpeg + our process): ${perProducer.toFixed(4)}`);
    console.log(`  hashing the same ${files.length} files (${mb.toFixed(1)} MB, from the page cache):`);
    console.log(
      `    sha256sum             ${(sum * 1000).toFixed(1)} ms  ${(mb / sum).toFixed(0)} MB/s  (one process for all files, its start included)`,
    );
    console.log(`    Node SHA-256          ${(sha * 1000).toFixed(1)} ms  ${(mb / sha).toFixed(0)} MB/s`);
    console.log(
      `    Node SHA-256 + SM3    ${(both * 1000).toFixed(1)} ms  ${(mb / both).toFixed(0)} MB/s  (what the segment writer does, while writing)`,
    );
    console.log(`  hashing share of a real-time recording: ${((both / wall) * 100).toFixed(3)} % of one core for these ${n} producers`);
    return 0;
  } finally {
    for (const s of senders) s.kill('SIGKILL');
    media.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
