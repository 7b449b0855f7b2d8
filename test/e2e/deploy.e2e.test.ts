// A production install as a site would make it: an empty database, `hearing admin create`, then
// the administrator sets up agencies, a custody room and users in 系统管理, and an investigator
// registers a case and its detainee, all through the UI, over
// HTTPS through a non-loopback host name (Chromium resolves hearing.test to 127.0.0.1 and trusts
// the platform's local CA by its public key). Three of those users hold a session and see and
// hear each other. The same pages over plain HTTP through that name say why there is no camera.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import {
  enterSession,
  inbound,
  launchChromium,
  type LaunchedBrowser,
  loginParticipant,
  type Participant,
  sleep,
} from '../../server/cli/browser';
import { ensureLocalCertificate } from '../../server/security/localCa';
import { ARTIFACTS } from '../support/browserServer';
import { createAgencyDatabase } from '../support/dossierFiles';
import { buildSession, type TestUser } from '../support/factories';
import { startTestServer, type TestServer, waitFor } from '../support/testServer';

const HEARING = path.resolve(__dirname, '..', '..', 'bin', 'hearing.js');
const ADMIN_PASSWORD = 'First-Admin-2026!';
const STAFF_PASSWORD = 'Staff-Pass-2026!';

let dbUrl: string;
let tlsServer: TestServer;
let plainServer: TestServer;
let chromium: LaunchedBrowser;
let httpsUrl: string;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  dbUrl = await createAgencyDatabase('deploy');
  const cert = ensureLocalCertificate(fs.mkdtempSync(path.join(os.tmpdir(), 'hearing-tls-')), ['hearing.test']);
  tlsServer = await startTestServer({ databaseUrl: dbUrl, withClient: true, web: { tls: cert } });
  plainServer = await startTestServer({ databaseUrl: dbUrl, withClient: true });
  httpsUrl = `https://hearing.test:${new URL(tlsServer.url).port}`;
  chromium = await launchChromium('/usr/bin/chromium', [
    '--host-resolver-rules=MAP hearing.test 127.0.0.1',
    `--ignore-certificate-errors-spki-list=${cert.caSpkiSha256}`,
  ]);
});
afterAll(async () => {
  await chromium?.close();
  await tlsServer?.close();
  await plainServer?.close();
});

const cli = (args: string[], input: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [HEARING, ...args], {
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      SENSITIVE_DATA_KEY: Buffer.alloc(32, 3).toString('base64'),
      PUBLIC_URL: 'https://hearing.test',
      ...env,
    },
  });

async function selectByText(page: Page, selector: string, text: string): Promise<void> {
  const value = await page.$eval(
    selector,
    (el, t) => [...(el as HTMLSelectElement).options].find((o) => o.textContent === t)?.value ?? '',
    text,
  );
  if (!value) throw new Error(`no option "${text}" in ${selector}`);
  await page.select(selector, value);
}

async function fill(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [testid, value] of Object.entries(fields)) {
    await page.$eval(`[data-testid=${testid}]`, (el) => {
      (el as HTMLInputElement).value = '';
    });
    await page.type(`[data-testid=${testid}]`, value);
  }
}

it('an empty production database gets its first administrator from the CLI, and production refuses the demo seed', () => {
  const made = cli(
    [
      'admin',
      'create',
      '--agency-kind',
      'police',
      '--agency-code',
      'TLS-PSB',
      '--agency-name',
      '某市公安局',
      '--username',
      'root-admin',
      '--display-name',
      '系统管理员',
      '--password-stdin',
    ],
    `${ADMIN_PASSWORD}\n`,
  );
  expect({ status: made.status, stderr: made.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
  expect(made.stdout).toMatch(/administrator "root-admin"/);
  const again = cli(
    [
      'admin',
      'create',
      '--agency-kind',
      'police',
      '--agency-code',
      'TLS-PSB',
      '--agency-name',
      '某市公安局',
      '--username',
      'second',
      '--display-name',
      '二号',
      '--password-stdin',
    ],
    `${ADMIN_PASSWORD}\n`,
  );
  expect(again.status).toBe(2);
  expect(again.stderr).toMatch(/invalid_state.*already administered/);
  const weak = cli(
    [
      'admin',
      'create',
      '--agency-kind',
      'court',
      '--agency-code',
      'X',
      '--agency-name',
      'X',
      '--username',
      'x',
      '--display-name',
      'x',
      '--password-stdin',
    ],
    'short\n',
  );
  expect(weak.status).not.toBe(0);
  const seeded = cli(['start'], '', { SEED_DEMO: 'true', PORT: '0' });
  expect(seeded.status).toBe(1);
  expect(seeded.stderr).toMatch(/SEED_DEMO is refused in production/);
  const plain = cli(['start'], '', { PUBLIC_URL: '', PORT: '0' });
  expect(plain.status).toBe(1);
  expect(plain.stderr).toMatch(/production needs HTTPS/);
});

it('the administrator sets up the site in 系统管理 over HTTPS, and three of its users hear and see each other', async () => {
  const admin = await loginParticipant(chromium.browser, httpsUrl, 'root-admin', ADMIN_PASSWORD);
  const page = admin.page;
  expect(await page.evaluate(() => window.isSecureContext && location.protocol)).toBe('https:');
  await page.goto(`${httpsUrl}/#/admin`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[data-testid=admin-agencies]');
  for (const a of [
    { code: 'TLS-PROC', name: '某市人民检察院', kind: 'procuratorate' },
    { code: 'TLS-KSS', name: '某市看守所', kind: 'custody_center' },
  ]) {
    await fill(page, { 'agency-code': a.code, 'agency-name': a.name });
    await page.select('[data-testid=agency-kind]', a.kind);
    await page.click('[data-testid=agency-create] button[type=submit]');
    await page.waitForSelector(`[data-agency=${a.code}]`);
  }
  // A role the agency's staff cannot hold is not offered: a custody center has no investigators.
  await selectByText(page, '[data-testid=user-agency]', '某市看守所');
  const offered = await page.$$eval('[data-testid=user-role] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(offered).toContain('custody_officer');
  expect(offered).not.toContain('investigator');

  const staff = [
    { username: 'wang-jj', name: '王建军', role: 'investigator', agency: '某市公安局' },
    { username: 'li-m', name: '李明', role: 'investigator', agency: '某市公安局' },
    { username: 'liu-f', name: '刘芳', role: 'prosecutor', agency: '某市人民检察院' },
    { username: 'ma-gq', name: '马国强', role: 'custody_officer', agency: '某市看守所' },
  ];
  for (const s of staff) {
    await selectByText(page, '[data-testid=user-agency]', s.agency);
    await page.select('[data-testid=user-role]', s.role);
    await fill(page, { 'user-username': s.username, 'user-display-name': s.name, 'user-password': STAFF_PASSWORD });
    await page.click('[data-testid=user-create] button[type=submit]');
    await page.waitForSelector(`[data-user=${s.username}]`);
  }
  // A refused form says why, in place.
  await fill(page, { 'user-username': 'weak-one', 'user-display-name': '弱口令', 'user-password': 'aaaaaaaaaaaaaa' });
  await page.click('[data-testid=user-create] button[type=submit]');
  await page.waitForFunction(() => /password_weak/.test(document.querySelector('[data-testid=user-create-error]')?.textContent ?? ''));
  const center = await page.$eval('[data-testid=admin-rooms] .card', (el) => el.getAttribute('data-center'));
  expect(center).toBeTruthy();
  await fill(page, { 'room-name': '远程提讯室一', 'room-equipment': '摄像头、拾音器' });
  await page.click('[data-testid=admin-rooms] [data-testid=room-create] button[type=submit]');
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=admin-rooms]')?.textContent?.includes('远程提讯室一（摄像头、拾音器）'),
  );
  // Open all day (the default windows are 09:00-11:00 and 14:00-16:00), so the test can book now.
  await fill(page, { 'room-windows': '00:00-24:00' });
  await page.click('[data-room=远程提讯室一] [data-testid=room-windows-set] button[type=submit]');
  await page.waitForFunction(() => document.querySelector('[data-room=远程提讯室一]')?.textContent?.includes('可预约时段：00:00-24:00'));
  await page.screenshot({ path: path.join(ARTIFACTS, 'deploy-admin.png'), fullPage: true });
  await admin.context.close();

  // The investigator registers the case (立案) and its detained suspect on the case page.
  const inv = await loginParticipant(chromium.browser, httpsUrl, 'wang-jj', STAFF_PASSWORD);
  await inv.page.goto(`${httpsUrl}/#/cases`, { waitUntil: 'domcontentloaded' });
  await inv.page.waitForSelector('[data-testid=case-create]');
  await fill(inv.page, { 'case-number': '某公刑立字〔2026〕88号', 'case-title': '某某诈骗案', 'case-charge': '诈骗罪' });
  await inv.page.click('[data-testid=case-fast-track]');
  await inv.page.click('[data-testid=case-create] button[type=submit]');
  await inv.page.waitForSelector('[data-testid=person-create]');
  await fill(inv.page, { 'person-name': '赵某', 'person-id-number': '150702199001011236' });
  await inv.page.select('[data-testid=person-custody]', 'detained');
  await selectByText(inv.page, '[data-testid=person-center]', '某市看守所');
  await inv.page.click('[data-testid=person-create] button[type=submit]');
  await inv.page.waitForFunction(() => document.querySelector('[data-testid=case-page]')?.textContent?.includes('赵某'));
  await inv.page.screenshot({ path: path.join(ARTIFACTS, 'deploy-case.png'), fullPage: true });
  const caseId = /#\/cases\/([0-9a-f-]{36})/.exec(inv.page.url())?.[1] as string;
  await inv.context.close();

  // Booked through the scheduling service on that case, detainee and the room made in 系统管理.
  const users = await tlsServer
    .db('users')
    .whereIn(
      'username',
      staff.map((s) => s.username),
    )
    .select('id', 'username', 'agency_id', 'role');
  const u = (name: string): TestUser => {
    const r = users.find((x: { username: string }) => x.username === name);
    return { id: r.id, username: r.username, agencyId: r.agency_id, role: r.role };
  };
  const person = await tlsServer.db('case_persons').where({ case_id: caseId, name: '赵某' }).first('id');
  const room = await tlsServer.db('custody_rooms').where({ name: '远程提讯室一' }).first('id');
  // The center's custody officer records an outage of the room (tomorrow, 01:00-02:00 China time) on 羁押室管理.
  const officer = await loginParticipant(chromium.browser, httpsUrl, 'ma-gq', STAFF_PASSWORD);
  await officer.page.goto(`${httpsUrl}/#/rooms`, { waitUntil: 'domcontentloaded' });
  await officer.page.waitForSelector('[data-room=远程提讯室一] [data-testid=room-outage-add]');
  const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
  const li = '[data-room=远程提讯室一]';
  for (const [sel, v] of [
    ['outage-from', `${tomorrow}T01:00`],
    ['outage-to', `${tomorrow}T02:00`],
  ] as const) {
    await officer.page.$eval(
      `${li} [data-testid=${sel}]`,
      (el, value) => {
        (el as HTMLInputElement).value = value;
      },
      v,
    );
  }
  await officer.page.type(`${li} [data-testid=outage-reason]`, '摄像头检修');
  await officer.page.click(`${li} [data-testid=room-outage-add] button[type=submit]`);
  const outage = await waitFor<{ starts_at: Date }>(
    () =>
      tlsServer
        .db('custody_room_outages')
        .where({ room_id: room.id, reason: '摄像头检修' })
        .first(tlsServer.db.raw('lower(period) as starts_at')),
    10_000,
  );
  expect(new Date(outage.starts_at).toISOString()).toBe(new Date(`${tomorrow}T01:00:00+08:00`).toISOString());
  await officer.context.close();
  const session = await buildSession(
    tlsServer.db,
    u('wang-jj'),
    [
      { user: u('li-m'), sessionRole: 'investigator' },
      { user: u('liu-f'), sessionRole: 'prosecutor' },
      { user: u('ma-gq'), sessionRole: 'custody_officer' },
    ],
    { admitted: true, existing: { caseId, personId: person.id, roomId: room.id } },
  );
  const people: Participant[] = [];
  for (const [name, kind] of [
    ['ma-gq', 'kiosk'],
    ['wang-jj', 'room'],
    ['liu-f', 'room'],
  ] as const) {
    const p = await loginParticipant(chromium.browser, httpsUrl, name, STAFF_PASSWORD);
    await enterSession(p, httpsUrl, session.id, kind);
    people.push(p);
  }
  for (const p of people) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const s = await inbound(p);
      const videos = s.remotes.filter((r) => r.kind === 'video' && r.framesDecoded > 0 && r.frameWidth > 0);
      const audios = s.remotes.filter((r) => r.kind === 'audio' && r.bytesReceived > 0);
      if (videos.length >= 2 && audios.length >= 2) break;
      if (Date.now() > deadline) throw new Error(`${p.username} over HTTPS: ${JSON.stringify(s.remotes)}`);
      await sleep(250);
    }
  }
  for (const p of people) await p.context.close();

  // The same kiosk page over plain HTTP through the same name: a clear message, no blank tiles.
  const plainUrl = `http://hearing.test:${new URL(plainServer.url).port}`;
  const kiosk = await loginParticipant(chromium.browser, plainUrl, 'ma-gq', STAFF_PASSWORD);
  await kiosk.page.goto(`${plainUrl}/#/kiosk/${session.id}`, { waitUntil: 'domcontentloaded' });
  await kiosk.page.waitForSelector('[data-testid=insecure-context]');
  const text = await kiosk.page.$eval('[data-testid=insecure-context]', (el) => el.textContent ?? '');
  expect(text).toContain('当前连接不安全');
  expect(text).toContain(`https://hearing.test:${new URL(plainServer.url).port}/`);
  expect(await kiosk.page.$$('[data-testid=tiles] video')).toHaveLength(0);
  await kiosk.page.screenshot({ path: path.join(ARTIFACTS, 'deploy-plain-http.png') });
  await kiosk.context.close();
});
