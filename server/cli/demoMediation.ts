// `hearing demo --type mediation`: 云端调解 of the seeded village dispute (seed 003: the 达日盖
// police post mediates an irrigation quarrel by video, with the 司法所 on the line). The officer books
// it with the 人民调解员 and the two villagers, who are texted a one-time code; the demo plays their
// phones (DemoPhones, at the SMS border) and opens #/join in a browser with no account for each. The
// officer admits them from the lobby, starts the (optional) recording, goes live and puts the
// mediator in everyone's main view and back; the mediator writes the 调解协议书 and the record, each
// villager signs both from their own browser, then the mediator (and, for the record, the officer).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { DEMO_DISPUTE, DEMO_PASSWORD } from '../seed';
import { ApiClient } from './apiClient';
import { type Participant, enterSession, launchChromium, loginParticipant, waitForState } from './browser';
import { demoSlot } from './demoBooking';
import { DemoPhones } from './demoPhone';
import { collectEvidence, freeSlot } from './demoSteps';
import { typeRecord } from './demoTranscript';
import { openTarget } from './localPlatform';
import { admitFromLobby, clickWhenReady, confirmIdentity, drawOnPad, endSession, goLive } from './walkthrough';
import { signInstrument, writeInstrument } from './walkthroughInstrument';

const INVITATION_CODE = /([2-9A-Z]{5}-[2-9A-Z]{5})/;

/** A party opens #/join in a browser of their own (no account), types the code and waits in the lobby. */
export async function joinByInvitation(browser: Browser, baseUrl: string, code: string, label: string): Promise<Participant> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${label}] page error: ${String(err)}`));
  await page.goto(`${baseUrl}/#/join`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[data-testid=invite-code]');
  await page.type('[data-testid=invite-code]', code);
  await page.click('[data-testid=invite-submit]');
  const party = { context, page, username: label };
  await waitForState(party, 'lobby', 30_000);
  return party;
}

/** Signs the record on this screen: a party after reading every page, an official on their pad. */
async function signRecordAs(p: Participant, as: 'party' | 'official', seed: number): Promise<void> {
  if (as === 'party') {
    await p.page.waitForSelector('[data-testid=party-page]', { timeout: 20_000 });
    await drawOnPad(p.page, '[data-testid=party-pad]', seed);
    await clickWhenReady(p.page, '[data-testid=party-sign]');
    await p.page.waitForSelector('[data-testid=party-signed]', { timeout: 15_000 });
  } else {
    await drawOnPad(p.page, '[data-testid=official-pad]', seed);
    await clickWhenReady(p.page, '[data-testid=official-sign]');
    await p.page.waitForFunction(() => !document.querySelector('[data-testid=official-sign]'), { timeout: 15_000 });
  }
}

export async function runMediationDemo(o: { out: string; url?: string }): Promise<number> {
  if (o.url)
    throw new Error(
      "the mediation demo plays the parties' phones (their invitation codes come by SMS), so it needs its own platform: run it without --url",
    );
  const out = path.resolve(o.out);
  fs.mkdirSync(out, { recursive: true });
  const log = (m: string) => console.log(`[demo mediation] ${m}`);
  log("starting a private platform (embedded Postgres, media workers) that texts the demo's phones");
  const phones = new DemoPhones();
  const target = await openTarget(undefined, { sms: phones });
  const chromium = await launchChromium();
  const people: Participant[] = [];
  const shot = (p: Participant, name: string) => p.page.screenshot({ path: path.join(out, `${name}.png`) }).then(() => undefined);
  try {
    const officerLogin = await ApiClient.login(target.url, 'investigator', DEMO_PASSWORD);
    const officerApi = officerLogin.client;
    const mediatorId = (await ApiClient.login(target.url, 'mediator', DEMO_PASSWORD)).userId;
    const { cases } = await officerApi.call<{ cases: { id: string; caseNumber: string }[] }>('GET', '/api/cases');
    const dispute = cases.find((c) => c.caseNumber === DEMO_DISPUTE.caseNumber);
    if (!dispute) throw new Error('the demo dispute is missing; is the demo data seeded?');
    const { start, minutes } = demoSlot();
    const booking = {
      caseId: dispute.id,
      type: 'mediation',
      title: `${DEMO_DISPUTE.title}视频调解（hearing demo）`,
      participants: [
        { userId: officerLogin.userId, sessionRole: 'investigator' },
        { userId: mediatorId, sessionRole: 'mediator' },
      ],
    };
    const cleared = await freeSlot([officerApi], booking, start, minutes);
    if (cleared) log(`cancelled ${cleared} earlier session(s) holding this slot`);
    type Booked = { id: string; participants: { id: string; sessionRole: string; displayName: string }[] };
    const { session } = await officerApi.call<{ session: Booked }>('POST', '/api/sessions', {
      ...booking,
      startsAt: start.toISOString(),
      minutes,
      parties: DEMO_DISPUTE.parties,
    });
    const sessionId = session.id;
    const peer = (role: string) => session.participants.find((p) => p.sessionRole === role)?.id as string;
    log(`booked mediation ${sessionId}; ${DEMO_DISPUTE.parties.length} parties invited by SMS`);

    const login = async (username: string) => {
      const p = await loginParticipant(chromium.browser, target.url, username, DEMO_PASSWORD);
      people.push(p);
      return p;
    };
    const officer = await login('investigator');
    await enterSession(officer, target.url, sessionId, 'room');
    const mediator = await login('mediator');
    await enterSession(mediator, target.url, sessionId, 'room');
    const parties: Participant[] = [];
    for (const [n, party] of DEMO_DISPUTE.parties.entries()) {
      const code = (await phones.waitFor(party.mobile, INVITATION_CODE))[1] as string;
      const p = await joinByInvitation(chromium.browser, target.url, code, `party ${party.name}`);
      people.push(p);
      parties.push(p);
      const participantId = session.participants.filter((x) => x.sessionRole === 'party')[n]?.id as string;
      await admitFromLobby(officer, participantId);
      await waitForState(p, 'connected', 30_000);
      log(`${party.name} joined with the code from their SMS and was admitted from the lobby`);
    }
    await clickWhenReady(officer.page, '[data-testid=start-recording]');
    await officer.page.waitForSelector('[data-testid=recording-state][data-recording=true]', { timeout: 20_000 });
    log('recording started by the officer');
    for (const p of [officer, mediator, ...parties]) await confirmIdentity(p);
    await goLive(officer);
    log('session is live');
    const spot = `[data-peer-id="${peer('mediator')}"] [data-testid=spotlight]`;
    await clickWhenReady(officer.page, spot);
    await (parties[0] as Participant).page.waitForSelector(`[data-testid=tiles][data-spotlight="${peer('mediator')}"]`, {
      timeout: 15_000,
    });
    await shot(parties[0] as Participant, '1-party-sees-mediator');
    await clickWhenReady(officer.page, spot);
    await (parties[0] as Participant).page.waitForSelector('[data-testid=tiles][data-spotlight=""]', { timeout: 15_000 });
    log("the mediator (司法所) was put in everyone's main view, then back");

    await writeInstrument(mediator, {
      dispute: '巴某与乌某因同一条水渠的浇地先后顺序发生争执，乌某在争执中损坏了巴某的水泵管道。',
      terms: '乌某于七日内赔偿巴某水泵管道损失人民币六百元；双方按嘎查确定的轮灌表浇地，不再争执。',
    });
    for (const [n, p] of parties.entries()) await signInstrument(p, n + 1);
    await signInstrument(mediator, 5);
    await shot(mediator, '2-agreement-signed');
    log('调解协议书 signed by each party on their own browser, then the mediator');
    await typeRecord(mediator, [
      ['q', '双方对调解协议的内容是否清楚，是否自愿达成？'],
      ['a', '巴某：清楚，自愿。'],
      ['a', '乌某：清楚，自愿，七日内赔偿。'],
    ]);
    await clickWhenReady(mediator.page, '[data-testid=submit-transcript]');
    for (const [n, p] of parties.entries()) await signRecordAs(p, 'party', n + 1);
    await shot(parties[0] as Participant, '3-party-signed-record');
    for (const [n, p] of [mediator, officer].entries()) await signRecordAs(p, 'official', 6 + n);
    await officer.page.waitForFunction(() => !document.querySelector('[data-testid=transcript-missing]'), { timeout: 15_000 });
    log('record signed by both parties, the mediator and the officer');
    await endSession(officer, '调解成功，双方达成协议');
    log('session ended');
    return await collectEvidence({
      out,
      type: 'mediation',
      target,
      api: officerApi,
      sessionId,
      documents: ['transcript', 'instrument'],
      log,
      extra: { parties: DEMO_DISPUTE.parties.map((p) => p.name) },
    });
  } finally {
    for (const p of people) await p.context.close().catch(() => undefined);
    await chromium.close();
    await target.close();
  }
}
