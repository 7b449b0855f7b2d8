/// <reference lib="dom" />
// The steps of a remote interrogation, driven through the real web UI with puppeteer: book,
// attest on the kiosk, admit from the lobby, confirm identities, go live, mark phases, show
// evidence, end. `hearing demo` and the e2e suite both use these, so they exercise one flow.
import type { Page } from 'puppeteer-core';
import { chinaLocalInput } from '../vocabulary';
import { waitForState, type Participant } from './browser';

export type BookingForm = {
  caseId: string;
  personId: string;
  centerId: string;
  roomId: string;
  startsAt: Date;
  minutes: number;
  title: string;
  /** User ids to tick in the participants list (the organiser is added by the form). */
  participantIds: string[];
};

async function setValue(page: Page, selector: string, value: string): Promise<void> {
  await page.$eval(
    selector,
    (el, v) => {
      (el as unknown as { value: string }).value = v;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
  );
}

/**
 * Finds and clicks in one step inside the page: the procedure panel re-renders on every state
 * change, so an element handle taken a moment earlier may already be detached.
 */
export async function clickWhenReady(page: Page, selector: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (sel: string) => {
      const el = document.querySelector(sel) as HTMLElement | null;
      if (!el) return false;
      el.click();
      return true;
    },
    { timeout },
    selector,
  );
}

async function selectWhenPresent(page: Page, selector: string, value: string): Promise<void> {
  await page.waitForFunction(
    (s: string, v: string) => Array.from((document.querySelector(s) as HTMLSelectElement).options).some((o) => o.value === v),
    { timeout: 10_000 },
    selector,
    value,
  );
  await page.select(selector, value);
}

/** Fills and submits the booking form; resolves with the new session id and what the form's check showed. */
export async function bookThroughUi(
  p: Participant,
  baseUrl: string,
  f: BookingForm,
  shot?: (name: string) => Promise<void>,
): Promise<{ sessionId: string; checkText: string }> {
  const { page } = p;
  await page.goto(`${baseUrl}/#/book`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[data-testid=book-form]');
  await page.select('[data-testid=book-type]', 'interrogation');
  await selectWhenPresent(page, '[data-testid=book-case]', f.caseId);
  await selectWhenPresent(page, '[data-testid=book-person]', f.personId);
  await selectWhenPresent(page, '[data-testid=book-center]', f.centerId);
  await selectWhenPresent(page, '[data-testid=book-room]', f.roomId);
  await setValue(page, '[data-testid=book-minutes]', String(f.minutes));
  await setValue(page, '[data-testid=book-title]', f.title);
  for (const id of f.participantIds) await page.click(`[data-testid=book-participants] input[value="${id}"]`);
  await setValue(page, '[data-testid=book-start]', chinaLocalInput(f.startsAt));
  await page.waitForSelector('[data-testid=book-check] p[data-ok]', { timeout: 10_000 });
  await page
    .waitForFunction(() => document.querySelector('[data-testid=book-check] p[data-ok]')?.getAttribute('data-ok') === 'true', {
      timeout: 10_000,
    })
    .catch(async () => {
      throw new Error(`the booking form reports problems: ${await page.$eval('[data-testid=book-check]', (e) => e.textContent)}`);
    });
  const checkText = await page.$eval('[data-testid=book-check]', (e) => e.textContent ?? '');
  await shot?.('1-booking-form');
  await page.click('[data-testid=book-submit]');
  await page
    .waitForFunction(() => location.hash.startsWith('#/sessions?booked='), { timeout: 10_000 })
    .catch(async () => {
      throw new Error(`booking failed: ${await page.$eval('[data-testid=book-error]', (e) => e.textContent)}`);
    });
  const sessionId = await page.evaluate(() => location.hash.split('booked=')[1] as string);
  return { sessionId, checkText };
}

/** The custody officer attests on the kiosk that the person on screen is the named detainee. */
export async function attestOnKiosk(kiosk: Participant, idLast4: string): Promise<void> {
  await kiosk.page.waitForSelector('[data-testid=attest-form]:not([hidden])', { timeout: 10_000 });
  await kiosk.page.select('[data-testid=attest-method]', 'id_card');
  await kiosk.page.type('[data-testid=attest-last4]', idLast4);
  await clickWhenReady(kiosk.page, '[data-testid=attest-submit]');
  await kiosk.page.waitForSelector('[data-testid=attest-form][hidden]', { timeout: 10_000 });
}

/** The host admits a waiting participant by role from the lobby list. */
export async function admitFromLobby(host: Participant, peerId: string): Promise<void> {
  await clickWhenReady(host.page, `[data-testid=lobby-list] li[data-peer-id="${peerId}"] [data-testid=admit]`);
}

export async function confirmIdentity(p: Participant): Promise<void> {
  await clickWhenReady(p.page, '[data-testid=confirm-identity]');
  await p.page.waitForSelector('[data-testid=identity-confirmed]', { timeout: 10_000 });
}

export async function sessionStateIs(p: Participant, state: string, timeout = 10_000): Promise<void> {
  await p.page.waitForSelector(`[data-testid=session-state][data-state="${state}"]`, { timeout });
}

export async function goLive(host: Participant): Promise<void> {
  await host.page.waitForSelector('[data-testid=requirements]', { timeout: 10_000 });
  await host.page
    .waitForFunction(() => !document.querySelector('[data-testid=requirements] li'), { timeout: 15_000 })
    .catch(async () => {
      throw new Error(`cannot go live yet: ${await host.page.$eval('[data-testid=requirements]', (e) => e.textContent)}`);
    });
  // NOTE: a participant who arrived a moment ago may have no recorder writing yet (recording_track): the
  // server refuses and the panel lists it; the host presses again once it is met, as a person would.
  const until = Date.now() + 20_000;
  for (;;) {
    await clickWhenReady(host.page, '[data-testid=go-live]');
    const live = await sessionStateIs(host, 'live', 3000).then(
      () => true,
      () => false,
    );
    if (live) return;
    if (Date.now() > until) await sessionStateIs(host, 'live', 1000);
  }
}

export async function markPhase(host: Participant, phase: string): Promise<void> {
  await clickWhenReady(host.page, `[data-testid=phase-${phase}]`);
  await host.page.waitForSelector(`[data-testid=current-phase][data-phase="${phase}"]`, { timeout: 10_000 });
}

/** Shows an image as evidence (示证) through the file picker; it travels as its own video track. */
export async function showEvidence(host: Participant, file: string): Promise<void> {
  const input = await host.page.waitForSelector('[data-testid=evidence-file]', { timeout: 10_000 });
  await (input as unknown as { uploadFile(f: string): Promise<void> }).uploadFile(file);
  await host.page.waitForSelector('[data-testid=stop-evidence]:not([hidden])', { timeout: 10_000 });
}

/** Waits until this participant's evidence stage shows decoded frames; resolves with the picture width. */
export async function evidenceVisible(p: Participant, timeout = 15_000): Promise<number> {
  await p.page.waitForFunction(
    () => {
      const v = document.querySelector('[data-testid=evidence-stage]:not([hidden]) video') as HTMLVideoElement | null;
      return v !== null && v.videoWidth > 0;
    },
    { timeout },
  );
  return p.page.$eval('[data-testid=evidence-video]', (v) => (v as HTMLVideoElement).videoWidth);
}

export async function endSession(host: Participant, reason: string): Promise<void> {
  await host.page.$eval(
    '[data-testid=host-reason]',
    (el, r) => {
      (el as unknown as { value: string }).value = r;
    },
    reason,
  );
  await clickWhenReady(host.page, '[data-testid=end-session]');
  // NOTE: a session that will not end says why: the panel's refusal (e.g. recording_gap_unexplained) and the gaps it lists.
  await waitForState(host, 'ended').catch(async (err: Error) => {
    const text = async (sel: string) => (await host.page.$eval(sel, (e) => e.textContent ?? '').catch(() => '')).trim();
    const why = [await text('[data-testid=panel-error]'), await text('[data-testid=recording-gaps]')].filter(Boolean).join(' | ');
    throw new Error(`the session did not end${why ? `: ${why}` : ''} (${err.message})`);
  });
}

/** Writes on a signature pad the way a finger would: a few strokes across it. */
export async function drawOnPad(page: Page, selector: string, seed: number): Promise<void> {
  const el = await page.waitForSelector(selector, { visible: true, timeout: 15_000 });
  await el!.scrollIntoView();
  const box = await el!.boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  for (let s = 0; s < 3; s++) {
    const x0 = box.x + box.width * (0.1 + s * 0.28);
    await page.mouse.move(x0, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++)
      await page.mouse.move(x0 + i * box.width * 0.018, box.y + box.height * (0.5 + 0.3 * Math.sin((i + seed) / 2)));
    await page.mouse.up();
  }
}
