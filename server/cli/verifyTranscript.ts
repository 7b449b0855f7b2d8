// `hearing verify <transcript.pdf | instrument.pdf> [--public-key CERT.pem] [--manifest manifest.json|folder]`:
// checks a final record (or a signed instrument: 具结书, judgment, 调解协议书) offline: the agency's signature over every byte, the references in it,
// and (when given) that the recording manifest at hand is the one its footer names.
import fs from 'node:fs';
import { verifyTranscriptPdf } from '../transcripts';

export async function runVerifyTranscript(file: string, o: { publicKey?: string; manifest?: string; json?: boolean }): Promise<number> {
  if (!fs.existsSync(file)) {
    console.error(`verify: ${file} does not exist`);
    return 2;
  }
  const r = await verifyTranscriptPdf(file, {
    ...(o.publicKey ? { certificatePem: fs.readFileSync(o.publicKey, 'utf8') } : {}),
    ...(o.manifest ? { manifest: o.manifest } : {}),
  });
  if (o.json) {
    console.log(JSON.stringify(r, null, 2));
    return r.ok ? 0 : 1;
  }
  const what = !r.references || r.references.kind === 'transcript' ? 'record' : `instrument (${r.references.kind})`;
  console.log(`${what}: ${file} (${r.pages ?? '?'} pages)`);
  console.log(
    `signed by: ${r.signer ?? '-'} at ${r.signedAt ?? '-'} (${r.certificate === 'given' ? 'certificate given with --public-key' : "the certificate enclosed in the signature: compare it with the agency's published one"})`,
  );
  if (r.references) {
    console.log(`session: ${r.references.sessionId}, verification code ${r.references.code}`);
    for (const m of r.references.manifests) console.log(`recording manifest (${m.part}): SHA-256 ${m.sha256} SM3 ${m.sm3}`);
  }
  if (r.manifest) console.log(`manifest at hand: ${r.manifest.file} ${r.manifest.matches ? 'is the one named' : 'does NOT match'}`);
  if (r.ok) {
    console.log('OK: the signature covers every byte and verifies; the references and the verification code agree');
    return 0;
  }
  console.log(`FAILED: ${r.problems[0]}`);
  for (const p of r.problems.slice(1)) console.log(`  also: ${p}`);
  return 1;
}
