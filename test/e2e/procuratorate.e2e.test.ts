// The procuratorate's own sessions through the real UI in Debian Chromium. 提讯: a prosecutor and
// the procuratorate's clerk question the suspect on the custody kiosk; it goes live recorded, ends,
// and the recording verifies offline. 认罪认罚: the plea hearing cannot go live until the duty
// lawyer is there; with them admitted it goes live, marks the plea and ends, verified the same way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enterSession, loginParticipant, type Participant } from '../../server/cli/browser';
import {
  admitFromLobby,
  attestOnKiosk,
  clickWhenReady,
  confirmIdentity,
  endSession,
  goLive,
  markPhase,
} from '../../server/cli/walkthrough';
import { bookSession } from '../../server/scheduling';
import { ARTIFACTS, useBrowserServer } from '../support/browserServer';
import { actorOf, buildCase, buildDetainee, buildRoom, buildUser, type TestUser } from '../support/factories';
import { TEST_PASSWORD } from '../support/testServer';
import { verifyRecordingOffline } from '../support/verifyOffline';

const recordingsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'hearing-proc-rec-'));
const ctx = useBrowserServer(() => ({ recordingsRoot }));
const opened: Participant[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await p.context.close().catch(() => undefined);
});

const login = async (u: { username: string }) => {
  const p = await loginParticipant(ctx.chromium.browser, ctx.server.url, u.username, TEST_PASSWORD);
  opened.push(p);
  return p;
};

async function verifyOffline(sessionId: string): Promise<void> {
  const verify = await verifyRecordingOffline(ctx.server, recordingsRoot, sessionId);
  expect(verify.stdout).toContain('OK:');
  expect(verify.status).toBe(0);
}

async function book(prosecutor: TestUser, type: 'procuratorate_interrogation' | 'plea', others: { user: TestUser; sessionRole: string }[]) {
  const db = ctx.server.db;
  const custody = await buildUser(db, 'custody_officer');
  const caseId = await buildCase(db, prosecutor.agencyId, { fastTrack: true });
  const person = await buildDetainee(db, prosecutor, caseId, custody.agencyId);
  const room = await buildRoom(db, custody.agencyId);
  const s = await bookSession(db, await actorOf(db, prosecutor), {
    caseId,
    type,
    title: type === 'plea' ? '认罪认罚具结' : '审查逮捕提讯',
    custodyRoomId: room.id,
    personId: person.id,
    startsAt: new Date().toISOString(),
    minutes: 60,
    participants: [
      { userId: prosecutor.id, sessionRole: 'prosecutor' },
      { userId: custody.id, sessionRole: 'custody_officer' },
      ...others.map((o) => ({ userId: o.user.id, sessionRole: o.sessionRole as never })),
    ],
  });
  return { s, custody, person, detainee: s.participants.find((p) => p.sessionRole === 'detainee')?.id as string };
}

it('提讯: the prosecutor and the procuratorate’s clerk question the suspect on the kiosk, live and recorded, verified offline', async () => {
  const prosecutor = await buildUser(ctx.server.db, 'prosecutor');
  const clerk = await buildUser(ctx.server.db, 'clerk', prosecutor.agencyId);
  const { s, custody, person, detainee } = await book(prosecutor, 'procuratorate_interrogation', [{ user: clerk, sessionRole: 'clerk' }]);
  const host = await login(prosecutor);
  await enterSession(host, ctx.server.url, s.id, 'room');
  const kiosk = await login(custody);
  await enterSession(kiosk, ctx.server.url, s.id, 'kiosk', 'lobby');
  const writer = await login(clerk);
  await enterSession(writer, ctx.server.url, s.id, 'room', 'lobby');
  await admitFromLobby(host, detainee);
  await admitFromLobby(host, s.participants.find((p) => p.userId === clerk.id)?.id as string);
  await attestOnKiosk(kiosk, person.idNumber.slice(-4));
  for (const p of [host, writer]) await confirmIdentity(p);
  await goLive(host);
  for (const phase of ['identity_check', 'rights_notice', 'questioning']) await markPhase(host, phase);
  await host.page.screenshot({ path: path.join(ARTIFACTS, 'tixun-live.png') });
  await endSession(host, '提讯结束');
  await verifyOffline(s.id);
});

it('认罪认罚: the plea hearing does not go live without the duty lawyer, then does with them, marks the plea and ends', async () => {
  const prosecutor = await buildUser(ctx.server.db, 'prosecutor');
  const lawyer = await buildUser(ctx.server.db, 'lawyer');
  const { s, custody, person, detainee } = await book(prosecutor, 'plea', [{ user: lawyer, sessionRole: 'duty_lawyer' }]);
  const host = await login(prosecutor);
  await enterSession(host, ctx.server.url, s.id, 'room');
  const kiosk = await login(custody);
  await enterSession(kiosk, ctx.server.url, s.id, 'kiosk', 'lobby');
  await admitFromLobby(host, detainee);
  await attestOnKiosk(kiosk, person.idNumber.slice(-4));
  await confirmIdentity(host);
  await host.page.waitForSelector('[data-testid=requirements] li[data-code=present_lawyer]', { timeout: 15_000 });
  await clickWhenReady(host.page, '[data-testid=go-live]');
  await host.page.waitForFunction(() => (document.querySelector('[data-testid=panel-error]')?.textContent ?? '').length > 0, {
    timeout: 10_000,
  });
  expect((await ctx.server.db('sessions').where({ id: s.id }).first('state')).state).toBe('lobby');

  const counsel = await login(lawyer);
  await enterSession(counsel, ctx.server.url, s.id, 'room', 'lobby');
  await admitFromLobby(host, s.participants.find((p) => p.userId === lawyer.id)?.id as string);
  await confirmIdentity(counsel);
  await goLive(host).catch(async (err: Error) => {
    throw new Error(`${err.message}: ${await host.page.$eval('[data-testid=procedure-panel]', (e) => e.textContent ?? '')}`);
  });
  for (const phase of ['identity_check', 'rights_notice', 'plea']) await markPhase(host, phase);
  await endSession(host, '具结完毕');
  await verifyOffline(s.id);
});
