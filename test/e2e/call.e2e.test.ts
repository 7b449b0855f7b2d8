// Investigator, prosecutor and custody kiosk join through the real UI in Debian Chromium with fake
// devices; each must decode the other two (video width > 0, inbound bytes growing).
import path from 'node:path';
import { enterSession, inbound, loginParticipant, sleep, type Participant } from '../../server/cli/browser';
import { buildSession, buildUser } from '../support/factories';
import { ARTIFACTS, useBrowserServer } from '../support/browserServer';
import { TEST_PASSWORD } from '../support/testServer';

const ctx = useBrowserServer();

it('three participants see and hear each other through the SFU', async () => {
  const investigator = await buildUser(ctx.server.db, 'investigator');
  const prosecutor = await buildUser(ctx.server.db, 'prosecutor');
  const custody = await buildUser(ctx.server.db, 'custody_officer');
  const session = await buildSession(
    ctx.server.db,
    investigator,
    [
      { user: prosecutor, sessionRole: 'prosecutor' },
      { user: custody, sessionRole: 'custody_officer' },
    ],
    { admitted: true },
  );
  const cast: { role: string; user: typeof investigator; kind: 'room' | 'kiosk' }[] = [
    { role: 'custody-kiosk', user: custody, kind: 'kiosk' },
    { role: 'investigator', user: investigator, kind: 'room' },
    { role: 'prosecutor', user: prosecutor, kind: 'room' },
  ];
  const people: (Participant & { role: string })[] = [];
  for (const c of cast) {
    const p = await loginParticipant(ctx.chromium.browser, ctx.server.url, c.user.username, TEST_PASSWORD);
    await enterSession(p, ctx.server.url, session.id, c.kind);
    people.push({ ...p, role: c.role });
  }

  const first = await Promise.all(people.map((p) => waitForTwoRemotes(p)));
  await sleep(3000);
  const later = await Promise.all(people.map((p) => inbound(p)));

  for (const [i, p] of people.entries()) {
    const before = first[i]!.remotes;
    const after = later[i]!.remotes;
    const videos = after.filter((r) => r.kind === 'video');
    const audios = after.filter((r) => r.kind === 'audio');
    expect({ role: p.role, videos: videos.length, audios: audios.length }).toEqual({ role: p.role, videos: 2, audios: 2 });
    for (const v of videos) {
      expect(v.frameWidth).toBeGreaterThan(0);
      const prev = before.find((b) => b.peerId === v.peerId && b.kind === 'video');
      expect(v.bytesReceived).toBeGreaterThan(prev?.bytesReceived ?? 0);
      expect(v.framesDecoded).toBeGreaterThan(prev?.framesDecoded ?? 0);
    }
    for (const a of audios) {
      const prev = before.find((b) => b.peerId === a.peerId && b.kind === 'audio');
      expect(a.bytesReceived).toBeGreaterThan(prev?.bytesReceived ?? 0);
    }
    // The page shows a labelled tile per remote participant, and the video element has a picture.
    const widths = await p.page.$$eval('[data-testid=tiles] figure video', (els) => els.map((e) => (e as HTMLVideoElement).videoWidth));
    expect(widths).toHaveLength(2);
    for (const w of widths) expect(w).toBeGreaterThan(0);
    await p.page.screenshot({ path: path.join(ARTIFACTS, `${p.role}.png`) });
  }

  // The kiosk is labelled as the detainee on the officials' screens.
  const labels = await people[1]!.page.$$eval('[data-testid=tiles] figure', (els) => els.map((e) => e.getAttribute('data-role')));
  expect(labels.sort()).toEqual(['detainee', 'prosecutor']);

  // Leaving through the UI removes the tile on the other screens.
  await people[2]!.page.click('[data-testid=leave]');
  await people[1]!.page.waitForFunction(() => document.querySelectorAll('[data-testid=tiles] figure').length === 1, { timeout: 10_000 });
  for (const p of people) await p.context.close();
});

async function waitForTwoRemotes(p: Participant) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const s = await inbound(p);
    const decoding = s.remotes.filter((r) => r.kind === 'video' && r.framesDecoded > 0);
    if (decoding.length >= 2) return s;
    if (Date.now() > deadline) throw new Error(`${p.username} decodes ${decoding.length}/2 remote videos: ${JSON.stringify(s.remotes)}`);
    await sleep(250);
  }
}
