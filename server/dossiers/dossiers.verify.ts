// Offline check of a package folder, with the sender's public key (or, said so, the enclosed copy):
// the manifest's signature over its exact bytes, its shape, then every listed file's presence,
// size, SHA-256 and SM3, and any file nobody listed. Used by `hearing verify <package>` and by the
// receiving agency before it accepts anything.
import fs from 'node:fs';
import path from 'node:path';
import { keyIdOfPem, verifySignature } from '../security/agencySigning';
import { digestsOf, hashFile } from '../security/hashing';
import { PACKAGE_CONTROL_FILES, PACKAGE_MANIFEST, PACKAGE_PUBLIC_KEY, PACKAGE_SIGNATURE, PackageManifest } from './dossiers.format';

export type PackageProblem = {
  kind: 'signature' | 'manifest' | 'missing' | 'size' | 'hash' | 'unlisted' | 'not_a_file';
  path: string;
  message: string;
};

export type PackageVerifyResult = {
  ok: boolean;
  dir: string;
  keyId: string | null;
  keySource: 'given' | 'enclosed';
  packageId: string | null;
  sender: string | null;
  recipient: string | null;
  caseNumber: string | null;
  files: number;
  bytes: number;
  manifestSha256: string | null;
  manifestSm3: string | null;
  manifest: PackageManifest | null;
  problems: PackageProblem[];
};

export type VerifyOptions = {
  publicKeyPem?: string;
  onProgress?: (doneBytes: number, totalBytes: number, file: string) => void;
  stopAtFirst?: boolean;
};

/** Whether a folder holds a dossier package (rather than a recording part). */
export function isPackageDir(dir: string): boolean {
  try {
    const head = fs.readFileSync(path.join(dir, PACKAGE_MANIFEST), 'utf8').slice(0, 200);
    return head.includes('"hearing-dossier/');
  } catch {
    return false;
  }
}

function listFiles(dir: string, rel = ''): { rel: string; isFile: boolean }[] {
  const out: { rel: string; isFile: boolean }[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else out.push({ rel: r, isFile: e.isFile() });
  }
  return out;
}

export async function verifyPackage(dir: string, o: VerifyOptions = {}): Promise<PackageVerifyResult> {
  const r: PackageVerifyResult = {
    ok: false,
    dir,
    keyId: null,
    keySource: o.publicKeyPem ? 'given' : 'enclosed',
    packageId: null,
    sender: null,
    recipient: null,
    caseNumber: null,
    files: 0,
    bytes: 0,
    manifestSha256: null,
    manifestSm3: null,
    manifest: null,
    problems: [],
  };
  const problem = (p: PackageProblem): boolean => {
    r.problems.push(p);
    return Boolean(o.stopAtFirst);
  };
  let manifestBytes: Buffer;
  try {
    manifestBytes = fs.readFileSync(path.join(dir, PACKAGE_MANIFEST));
  } catch {
    problem({ kind: 'manifest', path: PACKAGE_MANIFEST, message: `${PACKAGE_MANIFEST} is missing` });
    return r;
  }
  const md = digestsOf(manifestBytes);
  r.manifestSha256 = md.sha256;
  r.manifestSm3 = md.sm3;
  let key = o.publicKeyPem;
  if (!key) {
    try {
      key = fs.readFileSync(path.join(dir, PACKAGE_PUBLIC_KEY), 'utf8');
    } catch {
      problem({ kind: 'signature', path: PACKAGE_PUBLIC_KEY, message: 'no public key given and none enclosed' });
      return r;
    }
  }
  let signature: Buffer;
  try {
    signature = Buffer.from(fs.readFileSync(path.join(dir, PACKAGE_SIGNATURE), 'utf8').trim(), 'base64');
  } catch {
    problem({ kind: 'signature', path: PACKAGE_SIGNATURE, message: `${PACKAGE_SIGNATURE} is missing` });
    return r;
  }
  try {
    r.keyId = keyIdOfPem(key);
    if (!verifySignature(key, manifestBytes, signature)) {
      problem({
        kind: 'signature',
        path: PACKAGE_MANIFEST,
        message: `${PACKAGE_MANIFEST}: the signature does not verify with key ${r.keyId} (the manifest or its signature was changed, or another agency signed it)`,
      });
      return r;
    }
  } catch (err) {
    problem({ kind: 'signature', path: PACKAGE_SIGNATURE, message: `the key or signature is unreadable: ${(err as Error).message}` });
    return r;
  }
  let parsed: ReturnType<typeof PackageManifest.safeParse>;
  try {
    parsed = PackageManifest.safeParse(JSON.parse(manifestBytes.toString('utf8')));
  } catch (err) {
    problem({ kind: 'manifest', path: PACKAGE_MANIFEST, message: `${PACKAGE_MANIFEST} is not JSON: ${(err as Error).message}` });
    return r;
  }
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    problem({ kind: 'manifest', path: PACKAGE_MANIFEST, message: `${PACKAGE_MANIFEST}: ${i.path.join('.')}: ${i.message}` });
    return r;
  }
  const m = parsed.data;
  r.manifest = m;
  r.packageId = m.packageId;
  r.sender = m.sender.code;
  r.recipient = m.recipient.code;
  r.caseNumber = m.case.caseNumber;
  r.files = m.files.length;
  r.bytes = m.files.reduce((s, f) => s + f.bytes, 0);
  if (m.totals.files !== r.files || m.totals.bytes !== r.bytes || new Set(m.files.map((f) => f.path)).size !== r.files) {
    problem({ kind: 'manifest', path: PACKAGE_MANIFEST, message: `${PACKAGE_MANIFEST}: totals or paths do not add up` });
    return r;
  }
  const listed = new Set(m.files.map((f) => f.path));
  for (const f of listFiles(dir)) {
    if ((PACKAGE_CONTROL_FILES as readonly string[]).includes(f.rel)) continue;
    if (!f.isFile) {
      if (problem({ kind: 'not_a_file', path: f.rel, message: `${f.rel} is not a regular file` })) return r;
      continue;
    }
    if (!listed.has(f.rel) && problem({ kind: 'unlisted', path: f.rel, message: `${f.rel} is in the package but not in its manifest` }))
      return r;
  }
  let done = 0;
  for (const f of m.files) {
    const abs = path.join(dir, f.path);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(abs);
    } catch {
      if (problem({ kind: 'missing', path: f.path, message: `${f.path} is missing` })) return r;
      continue;
    }
    if (!st.isFile()) {
      if (problem({ kind: 'not_a_file', path: f.path, message: `${f.path} is not a regular file` })) return r;
      continue;
    }
    if (st.size !== f.bytes) {
      if (problem({ kind: 'size', path: f.path, message: `${f.path}: ${st.size} bytes, the manifest says ${f.bytes}` })) return r;
      continue;
    }
    const h = await hashFile(abs, (n) => {
      done += n;
      o.onProgress?.(done, r.bytes, f.path);
    });
    const bad = [h.sha256 !== f.sha256 ? 'SHA-256' : null, h.sm3 !== f.sm3 ? 'SM3' : null].filter(Boolean);
    if (bad.length && problem({ kind: 'hash', path: f.path, message: `${f.path}: content changed (${bad.join(' and ')} differ)` }))
      return r;
  }
  r.ok = r.problems.length === 0;
  return r;
}
