// Booking through the HTTP API against real Postgres: conflicts named by session, windows,
// outages, the database-enforced race, cancel/reschedule with reasons, lawyer meetings and D11,
// and the case's deadlines.
import { buildCase, buildDetainee, buildRoom, buildUser, type TestUser } from '../support/factories';
import { chinaAt as china, futureDays } from '../support/days';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

// NOTE: every test books on its own future day (rooms are bookable every day within their windows).
const nextDay = futureDays(2);

async function world() {
  const inv = await buildUser(server.db, 'investigator');
  const inv2 = await buildUser(server.db, 'investigator', inv.agencyId);
  const custody = await buildUser(server.db, 'custody_officer');
  const caseId = await buildCase(server.db, inv.agencyId);
  const person = await buildDetainee(server.db, inv, caseId, custody.agencyId);
  const person2 = await buildDetainee(server.db, inv, caseId, custody.agencyId);
  const room = await buildRoom(server.db, custody.agencyId, [
    { start: '09:00', end: '11:00' },
    { start: '14:00', end: '16:00' },
  ]);
  const room2 = await buildRoom(server.db, custody.agencyId, [
    { start: '09:00', end: '11:00' },
    { start: '14:00', end: '16:00' },
  ]);
  const token = await server.login(inv.username);
  return { inv, inv2, custody, caseId, person, person2, room, room2, token };
}
type World = Awaited<ReturnType<typeof world>>;

const booking = (
  w: World,
  o: { startsAt: string; minutes?: number; roomId?: string; personId?: string; extra?: { user: TestUser; sessionRole: string }[] },
) => ({
  caseId: w.caseId,
  type: 'interrogation',
  title: '讯问',
  custodyRoomId: o.roomId ?? w.room.id,
  personId: o.personId ?? w.person.id,
  startsAt: o.startsAt,
  minutes: o.minutes ?? 60,
  participants: [
    { userId: w.inv.id, sessionRole: 'investigator' },
    { userId: w.inv2.id, sessionRole: 'investigator' },
    { userId: w.custody.id, sessionRole: 'custody_officer' },
    ...(o.extra ?? []).map((e) => ({ userId: e.user.id, sessionRole: e.sessionRole })),
  ],
});

const book = (w: World, body: unknown, token = w.token) => server.request('POST', '/api/sessions', { token, body });

describe('conflicts', () => {
  it('names the session holding the room, the detainee or a participant', async () => {
    const w = await world();
    const day = nextDay();
    const first = await book(w, booking(w, { startsAt: china(day, '09:00') }));
    expect(first.status).toBe(201);
    const firstId = first.body.data.session.id;

    const sameRoom = await book(w, booking(w, { startsAt: china(day, '09:30'), personId: w.person2.id }));
    expect(sameRoom.status).toBe(409);
    expect(sameRoom.body.error).toBe('booking_conflict');
    expect(sameRoom.body.data.conflicts).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'room', sessionId: firstId })]));

    const sameDetainee = await book(w, booking(w, { startsAt: china(day, '09:30'), roomId: w.room2.id }));
    expect(sameDetainee.body.data.conflicts).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'detainee', sessionId: firstId, resourceId: w.person.id })]),
    );

    const sameInvestigator = await book(w, booking(w, { startsAt: china(day, '09:30'), roomId: w.room2.id, personId: w.person2.id }));
    expect(sameInvestigator.body.data.conflicts).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'participant', sessionId: firstId, resourceId: w.inv.id })]),
    );

    // Back to back is not a conflict: the first ends at 10:00.
    expect((await book(w, booking(w, { startsAt: china(day, '10:00') }))).status).toBe(201);
  });

  it('refuses a slot outside the room windows, in the past, or during an outage', async () => {
    const w = await world();
    const day = nextDay();
    const lunch = await book(w, booking(w, { startsAt: china(day, '11:30') }));
    expect(lunch.status).toBe(422);
    expect(lunch.body).toMatchObject({ error: 'slot_unavailable', data: { reason: 'outside_window' } });
    const spill = await book(w, booking(w, { startsAt: china(day, '10:30') }));
    expect(spill.body.data.reason).toBe('outside_window');
    const past = await book(w, booking(w, { startsAt: new Date(Date.now() - 86_400_000).toISOString() }));
    expect(past.body.data.reason).toBe('in_past');

    const custodyToken = await server.login(w.custody.username);
    const outage = await server.request('POST', `/api/rooms/${w.room.id}/outages`, {
      token: custodyToken,
      body: { startsAt: china(day, '13:00'), endsAt: china(day, '18:00'), reason: '设备检修' },
    });
    expect(outage.status).toBe(201);
    expect((await book(w, booking(w, { startsAt: china(day, '14:00') }))).body.data.reason).toBe('out_of_service');
    // Windows are configurable per room by the custody center only.
    expect(
      (
        await server.request('PUT', `/api/rooms/${w.room.id}/windows`, {
          token: w.token,
          body: { windows: [{ start: '08:00', end: '12:00' }] },
        })
      ).status,
    ).toBe(403);
    const widened = await server.request('PUT', `/api/rooms/${w.room.id}/windows`, {
      token: custodyToken,
      body: { windows: [{ start: '08:00', end: '12:00' }] },
    });
    expect(widened.status).toBe(200);
    expect((await book(w, booking(w, { startsAt: china(day, '11:00') }))).status).toBe(201);
  });

  it('refuses an unlawful line-up with the requirements it misses', async () => {
    const w = await world();
    const body = booking(w, { startsAt: china(nextDay(), '09:00') });
    body.participants = body.participants.filter((p) => p.userId !== w.inv2.id);
    const res = await book(w, body);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'policy_unmet', data: { unmet: [{ code: 'needs_two_investigators' }] } });
    const judge = await buildUser(server.db, 'judge');
    const wrongRole = booking(w, { startsAt: china(nextDay(), '09:00') });
    wrongRole.participants.push({ userId: judge.id, sessionRole: 'investigator' });
    expect((await book(w, wrongRole)).body.error).toBe('invalid_request');
  });
});

it('lets exactly one of 20 simultaneous bookings of one slot win, 20 rounds in a row, the losers told who holds it', async () => {
  const w = await world();
  // Twenty different investigators (each with a partner) book the same room for different detainees:
  // only the room is contested. Their other resources (users, detainees) differ, so nothing but the
  // room decides, and each loser must hear booking_conflict naming the winner, never a 500.
  const contenders = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const a = await buildUser(server.db, 'investigator', w.inv.agencyId);
      const b = await buildUser(server.db, 'investigator', w.inv.agencyId);
      const c = await buildUser(server.db, 'custody_officer', w.custody.agencyId);
      const p = await buildDetainee(server.db, w.inv, w.caseId, w.custody.agencyId);
      return { token: await server.login(a.username), a, b, c, p };
    }),
  );
  for (let round = 0; round < 20; round++) {
    const startsAt = china(nextDay(), round % 2 ? '14:00' : '09:00');
    const results = await Promise.all(
      contenders.map((x) =>
        book(
          w,
          {
            ...booking(w, { startsAt, personId: x.p.id }),
            participants: [
              { userId: x.a.id, sessionRole: 'investigator' },
              { userId: x.b.id, sessionRole: 'investigator' },
              { userId: x.c.id, sessionRole: 'custody_officer' },
            ],
          },
          x.token,
        ),
      ),
    );
    const won = results.filter((r) => r.status === 201);
    expect({ round, statuses: results.map((r) => r.status).sort() }).toEqual({ round, statuses: [201, ...Array(19).fill(409)] });
    const winner = won[0]?.body.data.session.id;
    for (const r of results.filter((x) => x.status !== 201)) {
      expect(r.body.error).toBe('booking_conflict');
      expect(r.body.data.conflicts).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'room', sessionId: winner })]));
    }
    const rows = await server
      .db('session_bookings')
      .where({ resource_kind: 'room', resource_id: w.room.id })
      .whereRaw('lower(slot) = ?', [startsAt]);
    expect(rows).toHaveLength(1);
  }
});

it('cancels and reschedules with a reason, freeing the slot and recording both', async () => {
  const w = await world();
  const day = nextDay();
  const s = (await book(w, booking(w, { startsAt: china(day, '09:00') }))).body.data.session;
  expect(
    (
      await server.request('POST', `/api/sessions/${s.id}/reschedule`, {
        token: w.token,
        body: { startsAt: china(day, '14:00'), minutes: 60 },
      })
    ).status,
  ).toBe(400);
  const moved = await server.request('POST', `/api/sessions/${s.id}/reschedule`, {
    token: w.token,
    body: { startsAt: china(day, '14:00'), minutes: 90, reason: '律师要求改期' },
  });
  expect(moved.status).toBe(200);
  expect(moved.body.data.session.startsAt).toBe(china(day, '14:00').replace('.000Z', '.000Z'));
  // The morning slot is free again; the afternoon one is not.
  const other = booking(w, { startsAt: china(day, '09:00') });
  const again = await book(w, other);
  expect(again.status).toBe(201);
  const cancelled = await server.request('POST', `/api/sessions/${s.id}/cancel`, { token: w.token, body: { reason: '在押人员因病就医' } });
  expect(cancelled.body.data.session).toMatchObject({ state: 'cancelled', cancelReason: '在押人员因病就医' });
  expect((await book(w, booking(w, { startsAt: china(day, '14:00') }))).status).toBe(201);
  const actions = (await server.db('audit_entries').where({ object_type: 'session', object_id: s.id }).orderBy('id')).map(
    (r: { action: string }) => r.action,
  );
  // Each act also queued its notices to the people it concerns, in its own transaction.
  expect(actions).toEqual([
    'session.create',
    'notification.queue',
    'session.reschedule',
    'notification.queue',
    'session.cancel',
    'notification.queue',
  ]);
  // A stranger cannot cancel it (and does not learn it exists).
  const stranger = await buildUser(server.db, 'investigator');
  expect(
    (
      await server.request('POST', `/api/sessions/${again.body.data.session.id}/cancel`, {
        token: await server.login(stranger.username),
        body: { reason: '随便取消' },
      })
    ).status,
  ).toBe(404);
});

it('lets a lawyer book a meeting with their client only, and warns after the 48-hour deadline (D11)', async () => {
  const w = await world();
  const lawyer = await buildUser(server.db, 'lawyer');
  const custodyToken = await server.login(w.custody.username);
  const lawyerToken = await server.login(lawyer.username);
  const meeting = (personId: string, startsAt: string) => ({
    type: 'lawyer_meeting',
    title: '会见',
    custodyRoomId: w.room.id,
    personId,
    startsAt,
    minutes: 60,
    participants: [{ userId: w.custody.id, sessionRole: 'custody_officer' }],
  });
  const day = nextDay();
  expect((await book(w, meeting(w.person.id, china(day, '09:00')), lawyerToken)).status).toBe(404);
  const papers = new Date(Date.parse(china(day, '09:00')) - 60 * 3_600_000).toISOString();
  const reg = await server.request('POST', '/api/representations', {
    token: custodyToken,
    body: { personId: w.person.id, lawyerUserId: lawyer.id, lawyerKind: 'defence_lawyer', papersPresentedAt: papers },
  });
  expect(reg.status).toBe(201);
  const check = await server.request('POST', '/api/scheduling/check', {
    token: lawyerToken,
    body: meeting(w.person.id, china(day, '09:00')),
  });
  expect(check.body.data).toMatchObject({ ok: true, deadlines: [{ rule: 'D11', status: 'open' }] });
  expect(check.body.data.warnings.map((x: { code: string }) => x.code)).toContain('after_d11');
  const booked = await book(w, meeting(w.person.id, china(day, '09:00')), lawyerToken);
  expect(booked.status).toBe(201);
  expect(booked.body.data.session).toMatchObject({ type: 'lawyer_meeting', recording: 'forbidden' });
  expect(booked.body.data.session.participants.map((p: { sessionRole: string }) => p.sessionRole).sort()).toEqual([
    'custody_officer',
    'defence_lawyer',
    'detainee',
  ]);
  // Not their client: not found. An official listed: refused by law.
  expect((await book(w, meeting(w.person2.id, china(day, '14:00')), lawyerToken)).status).toBe(404);
  const withOfficial = meeting(w.person.id, china(day, '14:00'));
  withOfficial.participants.push({ userId: w.inv.id, sessionRole: 'investigator' });
  expect((await book(w, withOfficial, lawyerToken)).body).toMatchObject({
    error: 'policy_unmet',
    data: { unmet: [{ code: 'role_not_allowed', role: 'investigator' }] },
  });
  // The lawyer sees the client with D11 tracked.
  const clients = await server.request('GET', '/api/representations/mine', { token: lawyerToken });
  expect(clients.body.data.clients[0]).toMatchObject({ personId: w.person.id, d11: { rule: 'D11' } });
});

it('shows the case deadlines from key dates and approved extensions, and the booking form sees them', async () => {
  const w = await world();
  const arrestAt = new Date(Date.now() - 50 * 86_400_000).toISOString();
  expect(
    (
      await server.request('PUT', `/api/cases/${w.caseId}/key-dates`, {
        token: w.token,
        body: { personId: w.person.id, kind: 'arrest', at: arrestAt },
      })
    ).status,
  ).toBe(200);
  const before = (await server.request('GET', `/api/cases/${w.caseId}`, { token: w.token })).body.data.case;
  expect(before.persons[0].idNumberMasked).toMatch(/^\*+[0-9X]{4}$/);
  expect(JSON.stringify(before)).not.toContain(w.person.idNumber);
  const d6 = before.deadlines.find((d: { rule: string; personId: string }) => d.rule === 'D6' && d.personId === w.person.id);
  expect(d6).toMatchObject({ status: 'open', inCustody: true, extensions: 0 });
  const ext = await server.request('POST', `/api/cases/${w.caseId}/extensions`, {
    token: w.token,
    body: {
      personId: w.person.id,
      rule: 'D6',
      amount: 1,
      approver: '呼伦贝尔市人民检察院',
      documentRef: '呼检延押〔2026〕12号',
      reason: '案情复杂',
    },
  });
  expect(ext.status).toBe(201);
  const after = (await server.request('GET', `/api/cases/${w.caseId}/deadlines`, { token: w.token })).body.data.deadlines.find(
    (d: { rule: string; personId: string }) => d.rule === 'D6' && d.personId === w.person.id,
  );
  expect(Date.parse(after.dueAt)).toBeGreaterThan(Date.parse(d6.dueAt) + 27 * 86_400_000);
  expect(after.extensions).toBe(1);
  // The detention an hour ago makes D2 (first interrogation within 24 h) open; the booking check shows it.
  const check = await server.request('POST', '/api/scheduling/check', {
    token: w.token,
    body: booking(w, { startsAt: china(nextDay(), '09:00') }),
  });
  expect(check.body.data.deadlines.map((d: { rule: string }) => d.rule)).toEqual(expect.arrayContaining(['D2']));
  // An out-of-range extension is refused with a typed error.
  const bad = await server.request('POST', `/api/cases/${w.caseId}/extensions`, {
    token: w.token,
    body: { rule: 'D7', amount: 3, approver: 'x', documentRef: 'y', reason: 'z' },
  });
  expect(bad.body.error).toBe('invalid_request');
});

it('shows a week calendar with details for my sessions and busy blocks for the rest', async () => {
  const w = await world();
  const day = nextDay();
  const s = (await book(w, booking(w, { startsAt: china(day, '09:00') }))).body.data.session;
  const mine = await server.request('GET', `/api/custody-centers/${w.custody.agencyId}/calendar?week=${day}`, { token: w.token });
  expect(mine.body.data.calendar.entries).toEqual([
    expect.objectContaining({ busy: false, roomId: w.room.id, session: expect.objectContaining({ id: s.id }) }),
  ]);
  const otherInv = await buildUser(server.db, 'investigator');
  const theirs = await server.request('GET', `/api/custody-centers/${w.custody.agencyId}/calendar?week=${day}`, {
    token: await server.login(otherInv.username),
  });
  expect(theirs.body.data.calendar.entries).toEqual([{ busy: true, roomId: w.room.id, startsAt: s.startsAt, endsAt: s.endsAt }]);
  expect(
    (await server.request('GET', `/api/custody-centers/${w.custody.agencyId}/calendar?week=next`, { token: w.token })).body.error,
  ).toBe('invalid_request');
});
