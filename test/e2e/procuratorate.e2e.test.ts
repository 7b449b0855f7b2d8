// The procuratorate's own sessions through the real UI in Debian Chromium. 提讯: a prosecutor and
// the procuratorate's clerk question the suspect on the custody kiosk; it goes live recorded, ends,
// the clerk's record is signed on the kiosk page by page, then by both officials, and the recording and
// the signed record verify offline. 认罪认罚: the plea hearing cannot go live until the duty
// lawyer is there; with them admitted it goes live and marks the plea; the prosecutor writes the
// 认罪认罚具结书 and hands it over, the suspect signs and fingerprints it on the kiosk, then the
// lawyer and the prosecutor sign from their screens; it ends, the recording verifies offline and
// the signed 具结书 is a PDF that verifies against the agency's certificate.
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
import { signRecord, typeRecord } from '../../server/cli/demoTranscript';
import { bookSession } from '../../server/scheduling';
import { ARTIFACTS, useBrowserServer } from '../support/browserServer';
import { actorOf, buildCase, buildDetainee, buildRoom, buildUser, type TestUser } from '../support/factories';
import { signersShown, signInstrument, writeInstrument } from '../../server/cli/walkthroughInstrument';
import { finalPdfVerified } from '../support/signedPdf';
import { TEST_PASSWORD } from '../support/testServer';
import { verifyRecordingOffline } from '../support/verifyOffline';

const TIXUN_QA: ['q' | 'a', string][] = [
  ['q', '我们是检察院的检察官，依法对你进行审查逮捕提讯。公安机关的讯问中你是否受到刑讯逼供？'],
  ['a', '没有。'],
  ['q', '你对公安机关认定的事实有无补充？'],
  ['a', '没有补充。'],
];
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
  // The 提讯笔录: typed by the clerk, signed on the kiosk page by page, then by the prosecutor and the clerk.
  await typeRecord(writer, TIXUN_QA);
  expect(await signRecord(writer, host, kiosk, async () => undefined)).toBeGreaterThanOrEqual(2);
  await endSession(host, '提讯结束');
  await verifyOffline(s.id);
  const { report } = await finalPdfVerified(ctx.server, s.id, 'transcript', await ctx.server.login(prosecutor.username), recordingsRoot);
  expect([report.ok, report.problems, report.references?.kind]).toEqual([true, [], 'transcript']);
});

it('认罪认罚: not live without the duty lawyer; with them, the 具结书 is written, signed on the kiosk with a fingerprint, by the lawyer and the prosecutor, and verifies', async () => {
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

  const facts = '犯罪嫌疑人将本人名下三张银行卡出售给他人用于电信网络诈骗资金结算，获利一千五百元。';
  await writeInstrument(host, { facts, sentencingProposal: '建议判处有期徒刑六个月，并处罚金人民币二千元，适用缓刑。' }, 'fast_track');
  await kiosk.page.waitForFunction(
    (f: string) => (document.querySelector('[data-testid=instrument-body]')?.textContent ?? '').includes(f),
    { timeout: 15_000 },
    facts,
  );
  expect(await kiosk.page.$eval('[data-testid=instrument-body]', (e) => e.textContent ?? '')).not.toContain('。。');
  // The lawyer and the prosecutor are offered nothing to sign until the suspect has signed.
  expect(await counsel.page.$('[data-testid=ins-sign]')).toBeNull();
  await signInstrument(kiosk, 1);
  await kiosk.page.screenshot({ path: path.join(ARTIFACTS, 'plea-kiosk-signed.png') });
  await signInstrument(counsel, 2);
  await signInstrument(host, 3);
  await host.page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid=instrument-signer]')].every((e) => e.getAttribute('data-signed') === 'true'),
    { timeout: 15_000 },
  );
  expect(await signersShown(host)).toEqual(['detainee:true', 'duty_lawyer:true', 'prosecutor:true']);
  await host.page.screenshot({ path: path.join(ARTIFACTS, 'plea-statement-signed.png') });
  await endSession(host, '具结完毕');
  await verifyOffline(s.id);

  const token = await ctx.server.login(prosecutor.username);
  const { report } = await finalPdfVerified(ctx.server, s.id, 'instrument', token, recordingsRoot);
  expect([report.ok, report.problems, report.references?.kind]).toEqual([true, [], 'plea_statement']);
  const signed: { fingerprint_sha256: string | null }[] = await ctx.server
    .db('instrument_signatures')
    .join('instruments', 'instruments.id', 'instrument_signatures.instrument_id')
    .where('instruments.session_id', s.id)
    .select('instrument_signatures.fingerprint_sha256');
  expect(signed.map((x) => Boolean(x.fingerprint_sha256)).sort()).toEqual([false, false, true]);
});
