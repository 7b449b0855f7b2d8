// TURN: with relay-only ICE, media between the kiosk and an investigator goes through Debian's
// coturn on credentials the platform minted for each participant and the session's slot; a
// credential past its time gets no relay at all.
import { buildSession, buildUser } from '../support/factories';
import {
  enterSession,
  inbound,
  launchChromium,
  type LaunchedBrowser,
  loginParticipant,
  type Participant,
  sleep,
} from '../../server/cli/browser';
import { credentialFor } from '../../server/turn';
import { type Coturn, startCoturn } from '../support/coturn';
import { ask, startTestServer, TEST_PASSWORD, type TestServer } from '../support/testServer';

let coturn: Coturn;
let server: TestServer;
let chromium: LaunchedBrowser;
beforeAll(async () => {
  coturn = await startCoturn(35_000 + (process.pid % 40) * 220);
  server = await startTestServer({ withClient: true, web: { turn: { urls: [coturn.url], secret: coturn.secret, forceRelay: true } } });
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
  await coturn?.stop();
});

it('carries a session over TURN only, on per-participant credentials for the slot', async () => {
  const investigator = await buildUser(server.db, 'investigator');
  const custody = await buildUser(server.db, 'custody_officer');
  const session = await buildSession(server.db, investigator, [{ user: custody, sessionRole: 'custody_officer' }], { admitted: true });
  const people: Participant[] = [];
  for (const [u, kind] of [
    [custody, 'kiosk'],
    [investigator, 'room'],
  ] as const) {
    const p = await loginParticipant(chromium.browser, server.url, u.username, TEST_PASSWORD);
    await enterSession(p, server.url, session.id, kind);
    people.push(p);
  }
  for (const p of people) {
    const deadline = Date.now() + 25_000;
    for (;;) {
      const s = await inbound(p);
      const video = s.remotes.find((r) => r.kind === 'video' && r.framesDecoded > 0);
      const audio = s.remotes.find((r) => r.kind === 'audio' && r.bytesReceived > 0);
      if (video && audio) break;
      if (Date.now() > deadline) throw new Error(`${p.username} over TURN: ${JSON.stringify(s.remotes)}`);
      await sleep(250);
    }
  }
  // Every participant receives over a relayed candidate pair, and only such.
  // NOTE: the stats report the selected pair a moment after media flows (a loaded CI run read none once): wait for one.
  for (const p of people) {
    const readRoutes = () =>
      p.page.evaluate(() => (globalThis as unknown as { __hearing: { routes(): Promise<string[]> } }).__hearing.routes());
    let routes = await readRoutes();
    for (const until = Date.now() + 10_000; routes.length === 0 && Date.now() < until; routes = await readRoutes()) await sleep(250);
    expect({ who: p.username, routes }).toEqual({ who: p.username, routes: ['relay'] });
  }
  // The credentials are the participant's own and expire 30 minutes after the slot's end.
  const investigator2 = await server.socket(await server.login(session.investigator2.username));
  expect((await ask(investigator2, 'session:join', { sessionId: session.id, endpoint: 'user' })).ok).toBe(true);
  const t = await ask(investigator2, 'transport:create', { direction: 'recv' });
  const self = session.participants.find((p) => p.userId === session.investigator2.id)!;
  const expiry = Math.floor(new Date(session.endsAt).getTime() / 1000 + 1800);
  expect(t.data).toMatchObject({
    iceTransportPolicy: 'relay',
    iceServers: [
      {
        urls: [coturn.url],
        username: `${expiry}:${self.id}`,
        credential: credentialFor({ urls: [coturn.url], secret: coturn.secret }, self.id, expiry).credential,
      },
    ],
  });
  investigator2.close();
  for (const p of people) await p.context.close();
});

it('gives no relay to a credential past its time or signed with another secret', async () => {
  const page = await chromium.browser.newPage();
  await page.goto(`${server.url}/healthz`);
  const relays = (iceServer: { urls: string[]; username: string; credential: string }) =>
    page.evaluate(async (s) => {
      const pc = new RTCPeerConnection({ iceServers: [s], iceTransportPolicy: 'relay' });
      const found: string[] = [];
      pc.onicecandidate = (e) => {
        if (e.candidate?.type) found.push(e.candidate.type);
      };
      pc.createDataChannel('probe');
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise<void>((resolve) => {
        const done = () => resolve();
        pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && done();
        setTimeout(done, 8000);
      });
      pc.close();
      return found;
    }, iceServer);
  const now = Math.floor(Date.now() / 1000);
  expect(await relays(credentialFor({ urls: [coturn.url], secret: coturn.secret }, 'probe-valid', now + 600))).toContain('relay');
  expect(await relays(credentialFor({ urls: [coturn.url], secret: coturn.secret }, 'probe-expired', now - 60))).toEqual([]);
  expect(await relays(credentialFor({ urls: [coturn.url], secret: 'not-the-secret' }, 'probe-forged', now + 600))).toEqual([]);
  await page.close();
});
