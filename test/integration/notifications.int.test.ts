// The notification outbox: a booking queues a notice to every listed user and every custody
// officer of the room's center, in the booking's transaction; those with a mobile number get an
// SMS through the real HTTP gateway adapter (a local fake of the gateway behind it), retried
// after failures and given up on a refusal, every attempt audited; the rest see it in the platform.
import { buildCase, buildSession, buildUser } from '../support/factories';
import { startFakeSmsGateway } from '../support/smsGateway';
import { startTestServer, type TestServer, waitFor } from '../support/testServer';

let server: TestServer;
let gateway: Awaited<ReturnType<typeof startFakeSmsGateway>>;
beforeAll(async () => {
  gateway = await startFakeSmsGateway();
  server = await startTestServer({ sms: { url: gateway.url, token: 'sms-token' } });
});
afterAll(async () => {
  await server.close();
  await gateway.close();
});

const setMobile = (id: string, mobile: string) => server.db('users').where({ id }).update({ mobile });
const notices = (sessionId: string) =>
  server.db('notifications').where({ session_id: sessionId }).orderBy('created_at') as Promise<
    { id: string; kind: string; recipient_user_id: string; state: string; attempts: number; body: string; mobile: string | null }[]
  >;

it('tells every participant and the custody center of a booking: by SMS where there is a number, in the platform otherwise', async () => {
  const investigator = await buildUser(server.db, 'investigator');
  await setMobile(investigator.id, '13800138000');
  const custody = await buildUser(server.db, 'custody_officer');
  const onDuty = await buildUser(server.db, 'custody_officer', custody.agencyId);
  const s = await buildSession(server.db, investigator, [{ user: custody, sessionRole: 'custody_officer' }]);
  const rows = await notices(s.id);
  // the organiser, the second investigator, the listed custody officer and the center's other officer
  expect(rows.map((r) => r.recipient_user_id).sort()).toEqual([investigator.id, s.investigator2.id, custody.id, onDuty.id].sort());
  expect(rows.find((r) => r.recipient_user_id === investigator.id)?.state).toMatch(/pending|sent/);
  expect(rows.filter((r) => r.recipient_user_id !== investigator.id).every((r) => r.state === 'in_app')).toBe(true);
  expect(rows[0]?.body).toContain(s.caseNumber);
  expect(rows[0]?.body).not.toContain(s.participants.find((p) => p.sessionRole === 'detainee')?.displayName as string);

  await waitFor(async () => gateway.requests.find((r) => r.to === '13800138000'), 5000);
  const sms = gateway.requests.find((r) => r.to === '13800138000');
  expect(sms).toMatchObject({ authorization: 'Bearer sms-token', idempotencyKey: rows.find((r) => r.mobile)?.id });
  await waitFor(async () => (await notices(s.id)).find((r) => r.mobile && r.state === 'sent'), 5000);

  const mine = await server.request('GET', '/api/notifications/mine', { token: await server.login(s.custody.username) });
  expect(mine.body.data.notifications[0]).toMatchObject({ kind: 'session_booked', state: 'in_app', sessionId: s.id });
  const forHost = await server.request('GET', `/api/sessions/${s.id}/notifications`, { token: await server.login(investigator.username) });
  expect(forHost.body.data.notifications.find((n: { mobileMasked: string | null }) => n.mobileMasked)).toMatchObject({
    mobileMasked: '138****8000',
    state: 'sent',
  });
  expect(await server.db('audit_entries').where({ action: 'notification.queue', object_id: s.id }).first()).toMatchObject({
    detail: { kind: 'session_booked', recipients: 4, bySms: 1 },
  });
});

it('retries an SMS the gateway could not take, and gives up at once on a refusal; each attempt is audited', async () => {
  const organiser = await buildUser(server.db, 'investigator');
  await setMobile(organiser.id, '13900139000');
  gateway.failNext(503, 503);
  const s = await buildSession(server.db, organiser);
  const sent = await waitFor(async () => (await notices(s.id)).find((r) => r.mobile && r.state === 'sent'), 10_000);
  expect(sent.attempts).toBe(3);
  const attempts = await server.db('audit_entries').where({ action: 'notification.send', object_id: sent.id }).orderBy('id');
  expect(attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['failure', 'failure', 'success']);

  const other = await buildUser(server.db, 'investigator');
  await setMobile(other.id, '13700137000');
  gateway.failNext(400);
  const refused = await buildSession(server.db, other);
  const failed = await waitFor(async () => (await notices(refused.id)).find((r) => r.mobile && r.state === 'failed'), 10_000);
  expect(failed.attempts).toBe(1);
});

it('tells everyone of a cancellation with its reason', async () => {
  const organiser = await buildUser(server.db, 'investigator');
  const s = await buildSession(server.db, organiser);
  const res = await server.request('POST', `/api/sessions/${s.id}/cancel`, {
    token: await server.login(organiser.username),
    body: { reason: '在押人员身体不适' },
  });
  expect(res.status).toBe(200);
  const cancelled = (await notices(s.id)).filter((r) => r.kind === 'session_cancelled');
  expect(cancelled).toHaveLength(3);
  expect(cancelled[0]?.body).toContain('在押人员身体不适');
});

it("tells a case's complainant and victim by SMS when registered, when the case is sent on and when its stage changes", async () => {
  const investigator = await buildUser(server.db, 'investigator');
  const prosecutor = await buildUser(server.db, 'prosecutor');
  const caseId = await buildCase(server.db, investigator.agencyId);
  const token = await server.login(investigator.username);
  const bad = await server.request('POST', `/api/cases/${caseId}/contacts`, {
    token,
    body: { name: '王某', contactRole: 'victim', mobile: '12345' },
  });
  expect(bad.body.error).toBe('invalid_request');
  const made = await server.request('POST', `/api/cases/${caseId}/contacts`, {
    token,
    body: { name: '王某', contactRole: 'victim', mobile: '13600136000' },
  });
  expect(made.status).toBe(201);
  expect(made.body.data.contact).toMatchObject({ contactRole: 'victim', mobileMasked: '136****6000' });
  expect((await server.request('POST', `/api/cases/${caseId}/send`, { token, body: { agencyId: prosecutor.agencyId } })).status).toBe(200);
  expect((await server.request('PATCH', `/api/cases/${caseId}`, { token, body: { stage: 'prosecution_review' } })).status).toBe(200);
  // Sent again: nothing new to tell.
  await server.request('POST', `/api/cases/${caseId}/send`, { token, body: { agencyId: prosecutor.agencyId } });

  const texts = await waitFor(async () => {
    const got = gateway.requests.filter((r) => r.to === '13600136000').map((r) => r.text);
    return got.length >= 3 ? got : null;
  }, 10_000);
  expect(texts).toHaveLength(3);
  expect(texts[0]).toMatch(/被害人/);
  expect(texts[1]).toMatch(/已移送测试机关/);
  expect(texts[2]).toMatch(/审查起诉阶段/);
  const view = await server.request('GET', `/api/cases/${caseId}`, { token });
  expect(view.body.data.case.contacts).toEqual([expect.objectContaining({ name: '王某', mobileMasked: '136****6000' })]);
  expect(view.body.data.case.notices.map((n: { state: string }) => n.state)).toEqual(['sent', 'sent', 'sent']);
  const audits = await server
    .db('audit_entries')
    .where({ object_id: caseId })
    .whereIn('action', ['case.contact_add', 'notification.queue']);
  expect(JSON.stringify(audits.map((a: { detail: unknown }) => a.detail))).not.toContain('13600136000');
  const other = await buildUser(server.db, 'investigator');
  expect(
    (
      await server.request('POST', `/api/cases/${caseId}/contacts`, {
        token: await server.login(other.username),
        body: { name: '李某', contactRole: 'complainant', mobile: '13500135000' },
      })
    ).status,
  ).toBe(404);
});
