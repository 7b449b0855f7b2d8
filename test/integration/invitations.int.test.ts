// Civilian parties to a mediation: booked with a name and a mobile number, each texted a one-time
// invitation code (sealed at rest, shown to nobody in the platform); the code opens a login that
// reaches only their session, joins it through the lobby as 当事人, and works once and never after
// the session ended. The mediator can put a party's picture in everyone's main view.
import { buildCase, buildUser } from '../support/factories';
import { startFakeSmsGateway } from '../support/smsGateway';
import { ask, next, startTestServer, type TestServer, waitFor } from '../support/testServer';

let server: TestServer;
let gateway: Awaited<ReturnType<typeof startFakeSmsGateway>>;
beforeAll(async () => {
  gateway = await startFakeSmsGateway();
  server = await startTestServer({ sms: { url: gateway.url, token: 't' } });
});
afterAll(async () => {
  await server.close();
  await gateway.close();
});

const codeIn = (text: string) => /([2-9A-Z]{5}-[2-9A-Z]{5})/.exec(text)?.[1] as string;
const redeem = (code: string) => server.request('POST', '/api/invitations/redeem', { body: { code } });

it('invites two parties by SMS; each code opens that party’s own session once, through the lobby, and never after the end', async () => {
  // The police station organises (云端调解 of the seeds); the 司法所's mediator hosts with it.
  const police = await buildUser(server.db, 'investigator');
  const mediator = await buildUser(server.db, 'mediator');
  const caseId = await buildCase(server.db, police.agencyId);
  const token = await server.login(police.username);
  const body = {
    caseId,
    type: 'mediation',
    title: '邻里纠纷调解',
    startsAt: new Date().toISOString(),
    minutes: 60,
    participants: [
      { userId: police.id, sessionRole: 'investigator' },
      { userId: mediator.id, sessionRole: 'mediator' },
    ],
    parties: [
      { name: '张某', mobile: '13811112222' },
      { name: '李某', mobile: '13933334444' },
    ],
  };
  expect(
    (await server.request('POST', '/api/sessions', { token, body: { ...body, type: 'interrogation' } })).status,
  ).toBeGreaterThanOrEqual(400);
  expect(
    (await server.request('POST', '/api/sessions', { token, body: { ...body, parties: [{ name: '王某', mobile: '110' }] } })).body.error,
  ).toBe('invalid_request');
  const booked = await server.request('POST', '/api/sessions', { token, body });
  expect(booked.status).toBe(201);
  const s = booked.body.data.session;
  expect(
    s.participants.filter((p: { sessionRole: string }) => p.sessionRole === 'party').map((p: { displayName: string }) => p.displayName),
  ).toEqual(['张某', '李某']);

  const texts = await waitFor(async () => {
    const got = gateway.requests.filter((r) => ['13811112222', '13933334444'].includes(r.to));
    return got.length === 2 ? got : null;
  }, 10_000);
  const zhang = codeIn(texts.find((r) => r.to === '13811112222')?.text ?? '');
  const li = codeIn(texts.find((r) => r.to === '13933334444')?.text ?? '');
  expect(zhang).toBeTruthy();
  expect(texts[0]?.text).toContain('/#/join');
  // The code is in the SMS only: the stored text has a placeholder, its secret is sealed.
  const stored = await server.db('notifications').where({ session_id: s.id, kind: 'mediation_invitation' });
  expect(JSON.stringify(stored)).not.toContain(zhang);

  expect((await redeem('ZZZZZ-ZZZZZ')).status).toBe(401);
  const first = await redeem(zhang.toLowerCase());
  expect(first.status).toBe(200);
  expect(first.body.data.sessionId).toBe(s.id);
  const again = await redeem(zhang);
  expect(again.status).toBe(409);
  expect(again.body.error).toBe('invalid_state');

  const guest = first.body.data.token as string;
  expect((await server.request('GET', `/api/sessions/${s.id}`, { token: guest })).status).toBe(200);
  // Their session list works: the one session, and their notices (the code never shown).
  expect((await server.request('GET', '/api/sessions', { token: guest })).body.data.sessions.map((x: { id: string }) => x.id)).toEqual([
    s.id,
  ]);
  const mine = (await server.request('GET', '/api/notifications/mine', { token: guest })).body.data.notifications;
  expect(mine).toEqual([expect.objectContaining({ kind: 'mediation_invitation' })]);
  expect(mine[0].body).not.toContain(zhang);
  for (const url of ['/api/cases', '/api/directory/users', `/api/sessions/${s.id}/record`, '/api/custody/roster'])
    expect([url, (await server.request('GET', url, { token: guest })).status]).toEqual([url, 403]);
  const party = await server.socket(guest);
  const joined = await ask(party, 'session:join', { sessionId: s.id, endpoint: 'user' });
  expect(joined.ok).toBe(true);
  expect(joined.data).toMatchObject({ admitted: false, self: { sessionRole: 'party', displayName: '张某' } });

  const host = await server.socket(await server.login(mediator.username));
  expect((await ask(host, 'session:join', { sessionId: s.id, endpoint: 'user' })).data.host).toBe(true);
  expect((await ask(host, 'lobby:admit', { participantId: joined.data.self.peerId })).ok).toBe(true);
  // The mediator puts the party's picture in everyone's main view, and takes it back; a party cannot.
  const seen = next(party, 'session:updated');
  const lit = await ask(host, 'host:spotlight', { participantId: joined.data.self.peerId });
  expect(lit.data.spotlight).toBe(joined.data.self.peerId);
  expect((await seen).spotlight).toBe(joined.data.self.peerId);
  expect((await ask(party, 'host:spotlight', { participantId: null })).error).toBe('forbidden');
  expect((await ask(host, 'host:spotlight', { participantId: null })).data.spotlight).toBeNull();
  expect((await ask(host, 'session:end', { reason: '调解结束' })).ok).toBe(true);
  const late = await redeem(li);
  expect(late.status).toBe(409);
  expect(late.body.message).toMatch(/over/);
  expect(
    (await server.db('audit_entries').where({ action: 'invitation.redeem', object_id: s.id }).orderBy('id')).map(
      (a: { outcome: string }) => a.outcome,
    ),
  ).toEqual(['success', 'denied', 'denied']);
  party.close();
  host.close();
});
