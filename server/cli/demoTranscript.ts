/// <reference lib="dom" />
// The record in `hearing demo`, through the real UI: the investigator types the questions and
// answers, the detainee asks for a correction on the kiosk and the investigator makes it, the
// record is handed over, the detainee signs every page with a pen trace and a camera fingerprint
// and writes the closing sentence, both investigators sign; after the end the signed PDF is
// downloaded to DIR/transcript.pdf and verified offline.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { verifyTranscriptPdf, type TranscriptVerifyReport } from '../transcripts';
import type { ApiClient } from './apiClient';
import { sleep, type Participant } from './browser';
import { clickWhenReady as click, drawOnPad as drawOn } from './walkthrough';

/** Questions and answers from the seed case (帮助信息网络犯罪活动, the 茂名 press report). */
export const DEMO_QA: ['q' | 'a', string][] = [
  ['q', '我们是茂名市公安局电白分局的侦查员，现依法对你进行讯问。你听清楚了吗？'],
  ['a', '听清楚了。'],
  ['q', '你的银行卡是否借给过他人使用？'],
  ['a', '借给过。去年十月，一个网友让我办了三张银行卡交给他，说是做生意走账用。'],
  ['q', '你从中获得了什么好处？'],
  ['a', '每张卡他给我五百元，一共一千五百元。'],
];
const CORRECTED = '每张卡他给我五百元，一共一千五百元，钱是通过微信转给我的。';

async function saved(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid=transcript-saved]')?.getAttribute('data-pending') === '0', {
    timeout: 15_000,
  });
}

/** The investigator types the record block by block (saved as typed). */
export async function typeRecord(host: Participant, qa = DEMO_QA): Promise<void> {
  await host.page.waitForSelector('[data-testid=add-q]', { timeout: 15_000 });
  for (const [kind, text] of qa) {
    await click(host.page, `[data-testid=add-${kind}]`);
    await host.page.keyboard.type(text, { delay: 5 });
    await sleep(350);
  }
  await host.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await saved(host.page);
}

/** The detainee asks for a correction of the last answer on the kiosk; the investigator makes it. */
export async function correctOnRequest(kiosk: Participant, host: Participant): Promise<void> {
  await kiosk.page.waitForFunction(
    (n: number) => document.querySelectorAll('[data-testid=ask-correction]').length >= n,
    { timeout: 15_000 },
    DEMO_QA.length,
  );
  await kiosk.page.evaluate(() => {
    const all = document.querySelectorAll<HTMLElement>('[data-testid=ask-correction]');
    all[all.length - 1]?.click();
  });
  await kiosk.page.waitForSelector('[data-testid=correction-note]');
  await kiosk.page.type('[data-testid=correction-note]', '钱是通过微信转给我的，请补上');
  await click(kiosk.page, '[data-testid=send-correction]');
  await click(host.page, '[data-testid=make-correction]');
  await host.page.keyboard.down('Control');
  await host.page.keyboard.press('KeyA');
  await host.page.keyboard.up('Control');
  await host.page.keyboard.type(CORRECTED, { delay: 5 });
  await host.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await host.page.waitForFunction(() => document.querySelector('[data-testid=corrections] p[data-state="made"]') !== null, {
    timeout: 15_000,
  });
}

/** Hands the record over, and the detainee signs everything on the kiosk; both investigators sign last. */
export async function signRecord(
  host: Participant,
  second: Participant,
  kiosk: Participant,
  shot: (p: Participant, name: string) => Promise<void>,
): Promise<number> {
  await click(host.page, '[data-testid=submit-transcript]');
  let signed = 0;
  for (let i = 0; i < 50; i++) {
    const task = await kiosk.page
      .waitForFunction(
        () => {
          for (const id of ['sign-page', 'sign-closing', 'sign-correction', 'kiosk-signed-all'])
            if (document.querySelector(`[data-testid=${id}]`)) return id;
          return null;
        },
        { timeout: 15_000 },
      )
      .then((h) => h.jsonValue());
    if (task === 'kiosk-signed-all') break;
    const before = await kiosk.page.evaluate(() => document.querySelector('[data-testid=kiosk-transcript]')?.textContent ?? '');
    if (i === 0) await shot(kiosk, '6-kiosk-page');
    // NOTE: a closing sentence confirmed typed (a trial's) has no pad: the detainee touches the button alone.
    if (await kiosk.page.$('[data-testid=kiosk-pad]')) await drawOn(kiosk.page, '[data-testid=kiosk-pad]', i);
    await click(kiosk.page, `[data-testid=${task}]`);
    await kiosk.page.waitForFunction(
      (b: string) =>
        (document.querySelector('[data-testid=kiosk-transcript]')?.textContent ?? '') !== b ||
        (document.querySelector('[data-testid=kiosk-transcript-error]')?.textContent ?? '') !== '',
      { timeout: 15_000 },
      before,
    );
    const err = await kiosk.page.$eval('[data-testid=kiosk-transcript-error]', (e) => e.textContent ?? '');
    if (err) throw new Error(`kiosk signing failed: ${err}`);
    signed += 1;
  }
  for (const [n, p] of [host, second].entries()) {
    await drawOn(p.page, '[data-testid=official-pad]', 20 + n);
    await click(p.page, '[data-testid=official-sign]');
    await p.page.waitForFunction(() => !document.querySelector('[data-testid=official-sign]'), { timeout: 15_000 });
  }
  await host.page.waitForFunction(() => !document.querySelector('[data-testid=transcript-missing]'), { timeout: 15_000 });
  return signed;
}

export type DemoTranscriptReport = {
  file: string;
  pages: number | null;
  sha256: string;
  verificationCode: string;
  verified: boolean;
  problems: string[];
  kioskSignatures: number;
};

/** After the end: waits for the final record, downloads it to DIR/transcript.pdf and verifies it. */
export async function fetchTranscript(
  api: ApiClient,
  sessionId: string,
  out: string,
  certificatePem: string,
  kioskSignatures: number,
): Promise<DemoTranscriptReport> {
  type Final = { pdfSha256: string; verificationCode: string };
  const poll = async (): Promise<Final> => {
    for (let i = 0; i < 120; i++) {
      const f = (await api.call<{ transcript: { final: Final | null } }>('GET', `/api/sessions/${sessionId}/transcript`)).transcript.final;
      if (f) return f;
      await sleep(250);
    }
    throw new Error('the record was not made final');
  };
  const final = await poll();
  const file = path.join(out, 'transcript.pdf');
  fs.rmSync(file, { force: true });
  await api.download(`/api/sessions/${sessionId}/transcript.pdf`, file);
  const r: TranscriptVerifyReport = await verifyTranscriptPdf(file, {
    certificatePem,
    manifest: path.join(out, 'recordings', 'manifest.json'),
  });
  return {
    file,
    pages: r.pages,
    sha256: final.pdfSha256,
    verificationCode: final.verificationCode,
    verified: r.ok,
    problems: r.problems,
    kioskSignatures,
  };
}
