// The recorder's storage format against Debian's ffmpeg: a live Matroska stream (VP8 + Opus, as
// the recorder receives it) is split by EBML structure into self-contained segment files whose
// hashes are computed while writing; ffprobe reads every segment on its own.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MatroskaSplitter } from '../../media/recording/matroskaSplitter';
import { SegmentWriter, type ClosedSegment } from '../../media/recording/segmentWriter';

const ffmpegStream = (seconds: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const ff = spawn('ffmpeg', [
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=320x240:rate=15',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
      '-t',
      String(seconds),
      '-c:v',
      'libvpx',
      '-deadline',
      'realtime',
      '-b:v',
      '300k',
      '-c:a',
      'libopus',
      '-f',
      'matroska',
      '-live',
      '1',
      '-cluster_time_limit',
      '500',
      'pipe:1',
    ]);
    const chunks: Buffer[] = [];
    ff.stdout.on('data', (c: Buffer) => chunks.push(c));
    ff.on('error', reject);
    ff.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`ffmpeg exited ${code}`))));
  });

const probe = (file: string) =>
  JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]).toString()) as {
    streams: { codec_type: string; codec_name: string }[];
    format: { duration?: string };
  };

it('splits a live Matroska stream into segments that each open alone and together hold every byte', async () => {
  const stream = await ffmpegStream(5);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seg-'));
  const closed: ClosedSegment[] = [];
  const writer = new SegmentWriter({ dir, prefix: 'track', segmentSeconds: 1, onClosed: (s) => closed.push(s) });
  let header: Buffer = Buffer.alloc(0);
  const clusters: Buffer[] = [];
  const splitter = new MatroskaSplitter({
    header: (b) => {
      header = b;
      writer.header(b);
    },
    cluster: (c) => {
      clusters.push(c.bytes);
      writer.cluster(c);
    },
  });
  // Arbitrary chunking, as a pipe delivers it.
  for (let at = 0; at < stream.length; at += 1777) splitter.write(stream.subarray(at, at + 1777));
  writer.close();
  expect(splitter.pending).toBe(0);
  expect(Buffer.concat([header, ...clusters]).equals(stream)).toBe(true);
  expect(closed.length).toBeGreaterThanOrEqual(4);

  let seconds = 0;
  for (const s of closed) {
    const bytes = fs.readFileSync(s.file);
    expect(bytes.length).toBe(s.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(s.sha256);
    expect(createHash('sm3').update(bytes).digest('hex')).toBe(s.sm3);
    const p = probe(s.file);
    expect(p.streams.map((x) => x.codec_name).sort()).toEqual(['opus', 'vp8']);
    seconds += s.lastBlockMs - s.firstClusterMs;
  }
  expect(closed.map((s) => s.index)).toEqual(closed.map((_, i) => i));
  // Cluster starts cover the stream's five seconds (the last cluster's own length is not counted).
  expect(closed[closed.length - 1]!.lastBlockMs).toBeGreaterThan(4000);
  expect(seconds).toBeGreaterThan(2000);
  expect(() => fs.openSync(closed[0]!.file, 'wx')).toThrow(/EEXIST/);
});

it('keeps every closed segment intact when the stream is cut off mid-cluster', async () => {
  const stream = await ffmpegStream(3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seg-cut-'));
  const closed: ClosedSegment[] = [];
  const writer = new SegmentWriter({ dir, prefix: 'track', segmentSeconds: 1, onClosed: (s) => closed.push(s) });
  const splitter = new MatroskaSplitter({ header: (b) => writer.header(b), cluster: (c) => writer.cluster(c) });
  splitter.write(stream.subarray(0, Math.floor(stream.length * 0.8)));
  writer.close();
  expect(splitter.pending).toBeGreaterThan(0);
  expect(closed.length).toBeGreaterThanOrEqual(1);
  for (const s of closed) expect(probe(s.file).streams).toHaveLength(2);
});
