// The custody center's console in Debian Chromium: the officer takes a detainee in (收押) and
// registers a lawyer's papers on 看守所工作台, enrolls the room's kiosk on 羁押室管理 and reads its
// pairing code; a fresh browser profile pairs as the kiosk on #/device and opens the session booked
// in its room by itself; the officer on duty — not listed at booking — attests on it with their own
// password; the host sees the attestation and the kiosk's picture; when that officer then opens the
// kiosk from their own login, the device is told it was replaced and every panel says so.
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { enterSession, inbound, loginParticipant, type Participant, waitForState } from '../../server/cli/browser';
import { ARTIFACTS, useBrowserServer } from '../support/browserServer';
import { buildSession, buildUser } from '../support/factories';
import { TEST_PASSWORD } from '../support/testServer';

const ctx = useBrowserServer();
const opened: Participant[] = [];
afterAll(async () => {
  for (const p of opened) await p.context.close().catch(() => undefined);
});

const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
async function login(username: string): Promise<Participant> {
  const p = await loginParticipant(ctx.chromium.browser, ctx.server.url, username, TEST_PASSWORD);
  opened.push(p);
  return p;
}

it('a kiosk paired from the console opens its room’s session, the officer on duty attests on it, and a takeover is shown', async () => {
  const db = ctx.server.db;
  const investigator = await buildUser(db, 'investigator');
  const session = await buildSession(db, investigator, [], { admitted: true });
  const onDuty = await buildUser(db, 'custody_officer', session.custody.agencyId);
  const lawyer = await buildUser(db, 'lawyer');
  const names = Object.fromEntries(
    (await db('users').whereIn('id', [onDuty.id, lawyer.id]).select('id', 'display_name')).map(
      (r: { id: string; display_name: string }) => [r.id, r.display_name],
    ),
  ) as Record<string, string>;
  const room = (await db('custody_rooms').where({ id: session.roomId }).first('name')).name as string;
  const detainee = session.participants.find((p) => p.sessionRole === 'detainee')?.displayName as string;

  // 看守所工作台: the detainee was sent here but not yet taken in; 收押, then the lawyer's papers.
  const officer = await login(session.custody.username);
  await officer.page.goto(`${ctx.server.url}/#/custody`, { waitUntil: 'domcontentloaded' });
  const card = `[data-testid=roster-entry][data-person="${detainee}"]`;
  await officer.page.waitForSelector(`${card} [data-testid=custody-admit]`);
  expect(await text(officer.page, `${card} [data-testid=roster-state]`)).toBe('待收押');
  expect(
    await officer.page.$$eval(`${card} [data-testid=roster-deadlines] li`, (ls) => ls.map((l) => l.getAttribute('data-rule'))),
  ).toContain('D1');
  await officer.page.type(`${card} [data-testid=admit-doc]`, '拘留证〔2026〕12号');
  await officer.page.click(`${card} [data-testid=custody-admit] button[type=submit]`);
  await officer.page.waitForFunction(
    (c: string) => document.querySelector(`${c} [data-testid=roster-state]`)?.textContent === '在押',
    {},
    card,
  );
  await officer.page.select(`${card} [data-testid=lawyer-user]`, lawyer.id);
  await officer.page.click(`${card} [data-testid=lawyer-register] button[type=submit]`);
  await officer.page.waitForFunction(
    (c: string, n: string) => (document.querySelector(`${c} [data-testid=roster-lawyers]`)?.textContent ?? '').includes(n),
    {},
    card,
    names[lawyer.id] as string,
  );
  expect(await text(officer.page, `${card} [data-testid=roster-lawyers]`)).toMatch(/D11/);
  await officer.page.screenshot({ path: path.join(ARTIFACTS, 'custody-console.png'), fullPage: true });

  // 羁押室管理: enroll the room's kiosk and read its pairing code.
  await officer.page.goto(`${ctx.server.url}/#/rooms`, { waitUntil: 'domcontentloaded' });
  const roomSel = `[data-room="${room}"]`;
  await officer.page.waitForSelector(`${roomSel} [data-testid=device-enroll]`);
  await officer.page.click(`${roomSel} [data-testid=device-enroll] button[type=submit]`);
  await officer.page.waitForSelector(`${roomSel} [data-testid=pairing-code]`);
  const code = await text(officer.page, `${roomSel} [data-testid=pairing-code]`);
  expect(code).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);

  // The kiosk machine: a fresh profile pairs on #/device and opens the session by itself.
  const kioskContext = await ctx.chromium.browser.createBrowserContext();
  const kioskPage = await kioskContext.newPage();
  const kiosk: Participant = { context: kioskContext, page: kioskPage, username: 'kiosk-device' };
  opened.push(kiosk);
  await kioskPage.goto(`${ctx.server.url}/#/device`, { waitUntil: 'domcontentloaded' });
  await kioskPage.waitForSelector('[data-testid=pair-code]');
  await kioskPage.type('[data-testid=pair-code]', 'WRONG-CODE1');
  await kioskPage.click('[data-testid=pair-submit]');
  await kioskPage.waitForFunction(() => (document.querySelector('[data-testid=pair-error]')?.textContent ?? '').length > 0);
  await kioskPage.$eval('[data-testid=pair-code]', (el) => {
    (el as HTMLInputElement).value = '';
  });
  await kioskPage.type('[data-testid=pair-code]', code);
  await kioskPage.click('[data-testid=pair-submit]');
  await waitForState(kiosk, 'connected', 30_000);

  const host = await login(investigator.username);
  await enterSession(host, ctx.server.url, session.id, 'room');

  // The officer on duty signs in on the kiosk to attest; the host's panel names them.
  await kioskPage.waitForSelector('[data-testid=attest-form]:not([hidden])');
  await kioskPage.select('[data-testid=attest-method]', 'id_card');
  await kioskPage.type('[data-testid=attest-last4]', session.idNumber.slice(-4));
  await kioskPage.type('[data-testid=attest-officer]', onDuty.username);
  await kioskPage.type('[data-testid=attest-password]', TEST_PASSWORD);
  await kioskPage.click('[data-testid=attest-submit]');
  await host.page.waitForSelector('[data-testid=attestation][data-attested=true]', { timeout: 15_000 });
  expect(await text(host.page, '[data-testid=attestation]')).toContain(names[onDuty.id] as string);
  const deadline = Date.now() + 20_000;
  let decoded = 0;
  while (Date.now() < deadline && decoded === 0) {
    decoded = Math.max(0, ...(await inbound(host)).remotes.filter((r) => r.kind === 'video').map((r) => r.framesDecoded));
    if (decoded === 0) await new Promise((r) => setTimeout(r, 500));
  }
  expect(decoded).toBeGreaterThan(0);
  await kioskPage.screenshot({ path: path.join(ARTIFACTS, 'kiosk-device.png') });

  // The officer on duty opens the kiosk from their own login: the device is replaced, and everyone is told.
  const dutyKiosk = await login(onDuty.username);
  await enterSession(dutyKiosk, ctx.server.url, session.id, 'kiosk');
  await waitForState(kiosk, 'replaced');
  await host.page.waitForSelector('[data-testid=kiosk-replaced]', { timeout: 15_000 });
  expect(await text(host.page, '[data-testid=kiosk-replaced]')).toContain(names[onDuty.id] as string);
  await host.page.screenshot({ path: path.join(ARTIFACTS, 'kiosk-replaced.png') });
  const audit = await db('audit_entries').where({ action: 'session.kiosk_replaced', object_id: session.id }).first('actor_user_id');
  expect(audit.actor_user_id).toBe(onDuty.id);
});
