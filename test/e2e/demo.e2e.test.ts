// `hearing demo` end to end as an operator runs it (the built CLI, its own platform, four Chromium
// participants): it records the session and writes DIR/recordings/ with a manifest that verifies;
// ffprobe finds one stream per recorded producer, and each track covers the time it was recorded;
// the record typed, corrected and signed through the UI is DIR/transcript.pdf, which reads back and verifies.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_QA } from '../../server/cli/demoTranscript';

const root = path.resolve(__dirname, '..', '..');

let out = '';
let run: SpawnSyncReturns<string>;
beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-e2e-'));
  run = spawnSync(process.execPath, [path.join(root, 'bin', 'hearing.js'), 'demo', '--out', out, '--seconds', '6'],
    { encoding: 'utf8', timeout: 300_000, env: { ...process.env, LOG_LEVEL: 'error', NODE_ENV: 'test' } });
}, 320_000);

it('records the demo session into DIR/recordings, verifiable offline, one stream per producer, durations as recorded', () => {
  expect(run.stdout).toContain('recording complete, verified');
  expect(run.status).toBe(0);

  const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
  expect(report.recording).toMatchObject({ state: 'complete', verified: true, gaps: 0 });
  const dir = path.join(out, 'recordings');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  // Four participants, each with a camera and a microphone (plus the evidence display).
  const kinds = manifest.tracks.map((t: { source: string }) => t.source);
  expect(kinds.filter((k: string) => k === 'camera')).toHaveLength(4);
  expect(kinds.filter((k: string) => k === 'microphone')).toHaveLength(4);
  expect(report.recording.tracks).toHaveLength(manifest.tracks.length);

  for (const t of manifest.tracks as { kind: string; label: string; segments: { file: string; startedAt: string; endedAt: string }[] }[]) {
    let packets = 0;
    for (const s of t.segments) {
      const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_entries', 'packet=pts_time', '-of', 'json', path.join(dir, s.file)]).toString());
      expect(probe.streams.map((x: { codec_type: string }) => x.codec_type)).toEqual([t.kind]);
      const times = probe.packets.map((p: { pts_time: string }) => Number(p.pts_time));
      packets += Math.max(...times) - Math.min(...times);
    }
    const recorded = (Date.parse(t.segments[t.segments.length - 1]!.endedAt) - Date.parse(t.segments[0]!.startedAt)) / 1000;
    expect(Math.abs(packets - recorded)).toBeLessThan(1);
  }

  const verify = spawnSync(process.execPath, [path.join(root, 'bin', 'hearing.js'), 'verify', dir], { encoding: 'utf8' });
  expect(verify.stdout).toContain('OK:');
  expect(verify.status).toBe(0);
  const courtView = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', path.join(dir, 'derived', 'court-view.webm')]).toString());
  expect(courtView.streams.map((x: { codec_name: string }) => x.codec_name).sort()).toEqual(['opus', 'vp8']);
});

it('writes the signed record to DIR/transcript.pdf: the Chinese text reads back exactly, pages agree, verify passes and catches one changed byte', () => {
  expect(`${run.stdout}${run.stderr}`).toContain('record: ');
  expect(run.status).toBe(0);
  const file = path.join(out, 'transcript.pdf');
  const quiet = { encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'] };
  // pdftotext breaks lines where the page does; joined, the text is exactly what was typed.
  const text = execFileSync('pdftotext', [file, '-'], quiet).replace(/\n/g, '');
  for (const [kind, t] of DEMO_QA.slice(0, -1)) expect(text).toContain(`${kind === 'q' ? '问' : '答'}：${t}`);
  expect(text).toContain('答：每张卡他给我五百元，一共一千五百元，钱是通过微信转给我的。');
  expect(text).toContain('以上笔录我看过，和我说的相符');
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], quiet))?.[1]);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
  expect(report.transcript).toMatchObject({ verified: true, pages });
  for (let n = 1; n <= pages; n++) {
    expect(execFileSync('pdftotext', ['-f', String(n), '-l', String(n), file, '-'], quiet).replace(/\s+/g, '')).toContain(`第${n}页共${pages}页`);
  }
  const cli = path.join(root, 'bin', 'hearing.js');
  const ok = spawnSync(process.execPath, [cli, 'verify', file, '--manifest', path.join(out, 'recordings')], { encoding: 'utf8' });
  expect(ok.stdout).toContain('OK:');
  expect(ok.status).toBe(0);
  const bytes = fs.readFileSync(file);
  bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] as number) ^ 0x20;
  fs.writeFileSync(path.join(out, 'changed.pdf'), bytes);
  const bad = spawnSync(process.execPath, [cli, 'verify', path.join(out, 'changed.pdf')], { encoding: 'utf8' });
  expect(bad.stdout).toContain('FAILED:');
  expect(bad.status).toBe(1);
});

it('ends by packaging the case into DIR/dossier: record, recording, documents and audit extract, verifiable offline, one changed byte caught', () => {
  expect(run.status).toBe(0);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
  expect(report.dossier).toMatchObject({ verified: true, problems: [] });
  for (const kind of ['transcript', 'recording_manifest', 'recording_segment', 'document', 'audit_extract']) expect(report.dossier.kinds[kind]).toBeGreaterThan(0);
  const dir = path.join(out, 'dossier');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  expect(manifest).toMatchObject({ format: 'hearing-dossier/1', purpose: 'prosecution_review', recipient: { kind: 'procuratorate' } });
  const scan = manifest.files.find((f: { type: string; kind: string }) => f.kind === 'document' && f.type === 'image/jpeg');
  expect(scan.provenance.origin).toBe('scanned');
  // The record inside the package is the same file as DIR/transcript.pdf.
  const pdf = manifest.files.find((f: { kind: string }) => f.kind === 'transcript');
  expect(fs.readFileSync(path.join(dir, pdf.path)).equals(fs.readFileSync(path.join(out, 'transcript.pdf')))).toBe(true);
  const verify = (d: string) => spawnSync(process.execPath, [path.join(root, 'bin', 'hearing.js'), 'verify', d, '--public-key', path.join(out, 'agency-public-key.pem')],
    { encoding: 'utf8' });
  const ok = verify(dir);
  expect(ok.stdout).toContain('OK:');
  expect(ok.status).toBe(0);
  const seg = manifest.files.find((f: { kind: string }) => f.kind === 'recording_segment').path;
  const file = path.join(dir, seg);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
  fs.chmodSync(file, 0o644);
  fs.writeFileSync(file, bytes);
  const bad = verify(dir);
  expect(bad.status).toBe(1);
  expect(bad.stdout).toContain(`FAILED: ${seg}: content changed`);
  expect(fs.existsSync(path.join(out, '8-case-file.png'))).toBe(true);
});
