// The text of an instrument, built from the case, the session and what the host entered, in the
// standard wording of each: the 认罪认罚具结书 (the Supreme People's Procuratorate's form), the
// judgment announced in court at a fast-track trial, the 调解协议书. Frozen once shown for
// signature; its hash is what every signature is bound to.
import { createHash } from 'node:crypto';
import { findDirectoryEntries } from '../auth';
import { casesRepo } from '../cases';
import type { Db, Trx } from '../db/db';
import type { Session } from '../sessions';
import { chinaWritten, INSTRUMENT_KIND_LABELS, isLawyerRole, PLEA_PROCEDURE_LABELS, SESSION_ROLE_LABELS } from '../vocabulary';
import { mediatorsOf } from './instruments.signers';
import type { InstrumentBody, InstrumentFields } from './instruments.types';

const zh = (l: { 'zh-CN': string }) => l['zh-CN'];
/** What the host typed, as a sentence ended once (a trailing 。/；/. is not doubled). */
const sentence = (text: string) => `${text.trim().replace(/[。；;.，,]+$/u, '')}。`;

/** SHA-256 over the text as shown: what a signature is bound to. */
export const bodySha256 = (b: InstrumentBody): string => createHash('sha256').update(JSON.stringify(b), 'utf8').digest('hex');

export async function buildBody(q: Db | Trx, s: Session, f: InstrumentFields): Promise<InstrumentBody> {
  const c = await casesRepo.findById(q, s.caseId);
  const [organiser] = await findDirectoryEntries(q, [s.createdBy]);
  const agency = organiser?.agencyName ?? '';
  const charge = c?.charge ?? '';
  const named = (pred: (r: string) => boolean) => s.participants.filter((p) => pred(p.sessionRole));
  const subject = named((r) => r === 'detainee')[0]?.displayName ?? '';
  const title = zh(INSTRUMENT_KIND_LABELS[f.kind]).replace(/（.*）$/, '');
  const body = (paragraphs: string[]): InstrumentBody => ({ title, caseNumber: s.caseNumber, paragraphs });
  const when = chinaWritten(s.liveAt ?? new Date()).slice(0, 11);
  switch (f.kind) {
    case 'plea_statement': {
      const lawyers = named(isLawyerRole).map((p) => `${zh(SESSION_ROLE_LABELS[p.sessionRole])}${p.displayName}`);
      const procedure = zh(PLEA_PROCEDURE_LABELS[f.procedure]);
      return body([
        `一、犯罪嫌疑人身份信息：本人${subject}，系${s.caseNumber}《${s.caseTitle}》的犯罪嫌疑人。`,
        `二、权利知悉：本人已阅读《认罪认罚从宽制度告知书》，理解并接受其全部内容，本人自愿适用认罪认罚从宽制度，同意适用${procedure}审理。`,
        '三、认罪认罚内容：',
        `1. ${agency}指控本人涉嫌${charge}，犯罪事实如下：${sentence(f.facts)}本人对指控的犯罪事实没有异议，对罪名没有异议。`,
        `2. ${agency}提出的量刑建议：${sentence(f.sentencingProposal)}本人同意该量刑建议。`,
        `3. 本人同意本案适用${procedure}。`,
        `四、自愿签署声明：本人自愿签署本具结书，是本人的真实意思表示；本具结书系在${lawyers.join('、') || '（无律师）'}在场的情况下签署，律师已就本案提供法律帮助。本具结书于${when}通过远程视频签署，全程同步录音录像。`,
      ]);
    }
    case 'judgment': {
      const judges = named((r) => r === 'judge').map((p) => p.displayName);
      return body([
        `被告人${subject}涉嫌${charge}一案（${s.caseNumber}），${agency}适用速裁程序，于${when}通过远程视频公开开庭审理，并当庭宣判。`,
        '判决如下：',
        f.verdict,
        ...(f.reasoning.trim() ? [`理由：${f.reasoning}`] : []),
        '如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向上一级人民法院提出上诉。书面上诉的，应当提交上诉状正本一份，副本二份。',
        `审判员：${judges.join('、')}`,
      ]);
    }
    case 'mediation_agreement': {
      const parties = named((r) => r === 'party' || r === 'detainee').map((p) => p.displayName);
      const mediators = mediatorsOf(s);
      return body([
        `当事人：${parties.join('、')}`,
        `调解员：${mediators.map((p) => p.displayName).join('、')}（${agency}）`,
        `纠纷简要情况：${f.dispute}`,
        '经调解，当事人自愿达成如下协议：',
        f.terms,
        `本协议于${when}通过远程视频调解达成，调解过程全程同步录音录像；经各方当事人及调解员签名后生效，当事人应当自觉履行。`,
      ]);
    }
  }
}
