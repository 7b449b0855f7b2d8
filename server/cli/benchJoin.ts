// `npm run bench:join`: join → first remote frame over N joins (p50/p95). A kiosk stays in the
// session publishing; an investigator joins, waits for the kiosk's first frame, and leaves, N times.
import { DEMO_PASSWORD } from '../seed';
import { ApiClient } from './apiClient';
import { enterSession, inbound, launchChromium, loginParticipant, waitForState } from './browser';
import { bookDemoSession, demoIds } from './demoBooking';
import { admitFromLobby } from './walkthrough';
import { openTarget } from './localPlatform';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

export async function runBenchJoin(o: { joins: number; url?: string }): Promise<number> {
  const target = await openTarget(o.url);
  const chromium = await launchChromium();
  try {
    const inv = await ApiClient.login(target.url, 'investigator', DEMO_PASSWORD);
    const ids = await demoIds(target.url, inv.client);
    const sessionId = await bookDemoSession(inv.client, ids, 'bench:join');
    const kiosk = await loginParticipant(chromium.browser, target.url, 'custody', DEMO_PASSWORD);
    await enterSession(kiosk, target.url, sessionId, 'kiosk', 'lobby');
    const joiner = await loginParticipant(chromium.browser, target.url, 'investigator', DEMO_PASSWORD);
    // The investigator hosts the interrogation: the first time in, they admit the kiosk from the lobby.
    await enterSession(joiner, target.url, sessionId, 'room');
    const detainee = (
      await inv.client.call<{ session: { participants: { id: string; sessionRole: string }[] } }>('GET', `/api/sessions/${sessionId}`)
    ).session.participants.find((p) => p.sessionRole === 'detainee');
    await admitFromLobby(joiner, detainee?.id as string);
    await waitForState(kiosk, 'connected');
    await joiner.page.click('[data-testid=leave]');
    await joiner.page.waitForSelector('table.sessions');
    const samples: number[] = [];
    for (let i = 0; i < o.joins; i += 1) {
      await joiner.page.goto(`${target.url}/#/sessions`, { waitUntil: 'domcontentloaded' });
      await joiner.page.waitForSelector('table.sessions');
      await enterSession(joiner, target.url, sessionId, 'room');
      await joiner.page.waitForFunction(
        () => Object.keys((globalThis as unknown as { __hearing?: { firstFrameAt: object } }).__hearing?.firstFrameAt ?? {}).length > 0,
        { timeout: 15_000 },
      );
      const s = await inbound(joiner);
      const first = Math.min(...Object.values(s.firstFrameAt));
      samples.push(first - s.joinStartedAt);
      await joiner.page.click('[data-testid=leave]');
      await joiner.page.waitForSelector('table.sessions');
    }
    const sorted = [...samples].sort((a, b) => a - b);
    console.log(
      `bench:join joins=${samples.length} p50=${pct(sorted, 50).toFixed(0)}ms p95=${pct(sorted, 95).toFixed(0)}ms ` +
        `min=${(sorted[0] ?? 0).toFixed(0)}ms max=${(sorted[sorted.length - 1] ?? 0).toFixed(0)}ms`,
    );
    console.log(`samples_ms=${samples.map((x) => x.toFixed(0)).join(',')}`);
    return 0;
  } finally {
    await chromium.close();
    await target.close();
  }
}
