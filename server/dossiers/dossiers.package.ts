// Builds a package folder (hearing-dossier/1) from the items of a case file: every file is copied
// once while both its hashes are taken, and compared with the hashes recorded when it was made or
// ingested (a changed original stops the packaging, naming it); the audit extract is added; the
// manifest is written, signed with the agency key, and the folder appears under its final name only
// when complete (built under a temporary name, fsync'd, renamed).
import fs from 'node:fs';
import path from 'node:path';
import { EvidenceAltered } from '../errors';
import type { AgencySigner } from '../security/agencySigning';
import { digester, digestsOf } from '../security/hashing';
import {
  PACKAGE_MANIFEST,
  PACKAGE_PUBLIC_KEY,
  PACKAGE_SIGNATURE,
  type PackageFile,
  type PackageManifest,
  type Provenance,
} from './dossiers.format';
import type { CaseFileItem } from './dossiers.types';

export type BuildInput = {
  items: CaseFileItem[];
  /** The folder to create; it must not exist. */
  dir: string;
  manifest: Omit<PackageManifest, 'files' | 'totals'>;
  signer: AgencySigner;
  /** JSON lines of the case's audit entries, added as files/audit/audit-extract.jsonl. */
  auditExtract: { bytes: Buffer; provenance: Provenance };
  onProgress?: (doneBytes: number, totalBytes: number) => void;
};
export type BuiltPackage = { manifestBytes: Buffer; sha256: string; sm3: string; files: number; bytes: number };

/**
 * Copies `src` to `dest` (created write-once, read-only) in one pass that also hashes it; the
 * write of one chunk overlaps the hashing of the next. With `later`, the fsync and close are handed
 * to the caller (who must await them) so they overlap the next file.
 */
async function copyHashed(
  src: string,
  dest: string,
  onBytes?: (n: number) => void,
  later?: (done: Promise<void>) => Promise<void>,
): Promise<{ bytes: number; sha256: string; sm3: string }> {
  const d = digester();
  const out = await fs.promises.open(dest, 'wx', 0o444);
  let closed = false;
  try {
    let inFlight: Promise<unknown> = Promise.resolve();
    for await (const chunk of fs.createReadStream(src, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      await inFlight;
      inFlight = out.write(chunk);
      d.update(chunk);
      onBytes?.(chunk.length);
    }
    await inFlight;
    const finish = out.sync().finally(() => out.close());
    closed = true;
    if (later) await later(finish);
    else await finish;
  } finally {
    if (!closed) await out.close();
  }
  return d.digest();
}

async function writeDurable(file: string, bytes: Buffer): Promise<void> {
  const fh = await fs.promises.open(file, 'wx', 0o444);
  try {
    await fh.write(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export async function buildPackage(input: BuildInput): Promise<BuiltPackage> {
  const tmp = `${input.dir}.building`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true, mode: 0o700 });
  try {
    const files: PackageFile[] = [];
    const sources = input.items.flatMap((item) => item.files.map((f) => ({ item, f })));
    const known = sources.reduce((a, s) => a + Math.max(0, s.f.bytes), 0);
    let done = 0;
    const made = new Set<string>();
    // NOTE: up to 16 files' fsyncs run while the next files are copied; all are awaited before the manifest.
    const syncing = new Set<Promise<void>>();
    const later = async (p: Promise<void>) => {
      const tracked = p.finally(() => syncing.delete(tracked));
      tracked.catch(() => undefined); // NOTE: observed here; the failure itself surfaces through Promise.all below.
      syncing.add(tracked);
      if (syncing.size >= 16) await Promise.race(syncing);
    };
    for (const { item, f } of sources) {
      const dest = path.join(tmp, f.path);
      const parent = path.dirname(dest);
      if (!made.has(parent)) {
        fs.mkdirSync(parent, { recursive: true });
        made.add(parent);
      }
      let got: Awaited<ReturnType<typeof copyHashed>>;
      try {
        got = await copyHashed(
          f.abs,
          dest,
          (n) => {
            done += n;
            input.onProgress?.(done, Math.max(known, done));
          },
          later,
        );
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT')
          throw EvidenceAltered(`${item.title}: ${f.path} (its stored file is missing)`);
        throw err;
      }
      if ((f.bytes >= 0 && got.bytes !== f.bytes) || (f.sha256 && got.sha256 !== f.sha256) || (f.sm3 && got.sm3 !== f.sm3)) {
        throw EvidenceAltered(`${item.title}: ${f.path}`);
      }
      files.push({
        path: f.path,
        bytes: got.bytes,
        sha256: got.sha256,
        sm3: got.sm3,
        type: f.type,
        kind: f.kind,
        provenance: item.provenance,
      });
    }
    await Promise.all(syncing);
    const auditPath = 'files/audit/audit-extract.jsonl';
    fs.mkdirSync(path.join(tmp, 'files', 'audit'), { recursive: true });
    await writeDurable(path.join(tmp, auditPath), input.auditExtract.bytes);
    const a = digestsOf(input.auditExtract.bytes);
    files.push({
      path: auditPath,
      bytes: a.bytes,
      sha256: a.sha256,
      sm3: a.sm3,
      type: 'application/x-ndjson',
      kind: 'audit_extract',
      provenance: input.auditExtract.provenance,
    });
    const totals = { files: files.length, bytes: files.reduce((s, f) => s + f.bytes, 0) };
    const manifest: PackageManifest = { ...input.manifest, files, totals };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    await writeDurable(path.join(tmp, PACKAGE_MANIFEST), manifestBytes);
    await writeDurable(path.join(tmp, PACKAGE_SIGNATURE), Buffer.from(`${input.signer.sign(manifestBytes).toString('base64')}\n`));
    await writeDurable(path.join(tmp, PACKAGE_PUBLIC_KEY), Buffer.from(input.signer.publicKeyPem));
    fs.renameSync(tmp, input.dir);
    const dirFd = fs.openSync(path.dirname(input.dir), 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
    const m = digestsOf(manifestBytes);
    return { manifestBytes, sha256: m.sha256, sm3: m.sm3, files: totals.files, bytes: totals.bytes };
  } catch (err) {
    removeTree(tmp);
    throw err;
  }
}

/** Removes a folder whose files were made read-only. */
export function removeTree(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
