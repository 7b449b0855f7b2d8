// `npm run bench:dossier`: packaging throughput against the plain tools on the same files in the
// same run. A case file of recording-sized segments, a few documents and one large file is made
// in a scratch folder; then, each round, (a) our packager copies every file while taking SHA-256
// and SM3, writes and signs the manifest and fsyncs; (b) `tar -cf` plus `sha256sum` over the same
// files; (c) our offline verification of the package. Reports the median of each in MiB/s.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_FORMAT, verifyPackage } from '../dossiers';
import { buildPackage } from '../dossiers';
import type { CaseFileItem } from '../dossiers';
import { loadAgencySigner } from '../security/agencySigning';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runBenchDossier(o: { mib: number; runs: number }): Promise<number> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dossier-'));
  try {
    const src = path.join(scratch, 'src');
    fs.mkdirSync(src);
    // ~70 % in 1 MiB segments (4 s of 2 Mbit/s video), 25 % in one large file, the rest in 64 KiB documents.
    const files: { name: string; bytes: number }[] = [];
    const segs = Math.max(1, Math.floor(o.mib * 0.7));
    for (let i = 0; i < segs; i += 1) files.push({ name: `t01-${String(i).padStart(6, '0')}.mkv`, bytes: 1 << 20 });
    files.push({ name: 'court-view.webm', bytes: Math.max(1, Math.floor(o.mib * 0.25)) << 20 });
    for (let i = 0; i < Math.max(1, Math.floor(o.mib * 0.05 * 16)); i += 1) files.push({ name: `doc-${i}.pdf`, bytes: 64 << 10 });
    const chunk = randomBytes(1 << 20);
    for (const f of files) {
      const fd = fs.openSync(path.join(src, f.name), 'w');
      for (let left = f.bytes; left > 0; left -= chunk.length) fs.writeSync(fd, chunk, 0, Math.min(left, chunk.length));
      fs.closeSync(fd);
    }
    const total = files.reduce((a, f) => a + f.bytes, 0);
    const mib = total / (1 << 20);
    console.log(
      `bench-dossier: ${files.length} files, ${mib.toFixed(0)} MiB, ${o.runs} runs (page cache warm for every tool alike; 1 warm-up read)`,
    );
    execFileSync(
      'cat',
      files.map((f) => path.join(src, f.name)),
      { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 },
    );

    const signer = loadAgencySigner(path.join(scratch, 'key.pem'), { create: true });
    const items: CaseFileItem[] = [
      {
        id: 'bench',
        kind: 'recording',
        title: 'bench',
        auditObject: { type: 'bench', id: 'bench' },
        provenance: { origin: 'born_digital', agency: 'BENCH', createdAt: new Date().toISOString(), createdBy: null, source: {} },
        files: files.map((f) => ({
          abs: path.join(src, f.name),
          path: `files/recordings/bench/${f.name}`,
          bytes: f.bytes,
          sha256: null,
          sm3: null,
          type: 'application/octet-stream',
          kind: 'recording_segment' as const,
        })),
      },
    ];
    const ours: number[] = [];
    const baseline: number[] = [];
    const tarOnly: number[] = [];
    const shaOnly: number[] = [];
    const verify: number[] = [];
    for (let run = 0; run < o.runs; run += 1) {
      const dir = path.join(scratch, `pkg-${run}`);
      let t = performance.now();
      await buildPackage({
        items,
        dir,
        signer,
        auditExtract: { bytes: Buffer.from('{}\n'), provenance: items[0]!.provenance },
        manifest: {
          format: PACKAGE_FORMAT,
          packageId: '00000000-0000-4000-8000-000000000000',
          idempotencyKey: `bench:${run}`,
          createdAt: new Date().toISOString(),
          sender: { code: 'BENCH', name: 'bench', kind: 'police', keyId: signer.keyId },
          recipient: { code: 'BENCH2', name: 'bench', kind: 'procuratorate' },
          purpose: 'prosecution_review',
          dossierVersion: run + 1,
          case: {
            id: '00000000-0000-4000-8000-000000000001',
            caseNumber: 'bench',
            title: 'bench',
            charge: 'bench',
            stage: 'investigation',
            fastTrack: false,
            sentenceOverOneYear: false,
            persons: [],
            keyDates: [],
          },
        },
      });
      ours.push(performance.now() - t);
      t = performance.now();
      const v = await verifyPackage(dir, { publicKeyPem: signer.publicKeyPem });
      verify.push(performance.now() - t);
      if (!v.ok) throw new Error(`the bench package does not verify: ${v.problems[0]?.message}`);
      fs.rmSync(dir, { recursive: true, force: true });

      const tarFile = path.join(scratch, `base-${run}.tar`);
      t = performance.now();
      execFileSync('tar', ['-cf', tarFile, '-C', src, '.']);
      execFileSync('sync', [tarFile]);
      const t1 = performance.now();
      execFileSync(
        'sha256sum',
        files.map((f) => f.name),
        { cwd: src, maxBuffer: 1 << 26 },
      );
      const t2 = performance.now();
      tarOnly.push(t1 - t);
      shaOnly.push(t2 - t1);
      baseline.push(t2 - t);
      fs.rmSync(tarFile, { force: true });
    }
    const rate = (ms: number) => `${(mib / (ms / 1000)).toFixed(0)} MiB/s`;
    const row = (label: string, xs: number[]) =>
      console.log(`  ${label.padEnd(58)} median ${median(xs).toFixed(0).padStart(6)} ms  ${rate(median(xs)).padStart(10)}`);
    row('ours: copy + SHA-256 + SM3 + manifest + Ed25519 + fsync', ours);
    row('baseline: tar -cf (+ sync) then sha256sum', baseline);
    row('  tar -cf (+ sync) alone', tarOnly);
    row('  sha256sum alone', shaOnly);
    row('ours: verify (SHA-256 + SM3 of every file + signature)', verify);
    console.log(
      `  ratio ours / baseline: ${(median(ours) / median(baseline)).toFixed(2)} (ours also computes SM3, which sha256sum does not)`,
    );
    return 0;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
