// `hearing verify <manifest.json | folder>`: checks a sealed recording offline and names the
// first segment that does not match. Exit status 0 only when everything verifies.
import fs from 'node:fs';
import { printVerdict } from './verdict';
import { verifyRecording } from '../recording';

export async function runVerifyRecording(target: string, o: { publicKey?: string; json?: boolean }): Promise<number> {
  if (!fs.existsSync(target)) {
    console.error(`verify: ${target} does not exist`);
    return 2;
  }
  const key = o.publicKey ? fs.readFileSync(o.publicKey, 'utf8') : undefined;
  const progress = process.stderr.isTTY ? (d: number, t: number) => process.stderr.write(`\r  ${d}/${t} segments`) : undefined;
  const r = await verifyRecording(target, key, progress);
  if (progress) process.stderr.write('\n');
  if (o.json) {
    console.log(JSON.stringify(r, null, 2));
    return r.ok ? 0 : 1;
  }
  console.log(`manifest: ${r.manifestFile} (${r.recordingState ?? 'unreadable'})`);
  console.log(
    `key: ${r.keyId ?? '-'} (${r.keySource === 'given' ? 'given with --public-key' : "the copy enclosed in the folder: compare its id with the agency's published key"})`,
  );
  console.log(`tracks: ${r.tracks}, segments: ${r.segments}, bytes: ${r.bytes}`);
  return printVerdict(r.ok, 'signature, every segment hash (SHA-256 and SM3) and every track chain verify', r.problems);
}
