// Signed instruments made within a session. The 认罪认罚具结书 is built from the case, signed by the
// suspect on the kiosk (with a fingerprint), then the duty lawyer from their own screen, then the
// prosecutor, each bound to the hash of the text shown; it becomes a signed PDF in the case file,
// verified offline by `hearing verify`. Withdrawn for a change, every signature lapses; without the
// lawyer's signature it never becomes final. The 调解协议书 and the record of a mediation are
// signed by each party on their own device, then the mediator.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyTranscriptPdf } from '../../server/transcripts';
import { buildCase, buildUser } from '../support/factories';
import { livePlea } from '../support/pleaSession';
import { fingerprint, signature } from '../support/signatures';
import { startFakeSmsGateway } from '../support/smsGateway';
import { ask, startTestServer, TEST_PDF_SIGNER, type TestServer, waitFor } from '../support/testServer';

let server: TestServer;
let gateway: Awaited<ReturnType<typeof startFakeSmsGateway>>;
beforeAll(async () => {
  gateway = await startFakeSmsGateway();
  server = await startTestServer({ sms: { url: gateway.url, token: 't' } });
});
afterAll(async () => {
  await server.close();
  await gateway.close();
});

const PLEA = {
  kind: 'plea_statement',
  facts: '2026年10月3日在某小区盗窃电动车一辆，价值3200元',
  sentencingProposal: '有期徒刑六个月，缓刑一年，并处罚金二千元',
  procedure: 'fast_track',
};
const cli = path.resolve(__dirname, '..', '..', 'bin', 'hearing.js');

async function download(url: string, token: string): Promise<Buffer> {
  const res = await fetch(server.url + url, { headers: { authorization: `Bearer ${token}` } });
  expect([url, res.status]).toEqual([url, 200]);
  return Buffer.from(await res.arrayBuffer());
}

async function finalOf(sessionId: string, token: string) {
  return waitFor(
    async () => (await server.request('GET', `/api/sessions/${sessionId}/instrument`, { token })).body.data.instrument.final,
    20_000,
  );
}

it('具结书: built from the case, signed by the suspect on the kiosk, the lawyer, then the prosecutor; a signed PDF in the case file, verified offline', async () => {
  const w = await livePlea(server);
  expect((await ask(w.counsel, 'instrument:draft', { fields: PLEA })).error).toBe('forbidden');
  expect((await ask(w.host, 'instrument:draft', { fields: { kind: 'judgment', verdict: '判处有期徒刑', reasoning: '' } })).error).toBe(
    'invalid_request',
  );
  expect((await ask(w.host, 'instrument:draft', { fields: { ...PLEA, sentencingProposal: '' } })).error).toBe('invalid_request');
  expect((await ask(w.host, 'instrument:draft', { fields: PLEA })).data).toMatchObject({
    state: 'draft',
    kind: 'plea_statement',
    body: null,
  });
  expect(
    (await ask(w.kiosk, 'instrument:sign', { contentSha256: 'a'.repeat(64), signature: signature(1), fingerprint: fingerprint() })).error,
  ).toBe('invalid_state');
  const opened = (await ask(w.host, 'instrument:open', {})).data;
  expect(opened.state).toBe('signing');
  const text = opened.body.paragraphs.join('');
  for (const part of [PLEA.facts, PLEA.sentencingProposal, '速裁程序', w.lawyerName, w.s.caseNumber]) expect(text).toContain(part);
  expect(opened.signers.map((x: { role: string; step: number }) => [x.role, x.step])).toEqual([
    ['detainee', 1],
    ['duty_lawyer', 2],
    ['prosecutor', 3],
  ]);
  const hash = opened.contentSha256 as string;
  // In order: not the lawyer before the suspect; the suspect on the kiosk, with a fingerprint, on the text shown.
  const early = await ask(w.counsel, 'instrument:sign', { contentSha256: hash, signature: signature(2) });
  expect(early).toMatchObject({ ok: false, error: 'invalid_state' });
  expect((await ask(w.kiosk, 'instrument:sign', { contentSha256: hash, signature: signature(3) })).error).toBe('signature_invalid');
  expect(
    (await ask(w.kiosk, 'instrument:sign', { contentSha256: 'b'.repeat(64), signature: signature(3), fingerprint: fingerprint() })).error,
  ).toBe('signature_invalid');
  expect((await ask(w.kiosk, 'instrument:sign', { contentSha256: hash, signature: signature(3), fingerprint: fingerprint() })).ok).toBe(
    true,
  );
  const noLawyerYet = await ask(w.host, 'instrument:sign', { contentSha256: hash, signature: signature(4) });
  expect(noLawyerYet).toMatchObject({ ok: false, error: 'invalid_state' });
  expect(noLawyerYet.message).toContain(w.lawyerName);
  expect((await ask(w.host, 'instrument:draft', { fields: PLEA })).error).toBe('invalid_state');
  expect((await ask(w.counsel, 'instrument:sign', { contentSha256: hash, signature: signature(5) })).ok).toBe(true);
  const done = (await ask(w.host, 'instrument:sign', { contentSha256: hash, signature: signature(6) })).data;
  expect(done.missing).toEqual([]);
  expect(done.signers.every((x: { signedAt: string | null }) => x.signedAt)).toBe(true);

  expect((await ask(w.host, 'session:end', { reason: '具结完毕' })).ok).toBe(true);
  const token = await server.login(w.prosecutor.username);
  const final = await finalOf(w.s.id, token);
  expect(final.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instrument-'));
  const file = path.join(dir, 'plea.pdf');
  fs.writeFileSync(file, await download(`/api/sessions/${w.s.id}/instrument.pdf`, token));
  const cert = path.join(dir, 'agency.cert.pem');
  fs.writeFileSync(cert, TEST_PDF_SIGNER.certificatePem);
  const out = execFileSync('node', [cli, 'verify', file, '--public-key', cert], { encoding: 'utf8' });
  expect(out).toContain('instrument (plea_statement)');
  expect(out).toContain(`verification code ${final.verificationCode}`);
  expect(out).toContain('OK');
  const bytes = fs.readFileSync(file);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = (bytes[at] as number) ^ 0x01;
  fs.writeFileSync(path.join(dir, 'flipped.pdf'), bytes);
  expect(() => execFileSync('node', [cli, 'verify', path.join(dir, 'flipped.pdf')], { stdio: 'pipe' })).toThrow();

  const dossier = (await server.request('GET', `/api/cases/${w.caseId}/dossier`, { token })).body.data;
  expect(dossier.items.filter((i: { kind: string }) => i.kind === 'instrument').map((i: { title: string }) => i.title)).toEqual([
    expect.stringContaining('认罪认罚具结书'),
  ]);
  const actions = (await server.db('audit_entries').where({ object_type: 'session', object_id: w.s.id })).map(
    (r: { action: string }) => r.action,
  );
  expect(actions.filter((a: string) => a === 'instrument.signed')).toHaveLength(3);
  expect(actions).toEqual(
    expect.arrayContaining(['instrument.drafted', 'instrument.opened', 'instrument.finalized', 'instrument.downloaded']),
  );
  w.close();
});

it('withdrawn for a change, every signature lapses; without the lawyer’s signature it never becomes final', async () => {
  const w = await livePlea(server);
  await ask(w.host, 'instrument:draft', { fields: PLEA });
  const first = (await ask(w.host, 'instrument:open', {})).data.contentSha256 as string;
  expect((await ask(w.kiosk, 'instrument:sign', { contentSha256: first, signature: signature(3), fingerprint: fingerprint() })).ok).toBe(
    true,
  );
  const back = (await ask(w.host, 'instrument:withdraw', { reason: '犯罪嫌疑人对量刑建议有异议，重新协商' })).data;
  expect(back).toMatchObject({ state: 'draft', body: null });
  expect(back.signers.every((x: { signedAt: string | null }) => x.signedAt === null)).toBe(true);
  await ask(w.host, 'instrument:draft', { fields: { ...PLEA, sentencingProposal: '有期徒刑五个月，缓刑一年' } });
  const second = (await ask(w.host, 'instrument:open', {})).data.contentSha256 as string;
  expect(second).not.toBe(first);
  expect((await ask(w.kiosk, 'instrument:sign', { contentSha256: second, signature: signature(4), fingerprint: fingerprint() })).ok).toBe(
    true,
  );
  expect((await ask(w.host, 'session:end', { reason: '具结未完成' })).ok).toBe(true);
  const token = await server.login(w.prosecutor.username);
  const res = await server.request('POST', `/api/sessions/${w.s.id}/instrument/final`, { token });
  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ ok: false, error: 'instrument_unsigned' });
  expect(res.body.data.missing).toEqual(expect.arrayContaining([expect.objectContaining({ missing: w.lawyerName })]));
  expect((await server.db('instrument_signatures').whereNotNull('superseded_at')).length).toBeGreaterThanOrEqual(1);
  w.close();
});

const codeIn = (text: string) => /([2-9A-Z]{5}-[2-9A-Z]{5})/.exec(text)?.[1] as string;

it('调解: the agreement and the record are signed by each party on their own device, then the mediator', async () => {
  const police = await buildUser(server.db, 'investigator');
  const mediator = await buildUser(server.db, 'mediator');
  const caseId = await buildCase(server.db, police.agencyId);
  const mobiles = ['13811110001', '13911110002'];
  const booked = await server.request('POST', '/api/sessions', {
    token: await server.login(police.username),
    body: {
      caseId,
      type: 'mediation',
      title: '邻里纠纷调解',
      startsAt: new Date().toISOString(),
      minutes: 60,
      participants: [
        { userId: police.id, sessionRole: 'investigator' },
        { userId: mediator.id, sessionRole: 'mediator' },
      ],
      parties: [
        { name: '张某', mobile: mobiles[0] },
        { name: '李某', mobile: mobiles[1] },
      ],
    },
  });
  const s = booked.body.data.session;
  const texts = await waitFor(async () => {
    const got = gateway.requests.filter((r) => mobiles.includes(r.to));
    return got.length === 2 ? got : null;
  }, 10_000);
  const parties = [];
  for (const m of mobiles) {
    const code = codeIn(texts.find((r) => r.to === m)?.text ?? '');
    const token = (await server.request('POST', '/api/invitations/redeem', { body: { code } })).body.data.token as string;
    const sock = await server.socket(token);
    await ask(sock, 'session:join', { sessionId: s.id, endpoint: 'user' });
    parties.push(sock);
  }
  const host = await server.socket(await server.login(mediator.username));
  await ask(host, 'session:join', { sessionId: s.id, endpoint: 'user' });
  const officer = await server.socket(await server.login(police.username));
  await ask(officer, 'session:join', { sessionId: s.id, endpoint: 'user' });
  await ask(host, 'lobby:admitAll', {});
  for (const x of [...parties, host, officer]) await ask(x, 'session:confirmIdentity', {});
  const live = await ask(host, 'session:goLive', {});
  expect(live).toMatchObject({ ok: true });
  const [zhang, li] = parties as [(typeof parties)[number], (typeof parties)[number]];

  // The agreement: parties first, each from their own login, then the mediator; the officer does not sign it.
  await ask(host, 'instrument:draft', {
    fields: { kind: 'mediation_agreement', dispute: '双方因宅基地界墙发生纠纷', terms: '李某于十日内拆除越界部分，张某放弃其他请求' },
  });
  const agreement = (await ask(host, 'instrument:open', {})).data;
  expect(agreement.signers.map((x: { name: string; step: number }) => [x.name, x.step])).toEqual([
    ['张某', 1],
    ['李某', 1],
    [s.participants.find((p: { sessionRole: string }) => p.sessionRole === 'mediator').displayName, 2],
  ]);
  const a = agreement.contentSha256 as string;
  expect((await ask(host, 'instrument:sign', { contentSha256: a, signature: signature(1) })).error).toBe('invalid_state');
  expect((await ask(officer, 'instrument:sign', { contentSha256: a, signature: signature(1) })).error).toBe('forbidden');
  expect((await ask(zhang, 'instrument:sign', { contentSha256: a, signature: signature(2) })).ok).toBe(true);
  expect((await ask(li, 'instrument:sign', { contentSha256: a, signature: signature(3) })).ok).toBe(true);
  expect((await ask(host, 'instrument:sign', { contentSha256: a, signature: signature(4) })).data.missing).toEqual([]);

  // The record: typed by the mediator, signed by each party (having read every page), then the officials.
  for (const [ord, kind, text] of [
    [1, 'q', '双方是否同意上述调解方案？'],
    [2, 'a', '张某、李某：同意。'],
  ] as const)
    await ask(host, 'transcript:edit', { opId: randomUUID(), blockId: randomUUID(), base: null, ord, kind, text });
  const record = (await ask(host, 'transcript:submit', {})).data;
  const pages = record.pages.map((p: { sha256: string }) => p.sha256);
  expect(record.missing.map((m: { what: string }) => m.what).sort()).toEqual(['official', 'official', 'party', 'party']);
  expect((await ask(zhang, 'transcript:signParty', { pages: ['c'.repeat(64)], signature: signature(5) })).error).toBe('signature_invalid');
  expect((await ask(zhang, 'transcript:signParty', { pages, signature: signature(5) })).ok).toBe(true);
  expect((await ask(host, 'transcript:signOfficial', { signature: signature(6) })).error).toBe('invalid_state');
  expect((await ask(officer, 'transcript:signParty', { pages, signature: signature(6) })).error).toBe('forbidden');
  expect((await ask(li, 'transcript:signParty', { pages, signature: signature(7) })).ok).toBe(true);
  expect((await ask(host, 'transcript:signOfficial', { signature: signature(8) })).ok).toBe(true);
  expect((await ask(officer, 'transcript:signOfficial', { signature: signature(9) })).data.missing).toEqual([]);

  expect((await ask(host, 'session:end', { reason: '调解成功' })).ok).toBe(true);
  const token = await server.login(mediator.username);
  const final = await finalOf(s.id, token);
  const recordFinal = await waitFor(
    async () => (await server.request('GET', `/api/sessions/${s.id}/transcript`, { token })).body.data.transcript.final,
    20_000,
  );
  expect(recordFinal.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-'));
  for (const [name, url] of [
    ['agreement.pdf', `/api/sessions/${s.id}/instrument.pdf`],
    ['record.pdf', `/api/sessions/${s.id}/transcript.pdf`],
  ] as const) {
    fs.writeFileSync(path.join(dir, name), await download(url, token));
    const report = await verifyTranscriptPdf(path.join(dir, name), { certificatePem: TEST_PDF_SIGNER.certificatePem });
    expect([name, report.ok, report.problems]).toEqual([name, true, []]);
  }
  expect((await verifyTranscriptPdf(path.join(dir, 'agreement.pdf'))).references).toMatchObject({
    kind: 'mediation_agreement',
    code: final.verificationCode,
  });
  for (const x of [...parties, host, officer]) x.close();
});
