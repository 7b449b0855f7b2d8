// The record of a 认罪认罚 hearing, where the law requires the lawyer's presence: after the suspect
// has signed every page on the kiosk, the duty lawyer signs from their own screen, and only then
// the prosecutor. Without the lawyer's signature the record can never become final.
import { randomUUID } from 'node:crypto';
import { livePlea } from '../support/pleaSession';
import { fingerprint, signature } from '../support/signatures';
import { ask, startTestServer, type TestServer, waitFor } from '../support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** A plea hearing live, its record typed, handed over and signed by the suspect on the kiosk. */
async function signedBySuspect() {
  const w = await livePlea(server);
  const { host, kiosk } = w;
  for (const [ord, kind, text] of [
    [1, 'q', '你是否自愿认罪认罚？'],
    [2, 'a', '是，我自愿认罪，同意检察机关的量刑建议，同意适用速裁程序。'],
  ] as const)
    await ask(host, 'transcript:edit', { opId: randomUUID(), blockId: randomUUID(), base: null, ord, kind, text });
  const pages = (await ask(host, 'transcript:submit', {})).data.pages as { number: number; sha256: string }[];
  expect((await ask(kiosk, 'transcript:signClosing', { mode: 'handwritten', signature: signature(3) })).ok).toBe(true);
  for (const p of pages)
    expect(
      (
        await ask(kiosk, 'transcript:signPage', {
          page: p.number,
          pageSha256: p.sha256,
          signature: signature(p.number),
          fingerprint: fingerprint(),
        })
      ).ok,
    ).toBe(true);
  return w;
}

it('is signed by the suspect, then the duty lawyer from their own screen, then the prosecutor, and becomes final', async () => {
  const w = await signedBySuspect();
  const early = await ask(w.host, 'transcript:signOfficial', { signature: signature(20) });
  expect(early).toMatchObject({ ok: false, error: 'invalid_state' });
  expect(early.message).toContain(w.lawyerName);
  expect((await ask(w.counsel, 'transcript:signOfficial', { signature: signature(21) })).ok).toBe(true);
  const done = await ask(w.host, 'transcript:signOfficial', { signature: signature(22) });
  expect(done.data).toMatchObject({ missing: [] });
  expect(done.data.officials.map((o: { role: string; signed: boolean }) => [o.role, o.signed]).sort()).toEqual([
    ['duty_lawyer', true],
    ['prosecutor', true],
  ]);
  expect((await ask(w.host, 'session:end', { reason: '具结完毕' })).ok).toBe(true);
  const token = await server.login(w.prosecutor.username);
  const final = await waitFor(
    async () => (await server.request('GET', `/api/sessions/${w.s.id}/transcript`, { token })).body.data.transcript.final,
    20_000,
  );
  expect(final.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
  for (const x of [w.host, w.counsel, w.kiosk]) x.close();
});

it('never becomes final without the lawyer’s signature', async () => {
  const w = await signedBySuspect();
  expect((await ask(w.host, 'session:end', { reason: '具结完毕' })).ok).toBe(true);
  const token = await server.login(w.prosecutor.username);
  const res = await server.request('POST', `/api/sessions/${w.s.id}/transcript/final`, { token });
  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ ok: false, error: 'transcript_unsigned' });
  expect(res.body.data.missing).toEqual(expect.arrayContaining([expect.objectContaining({ what: 'official', missing: w.lawyerName })]));
  for (const x of [w.host, w.counsel, w.kiosk]) x.close();
});
