// `hearing verify <manifest.json | folder>`: checks a sealed recording offline and names the
// first segment that does not match. Exit status 0 only when everything verifies.
import fs from 'node:fs';
import { verifyRecording } from '../recording/recording.verify';

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
  console.log(`key: ${r.keyId ?? '-'} (${r.keySource === 'given' ? 'given with --public-key' : 'the copy enclosed in the folder: compare its id with the agency\'s published key'})`);
  console.log(`tracks: ${r.tracks}, segments: ${r.segments}, bytes: ${r.bytes}`);
  if (r.ok) {
    console.log('OK: signature, every segment hash (SHA-256 and SM3) and every track chain verify');
    return 0;
  }
  console.log(`FAILED: ${r.problems[0]!.message}`);
  for (const p of r.problems.slice(1, 20)) console.log(`  also: ${p.message}`);
  if (r.problems.length > 20) console.log(`  … and ${r.problems.length - 20} more`);
  return 1;
}
