// 律师会见 through the real UI in Debian Chromium: the custody center registered the lawyer's papers;
// the lawyer books the meeting with their client; the custody officer opens the kiosk but cannot
// join the meeting; lawyer and client see and hear each other; nothing is recorded, and afterwards
// the lawyer's session list offers no recordings (only when and who).
import { enterSession, inbound, loginParticipant, type Participant } from '../../server/cli/browser';
import { admitFromLobby, endSession } from '../../server/cli/walkthrough';
import { useBrowserServer } from '../support/browserServer';
import { buildSession, buildUser } from '../support/factories';
import { TEST_PASSWORD, waitFor } from '../support/testServer';

const ctx = useBrowserServer();
const opened: Participant[] = [];
afterAll(async () => {
  for (const p of opened) await p.context.close().catch(() => undefined);
});

async function decodes(p: Participant, peerId: string): Promise<boolean> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const r = (await inbound(p)).remotes.filter((x) => x.peerId === peerId);
    if (r.some((x) => x.kind === 'video' && x.framesDecoded > 0) && r.some((x) => x.kind === 'audio' && x.bytesReceived > 0)) return true;
    await new Promise((res) => setTimeout(res, 500));
  }
  return false;
}

it('a lawyer meets their client on the kiosk: the officer cannot listen, nothing is recorded, only metadata remains', async () => {
  const db = ctx.server.db;
  const investigator = await buildUser(db, 'investigator');
  // A detainee held at a custody center with a room, from an earlier interrogation's booking.
  const held = await buildSession(db, investigator, [], { startsAt: new Date(Date.now() + 26 * 3_600_000) });
  const lawyer = await buildUser(db, 'lawyer');
  const officerToken = await ctx.server.login(held.custody.username);
  expect(
    (
      await ctx.server.request('POST', '/api/representations', {
        token: officerToken,
        body: {
          personId: held.personId,
          lawyerUserId: lawyer.id,
          lawyerKind: 'defence_lawyer',
          papersPresentedAt: new Date().toISOString(),
        },
      })
    ).status,
  ).toBe(201);
  const booked = await ctx.server.request('POST', '/api/sessions', {
    token: await ctx.server.login(lawyer.username),
    body: {
      type: 'lawyer_meeting',
      title: '律师会见',
      custodyRoomId: held.roomId,
      personId: held.personId,
      startsAt: new Date().toISOString(),
      minutes: 30,
      participants: [{ userId: held.custody.id, sessionRole: 'custody_officer' }],
    },
  });
  expect(booked.status).toBe(201);
  const id = booked.body.data.session.id as string;
  const client = booked.body.data.session.participants.find((p: { sessionRole: string }) => p.sessionRole === 'detainee').id as string;

  const officer = await loginParticipant(ctx.chromium.browser, ctx.server.url, held.custody.username, TEST_PASSWORD);
  opened.push(officer);
  // The officer's own endpoint is refused (CPL 39: the meeting is not listened to) ...
  await officer.page.goto(`${ctx.server.url}/#/room/${id}`, { waitUntil: 'domcontentloaded' });
  const refused = await waitFor<{ detail: unknown }>(
    async () =>
      db('audit_entries')
        .where({ action: 'session.join', object_id: id, outcome: 'denied', actor_user_id: held.custody.id })
        .first('detail'),
    15_000,
  );
  expect(refused.detail).toMatchObject({ reason: 'lawyer_meeting_unmonitored' });
  // ... but they open the kiosk for the client.
  await enterSession(officer, ctx.server.url, id, 'kiosk', 'lobby');
  const counsel = await loginParticipant(ctx.chromium.browser, ctx.server.url, lawyer.username, TEST_PASSWORD);
  opened.push(counsel);
  await enterSession(counsel, ctx.server.url, id, 'room');
  await admitFromLobby(counsel, client);
  const lawyerPeer = booked.body.data.session.participants.find((p: { userId: string }) => p.userId === lawyer.id).id as string;
  expect(await decodes(counsel, client)).toBe(true);
  expect(await decodes(officer, lawyerPeer)).toBe(true);
  expect(await counsel.page.$('[data-testid=recording-state]')).toBeNull();
  await endSession(counsel, '会见结束');

  expect(await db('recordings').where({ session_id: id })).toEqual([]);
  await counsel.page.goto(`${ctx.server.url}/#/sessions`, { waitUntil: 'domcontentloaded' });
  await counsel.page.waitForSelector(`tr[data-session-id="${id}"]`);
  expect(await counsel.page.$(`tr[data-session-id="${id}"] [data-testid=recordings-link]`)).toBeNull();
});
