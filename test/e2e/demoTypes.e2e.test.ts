// `hearing demo --type` as an operator runs it (the built CLI, its own platform, Chromium for each
// participant): 提讯, 认罪认罚 and 速裁庭审 each go live with the demo users on the seeded case, and
// 云端调解 with two villagers who join by the code texted to them (the demo's phones); each ends and
// leaves its sealed recording and signed PDFs in DIR; the CLI's `hearing verify` accepts each
// PDF offline with the agency's certificate, and a flipped byte is refused.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_TYPES } from '../../server/cli/demoTypes';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'bin', 'hearing.js');
const EXPECTED: Record<(typeof DEMO_TYPES)[number], string[]> = {
  tixun: ['transcript'],
  plea: ['plea_statement'],
  trial: ['transcript', 'judgment'],
  mediation: ['transcript', 'mediation_agreement'],
};

it.each(DEMO_TYPES)(
  'hearing demo --type %s runs the session through the UI and its signed documents verify offline',
  (type) => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `demo-${type}-`));
    const run = spawnSync(process.execPath, [cli, 'demo', '--type', type, '--out', out], {
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, LOG_LEVEL: 'error', NODE_ENV: 'test' },
    });
    expect([run.status, run.stdout.split('\n').filter((l) => l.includes('FAIL')), run.stderr.slice(-2000)]).toEqual([
      0,
      [],
      expect.any(String),
    ]);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ type, ok: true, failures: [], recording: { state: 'complete', verified: true } });
    expect(report.documents.map((d: { kind: string }) => d.kind)).toEqual(EXPECTED[type]);
    const cert = path.join(out, 'agency-pdf-certificate.pem');
    for (const d of report.documents as { file: string; code: string; kind: string }[]) {
      const verified = spawnSync(process.execPath, [cli, 'verify', d.file, '--public-key', cert], { encoding: 'utf8' });
      expect([d.kind, verified.status]).toEqual([d.kind, 0]);
      expect(verified.stdout).toContain(`verification code ${d.code}`);
      const bytes = fs.readFileSync(d.file);
      bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] as number) ^ 0x01;
      fs.writeFileSync(`${d.file}.flipped.pdf`, bytes);
      expect(spawnSync(process.execPath, [cli, 'verify', `${d.file}.flipped.pdf`], { encoding: 'utf8' }).status).not.toBe(0);
    }
    expect(fs.existsSync(path.join(out, 'recordings', 'manifest.json'))).toBe(true);
  },
  320_000,
);
