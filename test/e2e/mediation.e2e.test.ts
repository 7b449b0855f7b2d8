// 云端调解 in Debian Chromium: a party invited by SMS (a local fake of the gateway) opens #/join in
// a browser with no account, types the code and waits in the lobby; the mediator admits them from
// the panel and puts their picture in the main view, which the police officer's screen shows first
// and full width; both officials decode the party's video. The code then no longer works. Live, the
// mediator writes the 调解协议书 and types the record; the party signs both from their own browser
// (the record after reading its pages), then the mediator (and, for the record, the officer); after
// the end both signed PDFs verify against the agency's certificate.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enterSession, inbound, loginParticipant, type Participant, waitForState } from '../../server/cli/browser';
import { joinByInvitation } from '../../server/cli/demoMediation';
import { typeRecord } from '../../server/cli/demoTranscript';
import { clickWhenReady, confirmIdentity, drawOnPad, endSession, goLive } from '../../server/cli/walkthrough';
import { ARTIFACTS, useBrowserServer } from '../support/browserServer';
import { buildCase, buildUser } from '../support/factories';
import { startFakeSmsGateway } from '../support/smsGateway';
import { signersShown, signInstrument, writeInstrument } from '../../server/cli/walkthroughInstrument';
import { finalPdfVerified } from '../support/signedPdf';
import { TEST_PASSWORD, waitFor } from '../support/testServer';

let gateway: Awaited<ReturnType<typeof startFakeSmsGateway>>;
beforeAll(async () => {
  gateway = await startFakeSmsGateway();
});
afterAll(async () => {
  await gateway.close();
});
const ctx = useBrowserServer(() => ({ sms: { url: gateway.url, token: 'e2e' } }));
const opened: Participant[] = [];
afterAll(async () => {
  for (const p of opened) await p.context.close().catch(() => undefined);
});

async function videoFramesFrom(p: Participant, peerId: string): Promise<number> {
  const until = Date.now() + 20_000;
  for (;;) {
    const got = (await inbound(p)).remotes.filter((r) => r.peerId === peerId && r.kind === 'video').map((r) => r.framesDecoded);
    const best = Math.max(0, ...got);
    if (best > 0 || Date.now() > until) return best;
    await new Promise((r) => setTimeout(r, 500));
  }
}

it('a party joins by invitation code without an account, is admitted and shown in everyone’s main view, and signs the agreement and the record from their browser', async () => {
  const db = ctx.server.db;
  const police = await buildUser(db, 'investigator');
  const mediator = await buildUser(db, 'mediator');
  const caseId = await buildCase(db, police.agencyId);
  const token = await ctx.server.login(police.username);
  const booked = await ctx.server.request('POST', '/api/sessions', {
    token,
    body: {
      caseId,
      type: 'mediation',
      title: '土地承包纠纷调解',
      startsAt: new Date().toISOString(),
      minutes: 60,
      participants: [
        { userId: police.id, sessionRole: 'investigator' },
        { userId: mediator.id, sessionRole: 'mediator' },
      ],
      parties: [{ name: '赵某', mobile: '13712345678' }],
    },
  });
  expect(booked.status).toBe(201);
  const sessionId = booked.body.data.session.id as string;
  const partyId = booked.body.data.session.participants.find((p: { sessionRole: string }) => p.sessionRole === 'party').id as string;
  const sms = await waitFor(async () => gateway.requests.find((r) => r.to === '13712345678'), 10_000);
  const code = /([2-9A-Z]{5}-[2-9A-Z]{5})/.exec(sms.text)?.[1] as string;
  expect(sms.text).toContain(`${ctx.server.url}/#/join`);

  const party = await joinByInvitation(ctx.chromium.browser, ctx.server.url, code, 'party');
  opened.push(party);

  const host = await loginParticipant(ctx.chromium.browser, ctx.server.url, mediator.username, TEST_PASSWORD);
  opened.push(host);
  await enterSession(host, ctx.server.url, sessionId, 'room');
  const officer = await loginParticipant(ctx.chromium.browser, ctx.server.url, police.username, TEST_PASSWORD);
  opened.push(officer);
  await enterSession(officer, ctx.server.url, sessionId, 'room');
  await host.page.waitForSelector(`[data-peer-id="${partyId}"] [data-testid=admit]`);
  await host.page.click(`[data-peer-id="${partyId}"] [data-testid=admit]`);
  await waitForState(party, 'connected', 30_000);

  await host.page.waitForSelector(`[data-peer-id="${partyId}"] [data-testid=spotlight]`);
  await host.page.click(`[data-peer-id="${partyId}"] [data-testid=spotlight]`);
  await officer.page.waitForSelector(
    `[data-testid=tiles][data-spotlight="${partyId}"] > .tile.is-spotlight[data-peer-id="${partyId}"]:first-child`,
    {
      timeout: 15_000,
    },
  );
  expect(await videoFramesFrom(officer, partyId)).toBeGreaterThan(0);
  expect(await videoFramesFrom(host, partyId)).toBeGreaterThan(0);
  await officer.page.screenshot({ path: path.join(ARTIFACTS, 'mediation-spotlight.png') });

  const reuse = await ctx.server.request('POST', '/api/invitations/redeem', { body: { code } });
  expect(reuse.body.error).toBe('invalid_state');

  for (const p of [party, host, officer]) await confirmIdentity(p);
  await goLive(host);
  const terms = '赵某同意于十日内将越界种植的作物移除，对方补偿赵某人民币五百元，双方再无其他争议。';
  await writeInstrument(host, { dispute: '双方因土地承包地界发生纠纷。', terms });
  await party.page.waitForFunction(
    (v: string) => (document.querySelector('[data-testid=instrument-body]')?.textContent ?? '').includes(v),
    { timeout: 15_000 },
    terms,
  );
  expect(await host.page.$('[data-testid=ins-sign]')).toBeNull();
  expect(await officer.page.$('[data-testid=ins-sign]')).toBeNull();
  await signInstrument(party, 1);
  await signInstrument(host, 2);
  expect(await signersShown(officer)).toEqual(['party:true', 'mediator:true']);

  await typeRecord(host, [
    ['q', '双方是否同意上述调解协议？'],
    ['a', '赵某：同意。'],
  ]);
  await clickWhenReady(host.page, '[data-testid=submit-transcript]');
  await party.page.waitForSelector('[data-testid=party-page]', { timeout: 15_000 });
  expect(await officer.page.$('[data-testid=official-sign]')).toBeNull();
  await drawOnPad(party.page, '[data-testid=party-pad]', 3);
  await clickWhenReady(party.page, '[data-testid=party-sign]');
  await party.page.waitForSelector('[data-testid=party-signed]', { timeout: 15_000 });
  await party.page.screenshot({ path: path.join(ARTIFACTS, 'mediation-party-signed.png') });
  for (const [n, p] of [host, officer].entries()) {
    await drawOnPad(p.page, '[data-testid=official-pad]', 4 + n);
    await clickWhenReady(p.page, '[data-testid=official-sign]');
    await p.page.waitForFunction(() => !document.querySelector('[data-testid=official-sign]'), { timeout: 15_000 });
  }
  await host.page.waitForFunction(() => !document.querySelector('[data-testid=transcript-missing]'), { timeout: 15_000 });
  await endSession(host, '调解成功');

  const hostToken = await ctx.server.login(mediator.username);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-e2e-'));
  for (const [what, kind] of [
    ['instrument', 'mediation_agreement'],
    ['transcript', 'transcript'],
  ] as const) {
    const { report } = await finalPdfVerified(ctx.server, sessionId, what, hostToken, dir);
    expect([what, report.ok, report.problems, report.references?.kind]).toEqual([what, true, [], kind]);
  }
});
