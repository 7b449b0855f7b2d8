// Recovery in real browsers: the media worker under a live call is killed (-9); every client is
// told to rejoin, lands on the replacement worker with the same identity, and media flows again.
// Then one client's signaling connection drops; it reconnects and rejoins without a ghost.
import { enterSession, inbound, loginParticipant, sleep, type Participant } from '../../server/cli/browser';
import { buildSession, buildUser } from '../support/factories';
import { useBrowserServer } from '../support/browserServer';
import { TEST_PASSWORD } from '../support/testServer';

const ctx = useBrowserServer();

async function videoBytes(p: Participant): Promise<number> {
  const s = await inbound(p);
  return s.remotes.filter((r) => r.kind === 'video' && r.framesDecoded > 0).reduce((a, r) => a + r.bytesReceived, 0);
}

async function waitForFlowing(p: Participant, label: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = await videoBytes(p);
  for (;;) {
    await sleep(500);
    const now = await videoBytes(p);
    const state = await p.page.evaluate(() => (globalThis as unknown as { __hearing?: { state: string } }).__hearing?.state);
    if (state === 'connected' && now > last && now > 0) return;
    if (Date.now() > deadline) throw new Error(`${label}: media did not resume (state ${state}, bytes ${now})`);
    last = now;
  }
}

it('rejoins automatically after a worker kill and after a signaling drop', async () => {
  const investigator = await buildUser(ctx.server.db, 'investigator');
  const custody = await buildUser(ctx.server.db, 'custody_officer');
  const session = await buildSession(ctx.server.db, investigator, [{ user: custody, sessionRole: 'custody_officer' }], { admitted: true });
  const kiosk = await loginParticipant(ctx.chromium.browser, ctx.server.url, custody.username, TEST_PASSWORD);
  await enterSession(kiosk, ctx.server.url, session.id, 'kiosk');
  const inv = await loginParticipant(ctx.chromium.browser, ctx.server.url, investigator.username, TEST_PASSWORD);
  await enterSession(inv, ctx.server.url, session.id, 'room');
  await waitForFlowing(inv, 'investigator before the kill');
  await waitForFlowing(kiosk, 'kiosk before the kill');

  const [oldPid] = ctx.server.media.workerPids();
  process.kill(oldPid as number, 'SIGKILL');
  // Media resumes on the replacement worker for both, with each identity present exactly once.
  await waitForFlowing(inv, 'investigator after the kill');
  await waitForFlowing(kiosk, 'kiosk after the kill');
  expect(ctx.server.media.workerPids()).not.toContain(oldPid);
  const peers = ctx.server.app.signaling.livePeers(session.id);
  expect(peers.map((p) => p.sessionRole).sort()).toEqual(['detainee', 'investigator']);

  // Drop the investigator's signaling connection; socket.io reconnects and the client rejoins.
  await inv.page.evaluate(() => {
    const sockets = (globalThis as unknown as { __hearingSocket?: { io: { engine: { close(): void } } } }).__hearingSocket;
    sockets?.io.engine.close();
  });
  await sleep(1000);
  await waitForFlowing(inv, 'investigator after the signaling drop');
  await waitForFlowing(kiosk, 'kiosk after the investigator came back');
  expect(ctx.server.app.signaling.livePeers(session.id)).toHaveLength(2);
  const tiles = await kiosk.page.$$eval('[data-testid=tiles] figure', (els) => els.length);
  expect(tiles).toBe(1);
  await kiosk.context.close();
  await inv.context.close();
});
