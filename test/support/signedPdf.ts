// After a session ends: waits for its final record or instrument, downloads the signed PDF over
// HTTP and verifies it offline against the test agency's document certificate.
import fs from 'node:fs';
import path from 'node:path';
import { verifyTranscriptPdf } from '../../server/transcripts';
import { TEST_PDF_SIGNER, type TestServer, waitFor } from './testServer';

export async function finalPdfVerified(
  server: TestServer,
  sessionId: string,
  what: 'transcript' | 'instrument',
  token: string,
  dir: string,
) {
  const final = (await waitFor(
    async () => (await server.request('GET', `/api/sessions/${sessionId}/${what}`, { token })).body.data[what]?.final,
    30_000,
  )) as { verificationCode: string; pdfSha256: string };
  const res = await fetch(`${server.url}/api/sessions/${sessionId}/${what}.pdf`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET ${what}.pdf answered ${res.status}`);
  const file = path.join(dir, `${what}-${final.verificationCode}.pdf`);
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const report = await verifyTranscriptPdf(file, { certificatePem: TEST_PDF_SIGNER.certificatePem });
  return { final, file, report };
}
