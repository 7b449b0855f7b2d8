// What every `hearing demo --type` run shares: freeing the slot before booking, and after the end
// collecting the evidence — the sealed recording and each signed PDF, downloaded into DIR and
// verified offline with the agency's keys — into DIR/report.json.
import fs from 'node:fs';
import path from 'node:path';
import { verifyTranscriptPdf } from '../transcripts';
import type { ApiClient } from './apiClient';
import { sleep } from './browser';
import { fetchRecording } from './demoRecording';
import type { Target } from './localPlatform';

/** A booking as POST /api/sessions takes it, less its slot. */
export type BookingBody = {
  caseId: string;
  type: string;
  title: string;
  participants: { userId: string | undefined; sessionRole: string }[];
} & Record<string, unknown>;

/** Cancels (with a reason) whatever holds these people and the room now, as whichever demo login may. */
export async function freeSlot(clients: ApiClient[], body: BookingBody, start: Date, minutes: number): Promise<number> {
  const check = await (clients[0] as ApiClient).call<{ conflicts: { sessionId: string }[] }>('POST', '/api/scheduling/check', {
    ...body,
    startsAt: start.toISOString(),
    minutes,
  });
  const held = [...new Set(check.conflicts.map((c) => c.sessionId))];
  for (const id of held) {
    const tried: string[] = [];
    for (const c of clients) {
      const ok = await c.call('POST', `/api/sessions/${id}/cancel`, { reason: '演示脚本重新安排本时段' }).then(
        () => true,
        (e: Error) => {
          tried.push(e.message);
          return false;
        },
      );
      if (ok) break;
      if (tried.length === clients.length)
        throw new Error(`session ${id} holds the slot and no demo login may cancel it: ${tried.join('; ')}`);
    }
  }
  return held.length;
}

async function verifiedPdf(api: ApiClient, sessionId: string, what: 'transcript' | 'instrument', out: string, certificatePem: string) {
  type Final = { verificationCode: string; pdfSha256: string };
  let final: Final | null = null;
  for (let i = 0; i < 120 && !final; i++) {
    final =
      (await api.call<Record<string, { final: Final | null } | null>>('GET', `/api/sessions/${sessionId}/${what}`))[what]?.final ?? null;
    if (!final) await sleep(250);
  }
  if (!final) throw new Error(`the ${what} was not made final`);
  const file = path.join(out, `${what}.pdf`);
  await api.download(`/api/sessions/${sessionId}/${what}.pdf`, file);
  const r = await verifyTranscriptPdf(file, { certificatePem });
  return {
    file,
    kind: r.references?.kind ?? null,
    code: final.verificationCode,
    sha256: final.pdfSha256,
    verified: r.ok,
    problems: r.problems,
  };
}

/** Downloads and verifies the session's recording and `documents`, writes DIR/report.json; 0 when everything verifies. */
export async function collectEvidence(o: {
  out: string;
  type: string;
  target: Target;
  api: ApiClient;
  sessionId: string;
  documents: ('transcript' | 'instrument')[];
  log: (m: string) => void;
  extra: Record<string, unknown>;
}): Promise<number> {
  const certificatePem = await fetch(`${o.target.url}/api/agency/pdf-certificate`).then((r) => r.text());
  fs.writeFileSync(path.join(o.out, 'agency-pdf-certificate.pem'), certificatePem);
  const publicKey = o.target.recordings ? fs.readFileSync(o.target.recordings.publicKeyFile, 'utf8') : undefined;
  const recording = await fetchRecording(o.api, o.sessionId, o.out, publicKey);
  const documents = [];
  for (const what of o.documents) documents.push(await verifiedPdf(o.api, o.sessionId, what, o.out, certificatePem));
  const failures = [
    ...(recording.verified ? [] : [`recording does not verify: ${recording.problems[0] ?? ''}`]),
    ...documents.filter((d) => !d.verified).map((d) => `${d.file} does not verify: ${d.problems[0] ?? ''}`),
  ];
  for (const d of documents) o.log(`${d.kind}: ${d.file}, code ${d.code}, ${d.verified ? 'verified' : 'NOT verified'}`);
  o.log(`recording ${recording.state}, ${recording.verified ? 'verified' : 'NOT verified'}`);
  const report = {
    generatedAt: new Date().toISOString(),
    type: o.type,
    url: o.target.url,
    sessionId: o.sessionId,
    recording,
    documents,
    ...o.extra,
    ok: !failures.length,
    failures,
  };
  fs.writeFileSync(path.join(o.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const f of failures) o.log(`FAIL: ${f}`);
  return failures.length ? 1 : 0;
}
