// `hearing verify <package folder> [--public-key sender.pem]`: checks a dossier package offline and
// names the first file (or the manifest) that does not match. Progress goes to stderr for large
// packages. Exit status 0 only when the signature and every file verify.
import fs from 'node:fs';
import { printVerdict } from './verdict';
import { verifyPackage } from '../dossiers';

const mib = (n: number) => (n / 1024 / 1024).toFixed(1);

export async function runVerifyPackage(target: string, o: { publicKey?: string; json?: boolean }): Promise<number> {
  const key = o.publicKey ? fs.readFileSync(o.publicKey, 'utf8') : undefined;
  let last = 0;
  const started = Date.now();
  const progress = (done: number, total: number) => {
    const now = Date.now();
    if (now - last < 500 && done < total) return;
    last = now;
    process.stderr.write(`\r  ${mib(done)}/${mib(total)} MiB (${total ? Math.floor((done / total) * 100) : 100}%)`);
  };
  const r = await verifyPackage(target, { ...(key ? { publicKeyPem: key } : {}), onProgress: progress });
  if (last) process.stderr.write('\n');
  if (o.json) {
    const { manifest: _m, ...rest } = r;
    console.log(JSON.stringify(rest, null, 2));
    return r.ok ? 0 : 1;
  }
  console.log(`package: ${r.dir} (${r.packageId ?? 'unreadable'})`);
  console.log(`case: ${r.caseNumber ?? '-'}; from ${r.sender ?? '-'} to ${r.recipient ?? '-'}`);
  console.log(
    `key: ${r.keyId ?? '-'} (${r.keySource === 'given' ? 'given with --public-key' : "the copy enclosed in the package: compare its id with the sender's configured key"})`,
  );
  console.log(`manifest: SHA-256 ${r.manifestSha256 ?? '-'}  SM3 ${r.manifestSm3 ?? '-'}`);
  console.log(`files: ${r.files}, bytes: ${r.bytes}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return printVerdict(r.ok, 'the signature and every file (size, SHA-256 and SM3) verify; nothing unlisted', r.problems);
}
