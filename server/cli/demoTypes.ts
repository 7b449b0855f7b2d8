// `hearing demo --type tixun|plea|trial|mediation`: the other session types through the real web UI, with
// the demo users and the seeded case. 提讯: the prosecutor and the procuratorate's clerk question
// 古某 on the kiosk, the clerk's record is signed on the kiosk and by both. 认罪认罚: live only once the
// duty lawyer is admitted; the 具结书 is signed on the kiosk with a fingerprint, by the lawyer, then
// the prosecutor. 速裁庭审: the defendant's consent recorded by the judge, phases to 宣判, the judgment
// signed by the judge, the 庭审笔录 confirmed on the kiosk and signed by the judge and the clerk.
// Each run downloads its sealed recording and signed PDFs into DIR (with the agency's document
// certificate, DIR/agency-pdf-certificate.pem, for `hearing verify`) and verifies them offline.
// 云端调解, whose parties join by SMS invitation without a detainee, is demoMediation.ts.
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_CASE, DEMO_PASSWORD, DEMO_PERSONS } from '../seed';
import { ApiClient } from './apiClient';
import { type Participant, enterSession, launchChromium, loginParticipant, waitForState } from './browser';
import { demoIds, demoSlot } from './demoBooking';
import { runMediationDemo } from './demoMediation';
import { collectEvidence, freeSlot } from './demoSteps';
import { signRecord, typeRecord } from './demoTranscript';
import { openTarget } from './localPlatform';
import { admitFromLobby, attestOnKiosk, clickWhenReady, confirmIdentity, endSession, goLive, markPhase } from './walkthrough';
import { signInstrument, writeInstrument } from './walkthroughInstrument';

export const DEMO_TYPES = ['tixun', 'plea', 'trial', 'mediation'] as const;
export type DemoType = (typeof DEMO_TYPES)[number];

/** `host`: goes straight into the room (a host), otherwise waits in the lobby to be admitted. */
type Cast = { username: string; sessionRole: string; host?: true }[];
type Script = { type: string; title: string; organiser: string; cast: Cast; phases: string[] };

const SCRIPTS: Record<Exclude<DemoType, 'mediation'>, Script> = {
  tixun: {
    type: 'procuratorate_interrogation',
    title: `${DEMO_CASE.detaineeName} 审查逮捕提讯（hearing demo）`,
    organiser: 'prosecutor',
    cast: [
      { username: 'prosecutor', sessionRole: 'prosecutor' },
      { username: 'pclerk', sessionRole: 'clerk' },
      { username: 'custody', sessionRole: 'custody_officer' },
    ],
    phases: ['identity_check', 'rights_notice', 'questioning'],
  },
  plea: {
    type: 'plea',
    title: `${DEMO_CASE.detaineeName} 认罪认罚具结（hearing demo）`,
    organiser: 'prosecutor',
    cast: [
      { username: 'prosecutor', sessionRole: 'prosecutor' },
      { username: 'lawyer', sessionRole: 'duty_lawyer' },
      { username: 'custody', sessionRole: 'custody_officer' },
    ],
    phases: ['identity_check', 'rights_notice', 'plea'],
  },
  trial: {
    type: 'fast_track_trial',
    title: `${DEMO_CASE.detaineeName} 速裁庭审（hearing demo）`,
    organiser: 'judge',
    cast: [
      { username: 'judge', sessionRole: 'judge' },
      { username: 'clerk', sessionRole: 'clerk', host: true },
      { username: 'prosecutor', sessionRole: 'prosecutor' },
      { username: 'custody', sessionRole: 'custody_officer' },
    ],
    phases: ['identity_check', 'rights_notice', 'plea', 'evidence', 'final_statement', 'judgment'],
  },
};

const QA: Record<'tixun' | 'trial', ['q' | 'a', string][]> = {
  tixun: [
    ['q', '我们是包头铁路运输检察院的检察官，依法对你进行审查逮捕提讯。公安机关讯问时是否告知了你的诉讼权利？'],
    ['a', '告知了。'],
    ['q', '你对公安机关认定的出售银行卡的事实有无补充？'],
    ['a', '没有补充，都是事实。'],
  ],
  trial: [
    ['q', '被告人古某，你对起诉书指控的犯罪事实和罪名有无异议？'],
    ['a', '没有异议，我认罪认罚。'],
    ['q', '你最后还有什么要陈述的？'],
    ['a', '我知道错了，请求从轻处罚。'],
  ],
};

type Booked = { sessionId: string; participants: { id: string; userId: string | null; sessionRole: string }[] };

export async function runTypedDemo(o: { out: string; type: DemoType; url?: string }): Promise<number> {
  if (o.type === 'mediation') return runMediationDemo({ out: o.out, ...(o.url ? { url: o.url } : {}) });
  return runDetaineeDemo({ ...o, type: o.type });
}

async function runDetaineeDemo(o: { out: string; type: Exclude<DemoType, 'mediation'>; url?: string }): Promise<number> {
  const out = path.resolve(o.out);
  fs.mkdirSync(out, { recursive: true });
  const script = SCRIPTS[o.type];
  const log = (m: string) => console.log(`[demo ${o.type}] ${m}`);
  log(o.url ? `using ${o.url}` : 'starting a private platform (embedded Postgres, media workers)');
  const target = await openTarget(o.url);
  const chromium = await launchChromium();
  const people: Participant[] = [];
  const shot = (p: Participant, name: string) => p.page.screenshot({ path: path.join(out, `${name}.png`) }).then(() => undefined);
  try {
    const organiser = (await ApiClient.login(target.url, script.organiser, DEMO_PASSWORD)).client;
    const police = (await ApiClient.login(target.url, 'investigator', DEMO_PASSWORD)).client;
    const ids = await demoIds(
      target.url,
      organiser,
      script.cast.map((c) => c.username),
    );
    const { start, minutes } = demoSlot();
    const booking = {
      caseId: ids.caseId,
      type: script.type,
      title: script.title,
      custodyRoomId: ids.roomId,
      personId: ids.personId,
      participants: script.cast.map((c) => ({ userId: ids.users[c.username], sessionRole: c.sessionRole })),
    };
    const cleared = await freeSlot([organiser, police], booking, start, minutes);
    if (cleared) log(`cancelled ${cleared} earlier session(s) holding this slot`);
    const { session } = await organiser.call<{ session: { id: string; participants: Booked['participants'] } }>('POST', '/api/sessions', {
      ...booking,
      startsAt: start.toISOString(),
      minutes,
    });
    const sessionId = session.id;
    const peer = (role: string) => session.participants.find((p) => p.sessionRole === role)?.id as string;
    log(`booked ${script.type} session ${sessionId}`);

    const login = async (username: string) => {
      const p = await loginParticipant(chromium.browser, target.url, username, DEMO_PASSWORD);
      people.push(p);
      return p;
    };
    const host = await login(script.organiser);
    await enterSession(host, target.url, sessionId, 'room');
    const kiosk = await login('custody');
    await enterSession(kiosk, target.url, sessionId, 'kiosk', 'lobby');
    await admitFromLobby(host, peer('detainee'));
    await attestOnKiosk(kiosk, DEMO_PERSONS.find((p) => p.name === DEMO_CASE.detaineeName)?.idNumber.slice(-4) ?? '');
    log("custody officer attested the detainee's identity on the kiosk");
    const others: Record<string, Participant> = {};
    for (const c of script.cast.filter((x) => ![script.organiser, 'custody'].includes(x.username))) {
      const p = await login(c.username);
      await enterSession(p, target.url, sessionId, 'room', c.host ? undefined : 'lobby');
      if (!c.host) await admitFromLobby(host, peer(c.sessionRole));
      await waitForState(p, 'connected');
      others[c.username] = p;
    }
    for (const p of [host, ...Object.values(others)]) await confirmIdentity(p);
    if (o.type === 'trial') {
      await clickWhenReady((others.prosecutor as Participant).page, '[data-testid=give-consent]');
      await clickWhenReady(host.page, `li[data-peer-id="${peer('detainee')}"] [data-testid=record-consent]`);
      log("prosecutor's consent given; the defendant's recorded by the judge");
    }
    await goLive(host);
    log('session is live');
    for (const phase of script.phases) await markPhase(host, phase);
    await shot(host, '1-live');
    let kioskSignatures = 0;
    if (o.type === 'plea') {
      await writeInstrument(
        host,
        {
          facts: '2025年10月，犯罪嫌疑人古某明知他人利用信息网络实施犯罪，仍将本人办理的三张银行卡出售给他人用于资金结算，获利一千五百元。',
          sentencingProposal: '建议判处有期徒刑六个月，缓刑一年，并处罚金人民币二千元。',
        },
        'fast_track',
      );
      await signInstrument(kiosk, 1);
      await shot(kiosk, '2-kiosk-plea-signed');
      await signInstrument(others.lawyer as Participant, 2);
      await signInstrument(host, 3);
      await shot(host, '3-plea-statement-signed');
      log('具结书 signed on the kiosk with a fingerprint, by the duty lawyer, then the prosecutor');
    } else {
      const writer = (o.type === 'trial' ? others.clerk : others.pclerk) as Participant;
      if (o.type === 'trial') {
        await writeInstrument(writer, {
          verdict: '被告人古某犯帮助信息网络犯罪活动罪，判处有期徒刑六个月，缓刑一年，并处罚金人民币二千元。',
          reasoning: '被告人认罪认罚，依法从宽处罚。',
        });
        await signInstrument(host, 1);
        await shot(host, '2-judgment-signed');
        log('judgment written by the clerk and signed by the judge in 宣判');
      }
      await typeRecord(writer, QA[o.type]);
      kioskSignatures = await signRecord(writer, host, kiosk, shot);
      await shot(writer, '3-record-signed');
      log(`record typed by the clerk, confirmed on the kiosk (${kioskSignatures} signatures), signed by both officials`);
    }
    await endSession(host, '演示结束');
    log('session ended');
    return await collectEvidence({
      out,
      type: o.type,
      target,
      api: organiser,
      sessionId,
      documents: [...(o.type !== 'plea' ? (['transcript'] as const) : []), ...(o.type !== 'tixun' ? (['instrument'] as const) : [])],
      log,
      extra: { kioskSignatures },
    });
  } finally {
    for (const p of people) await p.context.close().catch(() => undefined);
    await chromium.close();
    await target.close();
  }
}
