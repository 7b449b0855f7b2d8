// `hearing demo` end to end as an operator runs it (the built CLI, its own platform, four Chromium
// participants): it records the session and writes DIR/recordings/ with a manifest that verifies;
// ffprobe finds one stream per recorded producer, and each track covers the time it was recorded.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

it('records the demo session into DIR/recordings, verifiable offline, one stream per producer, durations as recorded', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-e2e-'));
  const run = spawnSync(process.execPath, [path.join(root, 'bin', 'hearing.js'), 'demo', '--out', out, '--seconds', '6'],
    { encoding: 'utf8', timeout: 300_000, env: { ...process.env, LOG_LEVEL: 'error', NODE_ENV: 'test' } });
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
