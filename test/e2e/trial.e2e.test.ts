// A 速裁 remote trial through the real UI in Debian Chromium: the judge and clerk (the court's own),
// the prosecutor and the defendant on the custody kiosk. The trial cannot go live until the
// defendant's consent to an online hearing is on record (the judge records it; the prosecutor
// gives theirs); it goes live recorded and runs its phases through 最后陈述; the clerk writes the
// judgment, which cannot be handed over before 宣判; in 宣判 the judge signs it; the trial ends, its
// sealed recording verifies offline with `hearing verify` and the signed judgment is final.
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
import { ARTIFACTS, useBrowserServer } from '../support/browserServer';
import { signersShown, signInstrument, writeInstrument } from '../../server/cli/walkthroughInstrument';
import { actorOf, buildCase, buildDetainee, buildRoom, buildUser } from '../support/factories';
import { bookSession } from '../../server/scheduling';
import { finalPdfVerified } from '../support/signedPdf';
import { TEST_PASSWORD } from '../support/testServer';
import { verifyRecordingOffline } from '../support/verifyOffline';

const TRIAL_QA: ['q' | 'a', string][] = [
  ['q', '被告人，你对起诉书指控的犯罪事实和罪名有无异议？'],
  ['a', '没有异议，我认罪认罚。'],
  ['q', '你最后还有什么要陈述的？'],
  ['a', '我知道错了，请求从轻处罚。'],
];
const recordingsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'hearing-trial-rec-'));
const ctx = useBrowserServer(() => ({ recordingsRoot }));
const opened: Participant[] = [];
afterAll(async () => {
  for (const p of opened) await p.context.close().catch(() => undefined);
});

it('a fast-track trial waits for the defendant’s consent, goes live, runs to 宣判 where the judge signs the judgment, ends, and its recording and judgment verify offline', async () => {
  const db = ctx.server.db;
  const judge = await buildUser(db, 'judge');
  const clerk = await buildUser(db, 'clerk', judge.agencyId);
  const prosecutor = await buildUser(db, 'prosecutor');
  const custody = await buildUser(db, 'custody_officer');
  const caseId = await buildCase(db, judge.agencyId, { fastTrack: true });
  const person = await buildDetainee(db, judge, caseId, custody.agencyId);
  const room = await buildRoom(db, custody.agencyId);
  const s = await bookSession(db, await actorOf(db, judge), {
    caseId,
    type: 'fast_track_trial',
    title: '速裁庭审',
    custodyRoomId: room.id,
    personId: person.id,
    startsAt: new Date().toISOString(),
    minutes: 60,
    participants: [
      { userId: judge.id, sessionRole: 'judge' },
      { userId: clerk.id, sessionRole: 'clerk' },
      { userId: prosecutor.id, sessionRole: 'prosecutor' },
      { userId: custody.id, sessionRole: 'custody_officer' },
    ],
  });
  const defendant = s.participants.find((p) => p.sessionRole === 'detainee')?.id as string;
  const pros = s.participants.find((p) => p.sessionRole === 'prosecutor')?.id as string;
  const login = async (u: { username: string }) => {
    const p = await loginParticipant(ctx.chromium.browser, ctx.server.url, u.username, TEST_PASSWORD);
    opened.push(p);
    return p;
  };

  const bench = await login(judge);
  await enterSession(bench, ctx.server.url, s.id, 'room');
  const kiosk = await login(custody);
  await enterSession(kiosk, ctx.server.url, s.id, 'kiosk', 'lobby');
  const recorder = await login(clerk);
  await enterSession(recorder, ctx.server.url, s.id, 'room');
  const prosecution = await login(prosecutor);
  await enterSession(prosecution, ctx.server.url, s.id, 'room', 'lobby');
  await admitFromLobby(bench, defendant);
  await admitFromLobby(bench, pros);
  await attestOnKiosk(kiosk, person.idNumber.slice(-4));
  for (const p of [bench, recorder, prosecution]) await confirmIdentity(p);
  await clickWhenReady(prosecution.page, '[data-testid=give-consent]');

  // Without the defendant's consent on record the trial cannot go live.
  await bench.page.waitForFunction(
    () => {
      const codes = [...document.querySelectorAll('[data-testid=requirements] li')].map((li) => li.getAttribute('data-code'));
      // NOTE: the prosecutor's own consent is on record; the defendant's alone is missing.
      return codes.filter((c) => c === 'consent').length === 1 && codes.every((c) => c === 'consent' || c === 'recording_track');
    },
    { timeout: 15_000 },
  );
  await clickWhenReady(bench.page, '[data-testid=go-live]');
  await bench.page.waitForFunction(() => (document.querySelector('[data-testid=panel-error]')?.textContent ?? '').length > 0, {
    timeout: 10_000,
  });
  expect((await db('sessions').where({ id: s.id }).first('state')).state).toBe('lobby');
  await bench.page.screenshot({ path: path.join(ARTIFACTS, 'trial-consent-missing.png') });
  await clickWhenReady(bench.page, `li[data-peer-id="${defendant}"] [data-testid=record-consent]`);
  await goLive(bench);
  for (const phase of ['identity_check', 'rights_notice', 'plea', 'evidence', 'final_statement']) await markPhase(bench, phase);
  const verdict = '被告人犯帮助信息网络犯罪活动罪，判处有期徒刑六个月，缓刑一年，并处罚金人民币二千元。';
  await expect(writeInstrument(recorder, { verdict, reasoning: '被告人认罪认罚，依法从宽处罚。' })).rejects.toThrow();
  expect(await recorder.page.$eval('[data-testid=instrument-error]', (e) => e.textContent ?? '')).not.toBe('');
  await markPhase(bench, 'judgment');
  await clickWhenReady(recorder.page, '[data-testid=ins-open]');
  await bench.page.waitForFunction(
    (v: string) => (document.querySelector('[data-testid=instrument-body]')?.textContent ?? '').includes(v),
    { timeout: 15_000 },
    verdict,
  );
  expect(await recorder.page.$('[data-testid=ins-sign]')).toBeNull();
  await signInstrument(bench, 7);
  expect(await signersShown(bench)).toEqual(['judge:true']);
  await bench.page.screenshot({ path: path.join(ARTIFACTS, 'trial-judgment.png') });
  // The 庭审笔录: typed by the clerk, signed page by page by the defendant on the kiosk, then by the judge and the clerk.
  await typeRecord(recorder, TRIAL_QA);
  expect(await signRecord(recorder, bench, kiosk, async () => undefined)).toBeGreaterThanOrEqual(2);
  await endSession(bench, '当庭宣判，庭审结束');

  const consents = await db('session_events').where({ session_id: s.id, kind: 'consent' }).orderBy('at');
  expect(
    consents.map((e: { subject_participant_id: string; data: { method: string } }) => [e.subject_participant_id, e.data.method]),
  ).toEqual([
    [pros, 'in_session'],
    [defendant, 'oral_on_record'],
  ]);
  const verify = await verifyRecordingOffline(ctx.server, recordingsRoot, s.id);
  expect(verify.stdout).toContain('OK:');
  expect(verify.status).toBe(0);
  const token = await ctx.server.login(judge.username);
  for (const [what, kind] of [
    ['instrument', 'judgment'],
    ['transcript', 'transcript'],
  ] as const) {
    const { report } = await finalPdfVerified(ctx.server, s.id, what, token, recordingsRoot);
    expect([what, report.ok, report.problems, report.references?.kind]).toEqual([what, true, [], kind]);
  }
});
