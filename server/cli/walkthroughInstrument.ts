/// <reference lib="dom" />
// The 文书 panel driven through the real UI (`hearing demo --type` and the e2e suite): a host writes the instrument and hands it over, each
// signer signs on their own screen's pad (the kiosk also fingerprints) when their turn comes.
import type { Participant } from './browser';
import { clickWhenReady, drawOnPad } from './walkthrough';

/** Types each field (by its name: facts, sentencingProposal, verdict, ...) and hands the instrument over. */
export async function writeInstrument(host: Participant, fields: Record<string, string>, procedure?: string): Promise<void> {
  for (const [name, text] of Object.entries(fields)) {
    const area = await host.page.waitForSelector(`[data-testid=ins-${name}]`, { visible: true, timeout: 15_000 });
    await area?.click();
    await area?.type(text);
  }
  if (procedure) await host.page.select('[data-testid=ins-procedure]', procedure);
  await clickWhenReady(host.page, '[data-testid=ins-open]');
  await host.page.waitForSelector('[data-testid=instrument-state][data-state=signing]', { timeout: 15_000 });
}

/** Waits for this screen's turn, signs, and waits until the server has taken the signature. */
export async function signInstrument(p: Participant, seed: number): Promise<void> {
  await p.page.waitForSelector('[data-testid=ins-sign]', { visible: true, timeout: 20_000 });
  await drawOnPad(p.page, '[data-testid=instrument-pad]', seed);
  await clickWhenReady(p.page, '[data-testid=ins-sign]');
  await p.page.waitForFunction(
    () =>
      !document.querySelector('[data-testid=ins-sign]') ||
      (document.querySelector('[data-testid=instrument-error]')?.textContent ?? '') !== '',
    { timeout: 15_000 },
  );
  const err = await p.page.$eval('[data-testid=instrument-error]', (e) => e.textContent ?? '');
  if (err) throw new Error(`signing the instrument failed: ${err}`);
}

/** The signers as this screen lists them: role and whether they have signed. */
export const signersShown = (p: Participant) =>
  p.page.$$eval('[data-testid=instrument-signer]', (els) =>
    els.map((e) => `${e.getAttribute('data-role')}:${e.getAttribute('data-signed')}`),
  );
