// `hearing demo` end to end as an operator runs it (the built CLI, its own platform, four Chromium
// participants): it records the session and writes DIR/recordings/ with a manifest that verifies;
// ffprobe finds one stream per recorded producer, and each track covers the time it was recorded;
// the record typed, corrected and signed through the UI is DIR/transcript.pdf, which reads back and verifies.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_QA } from '../../server/cli/demoTranscript';
import { sessionRoleLabel } from '../../server/vocabulary';

const root = path.resolve(__dirname, '..', '..');

/** The platform's default stall bound (RECORDING_STALL_MS, 4000 ms), which the demo runs with. */
const STALL_SECONDS = 4;
const FIRST_KEY_FRAME_MS = 2000;
const DETAINEE_LABEL = sessionRoleLabel('detainee', 'interrogation')['zh-CN'];

type ManifestTrack = {
  seq: number;
  kind: string;
  label: string;
  source: string;
  continuous: boolean;
  segments: { file: string; run: number; startedAt: string; endedAt: string }[];
};

/** What a track's segment files hold, next to the times the manifest says it was recorded; printed whole when a check fails. */
function coverage(dir: string, t: ManifestTrack) {
  const segments = t.segments.map((s) => {
    const probe = JSON.parse(
      execFileSync('ffprobe', [
        '-v',
        'error',
        '-show_streams',
        '-show_entries',
        'packet=pts_time',
        '-of',
        'json',
        path.join(dir, s.file),
      ]).toString(),
    );
    const times: number[] = probe.packets.map((p: { pts_time: string }) => Number(p.pts_time)).sort((a: number, b: number) => a - b);
    return {
      file: s.file,
      run: s.run,
      streams: probe.streams.map((x: { codec_type: string }) => x.codec_type) as string[],
      packets: times.length,
      firstPts: times[0] ?? null,
      lastPts: times[times.length - 1] ?? null,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      times,
    };
  });
  let mediaSeconds = 0;
  let largestHoleSeconds = 0;
  // NOTE: media times run on within one recorder run and start again in the next one.
  for (const run of new Set(segments.map((s) => s.run))) {
    const times = segments.filter((s) => s.run === run).flatMap((s) => s.times);
    if (times.length === 0) continue;
    mediaSeconds += (times[times.length - 1] as number) - (times[0] as number);
    for (let i = 1; i < times.length; i++)
      largestHoleSeconds = Math.max(largestHoleSeconds, (times[i] as number) - (times[i - 1] as number));
  }
  const recordedSeconds = (Date.parse(t.segments[t.segments.length - 1]!.endedAt) - Date.parse(t.segments[0]!.startedAt)) / 1000;
  return {
    track: t.seq,
    label: t.label,
    source: t.source,
    continuous: t.continuous,
    mediaSeconds,
    recordedSeconds,
    largestHoleSeconds,
    segments: segments.map(({ times: _t, ...rest }) => rest),
  };
}

let out = '';
let run: SpawnSyncReturns<string>;
beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-e2e-'));
  run = spawnSync(process.execPath, [path.join(root, 'bin', 'hearing.js'), 'demo', '--out', out, '--seconds', '6'], {
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, LOG_LEVEL: 'error', NODE_ENV: 'test' },
  });
}, 320_000);

it('records the demo session into DIR/recordings, verifiable offline, one stream per producer, durations as recorded', () => {
  expect(run.stdout).toContain('recording complete, verified');
  expect(run.status).toBe(0);

  const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
  expect(report.recording).toMatchObject({ state: 'complete', verified: true, gaps: 0, gapList: [] });
  const dir = path.join(out, 'recordings');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  // Four participants, each with a camera and a microphone (plus the evidence display).
  const kinds = manifest.tracks.map((t: { source: string }) => t.source);
  expect(kinds.filter((k: string) => k === 'camera')).toHaveLength(4);
  expect(kinds.filter((k: string) => k === 'microphone')).toHaveLength(4);
  expect(report.recording.tracks).toHaveLength(manifest.tracks.length);

  for (const t of manifest.tracks as ManifestTrack[]) {
    const c = coverage(dir, t);
    for (const seg of c.segments)
      expect({ track: t.label, file: seg.file, streams: seg.streams }).toEqual({ track: t.label, file: seg.file, streams: [t.kind] });
    // A camera or microphone sends all the time: its media spans the time it was recorded, and no
    // pause between two packets is longer than the recorder's stall bound, past which a gap would
    // have been recorded (and there are none). A still evidence picture sends frames only when it
    // changes: they must lie within the time recorded, each segment holding some.
    const ok = t.continuous
      ? Math.abs(c.mediaSeconds - c.recordedSeconds) < 1 && c.largestHoleSeconds < STALL_SECONDS
      : c.segments.every((x) => x.packets > 0) && c.mediaSeconds <= c.recordedSeconds + 1;
    // NOTE: on failure the whole record is printed: the track, its segments and both spans.
    expect(ok ? 'ok' : JSON.stringify(c, null, 1)).toBe('ok');
  }

  // Whole: the detainee's camera and microphone were recorded from when the session went live
  // until after the last signature on the record. NOTE: going live needs their recorders running;
  // the first media a video recorder can write is the next key frame, so it may begin up to
  // FIRST_KEY_FRAME_MS after going live (0.1-0.6 s in our runs).
  const at = (kind: string) =>
    manifest.markers.filter((m: { kind: string }) => m.kind === kind).map((m: { at: string }) => Date.parse(m.at));
  const wentLive = Math.min(...at('went_live'));
  const lastSigned = Math.max(...at('transcript_closing_signed'), ...at('transcript_official_signed'), ...at('transcript_page_signed'));
  for (const t of (manifest.tracks as ManifestTrack[]).filter((x) => x.label.includes(DETAINEE_LABEL) && x.continuous)) {
    const from = Date.parse(t.segments[0]!.startedAt);
    const to = Date.parse(t.segments[t.segments.length - 1]!.endedAt);
    const whole = from <= wentLive + FIRST_KEY_FRAME_MS && to >= lastSigned;
    expect(whole ? 'whole' : JSON.stringify({ track: t.label, from, to, wentLive, lastSigned })).toBe('whole');
  }

  const verify = spawnSync(process.execPath, [path.join(root, 'bin', 'hearing.js'), 'verify', dir], { encoding: 'utf8' });
  expect(verify.stdout).toContain('OK:');
  expect(verify.status).toBe(0);
  const courtView = JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', path.join(dir, 'derived', 'court-view.webm')]).toString(),
  );
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
    expect(execFileSync('pdftotext', ['-f', String(n), '-l', String(n), file, '-'], quiet).replace(/\s+/g, '')).toContain(
      `第${n}页共${pages}页`,
    );
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
  for (const kind of ['transcript', 'recording_manifest', 'recording_segment', 'document', 'audit_extract'])
    expect(report.dossier.kinds[kind]).toBeGreaterThan(0);
  const dir = path.join(out, 'dossier');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  expect(manifest).toMatchObject({ format: 'hearing-dossier/1', purpose: 'prosecution_review', recipient: { kind: 'procuratorate' } });
  const scan = manifest.files.find((f: { type: string; kind: string }) => f.kind === 'document' && f.type === 'image/jpeg');
  expect(scan.provenance.origin).toBe('scanned');
  // The record inside the package is the same file as DIR/transcript.pdf.
  const pdf = manifest.files.find((f: { kind: string }) => f.kind === 'transcript');
  expect(fs.readFileSync(path.join(dir, pdf.path)).equals(fs.readFileSync(path.join(out, 'transcript.pdf')))).toBe(true);
  const verify = (d: string) =>
    spawnSync(
      process.execPath,
      [path.join(root, 'bin', 'hearing.js'), 'verify', d, '--public-key', path.join(out, 'agency-public-key.pem')],
      { encoding: 'utf8' },
    );
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
