// Drives Debian's Chromium with fake camera and microphone through the real web UI.
// Used by `hearing demo`, the join benchmark and the e2e tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';

const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  // NOTE: background tabs throttle timers and rendering; every participant here is "in front".
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];

export type LaunchedBrowser = { browser: Browser; close(): Promise<void> };

/** Launches Chromium with a fresh profile directory, removed again on close. */
/**
 * Starts Debian's Chromium. `extraArgs` are added to the usual flags; the DevTools connection is a
 * pipe, so a browser started inside a network namespace (through a wrapper) is driven all the same.
 */
export async function launchChromium(executablePath = '/usr/bin/chromium', extraArgs: string[] = []): Promise<LaunchedBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearing-chromium-'));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    pipe: true,
    args: [...CHROMIUM_FLAGS, ...extraArgs, `--user-data-dir=${userDataDir}`],
    defaultViewport: { width: 1280, height: 800 },
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// NOTE: code passed to page.evaluate runs in the page; this is the probe the client installs there.
type Probe = {
  state: string;
  joinStartedAt: number;
  firstFrameAt: Record<string, number>;
  peerKnownAt: Record<string, number>;
  inbound(): Promise<InboundSummary['remotes']>;
};

export type Participant = { context: BrowserContext; page: Page; username: string };

/** Opens an isolated context (its own cookies), logs in through the login form. */
export async function loginParticipant(browser: Browser, baseUrl: string, username: string, password: string): Promise<Participant> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${username}] page error: ${String(err)}`));
  await page.goto(`${baseUrl}/#/login`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[data-testid=username]');
  await page.type('[data-testid=username]', username);
  await page.type('[data-testid=password]', password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('table.sessions, main.page p', { timeout: 15_000 });
  return { context, page, username };
}

/** Opens the session room (or the kiosk) and waits until the client reports `until` (connected, or waiting in the lobby). */
export async function enterSession(
  p: Participant,
  baseUrl: string,
  sessionId: string,
  kind: 'room' | 'kiosk',
  until: 'connected' | 'lobby' = 'connected',
): Promise<void> {
  await p.page.goto(`${baseUrl}/#/${kind}/${sessionId}`, { waitUntil: 'domcontentloaded' });
  await waitForState(p, until);
}

/** Waits until the page's media session reports `state`. */
export async function waitForState(p: Participant, state: string, timeout = 20_000): Promise<void> {
  await p.page.waitForFunction((s: string) => (globalThis as unknown as { __hearing?: Probe }).__hearing?.state === s, { timeout }, state);
}

export type InboundSummary = {
  remotes: { peerId: string; kind: string; framesDecoded: number; bytesReceived: number; frameWidth: number }[];
  firstFrameAt: Record<string, number>;
  peerKnownAt: Record<string, number>;
  joinStartedAt: number;
};

/** What this participant's browser has really received and decoded. */
export async function inbound(p: Participant): Promise<InboundSummary> {
  return p.page.evaluate(async () => {
    const h = (globalThis as unknown as { __hearing?: Probe }).__hearing;
    if (!h) throw new Error('the page has no media session');
    return {
      remotes: await h.inbound(),
      firstFrameAt: { ...h.firstFrameAt },
      peerKnownAt: { ...h.peerKnownAt },
      joinStartedAt: h.joinStartedAt,
    };
  });
}

/** Milliseconds from "this participant and a remote peer were both in the room" to the first frame shown. */
export function joinToFirstFrameMs(s: InboundSummary): number | null {
  const times = Object.entries(s.firstFrameAt).map(
    ([peerId, at]) => at - Math.max(s.joinStartedAt, s.peerKnownAt[peerId] ?? s.joinStartedAt),
  );
  return times.length ? Math.round(Math.min(...times)) : null;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
