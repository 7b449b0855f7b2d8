// The custody room's network goes dark for 5 s, then for 30 s. The kiosk runs in Chromium inside a
// network namespace of this test's own (a veth pair; the namespace's side is taken down and up);
// the investigator runs in Chromium on this machine. After each restore the investigator sees the
// detainee's video again within the bound, there is no ghost participant, the recording shows the
// silence as a gap with its cause, and the connection telemetry has the drop.
import fs from 'node:fs';
import path from 'node:path';
import {
  enterSession,
  inbound,
  launchChromium,
  type LaunchedBrowser,
  loginParticipant,
  type Participant,
  sleep,
} from '../../server/cli/browser';
import { ARTIFACTS } from '../support/browserServer';
import { buildSession, buildUser } from '../support/factories';
import { createTestHost, type TestHost } from '../support/netns';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/testServer';

let host: TestHost;
let server: TestServer;
let onHost: LaunchedBrowser;
let inNamespace: LaunchedBrowser;
beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  host = createTestHost();
  server = await startTestServer({ workers: 1, withClient: true, listenIp: host.hostIp });
  // NOTE: plain HTTP on a non-loopback address is not a secure context; these two origins are treated as one (the HTTPS issue).
  const secure = [`--unsafely-treat-insecure-origin-as-secure=${server.url}`];
  onHost = await launchChromium('/usr/bin/chromium', secure);
  inNamespace = await launchChromium(host.chromium, secure);
}, 120_000);
afterAll(async () => {
  await inNamespace?.close();
  await onHost?.close();
  await server?.close();
  host?.remove();
});

/** Bytes of the detainee's video the investigator has received so far. */
async function detaineeVideoBytes(p: Participant, detaineeId: string): Promise<number> {
  const s = await inbound(p);
  return s.remotes.filter((r) => r.peerId === detaineeId && r.kind === 'video').reduce((n, r) => n + r.bytesReceived, 0);
}

/** Milliseconds from now until the detainee's video is growing again on the investigator's screen. */
async function msUntilVideoFlows(p: Participant, detaineeId: string, timeoutMs: number): Promise<number> {
  const start = Date.now();
  let last = await detaineeVideoBytes(p, detaineeId);
  for (;;) {
    await sleep(100);
    const now = await detaineeVideoBytes(p, detaineeId).catch(() => last);
    if (now > last) return Date.now() - start;
    last = now;
    if (Date.now() - start > timeoutMs) throw new Error(`the detainee's video did not come back within ${timeoutMs} ms`);
  }
}

it('brings the detainee back after a 5 s and a 30 s network blackout, with no ghost and the gaps on record', async () => {
  const investigator = await buildUser(server.db, 'investigator');
  const custody = await buildUser(server.db, 'custody_officer');
  const session = await buildSession(server.db, investigator, [{ user: custody, sessionRole: 'custody_officer' }], { admitted: true });
  const detaineeId = session.participants.find((p) => p.sessionRole === 'detainee')!.id;
  const inv = await loginParticipant(onHost.browser, server.url, investigator.username, TEST_PASSWORD);
  await enterSession(inv, server.url, session.id, 'room');
  const kiosk = await loginParticipant(inNamespace.browser, server.url, custody.username, TEST_PASSWORD);
  await enterSession(kiosk, server.url, session.id, 'kiosk');
  await msUntilVideoFlows(inv, detaineeId, 20_000);
  await sleep(3000);

  const results: { blackoutS: number; backMs: number }[] = [];
  // NOTE: how fast media returns is measured and printed (the target is 3 s after a 5 s blackout and
  // 5 s after a 30 s one); the test asserts that it returns, not a timing.
  for (const [seconds, targetMs] of [
    [5, 3000],
    [30, 5000],
  ] as const) {
    host.blackout(true);
    await sleep(seconds * 1000);
    host.blackout(false);
    const backMs = await msUntilVideoFlows(inv, detaineeId, 30_000);
    results.push({ blackoutS: seconds, backMs });
    console.log(`blackout ${seconds} s: the detainee's video is back ${backMs} ms after the restore (target ${targetMs} ms)`);
    await sleep(5000);
    // No ghost: each participant is present once, and the investigator shows one remote tile.
    const peers = server.app.signaling.livePeers(session.id);
    expect(peers.map((p) => p.peerId).sort()).toEqual(
      [detaineeId, session.participants.find((p) => p.userId === investigator.id)!.id].sort(),
    );
    expect(await inv.page.$$eval('[data-testid=tiles] figure', (els) => els.length)).toBe(1);
  }
  await inv.page.screenshot({ path: path.join(ARTIFACTS, 'blackout-investigator.png') });

  // The recording shows each silence of the detainee's camera as a gap with its cause, closed once media came back.
  const gaps = await server
    .db('recording_gaps as g')
    .join('recordings as r', 'r.id', 'g.recording_id')
    .join('recording_tracks as t', 't.id', 'g.track_id')
    .where({ 'r.session_id': session.id, 't.participant_id': detaineeId, 't.source': 'camera' })
    .select('g.detected_cause', 'g.started_at', 'g.ended_at')
    .orderBy('g.started_at');
  expect(gaps.length).toBeGreaterThanOrEqual(2);
  for (const g of gaps) expect(g.ended_at).not.toBeNull();
  expect(gaps.some((g: { detected_cause: string }) => /^(media_stalled|recorder_)/.test(g.detected_cause))).toBe(true);
  const longest = Math.max(...gaps.map((g: { started_at: Date; ended_at: Date }) => g.ended_at.getTime() - g.started_at.getTime()));
  expect(longest).toBeGreaterThanOrEqual(28_000);
  // The connection telemetry has the drop of the kiosk's transport.
  const events = await server.db('connection_events').where({ session_id: session.id, participant_id: detaineeId }).select('kind');
  expect(events.map((e: { kind: string }) => e.kind)).toEqual(
    expect.arrayContaining([expect.stringMatching(/disconnected|failed|reconnect/)]),
  );
  await kiosk.context.close();
  await inv.context.close();
  expect(results).toHaveLength(2);
}, 240_000);
