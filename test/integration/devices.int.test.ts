// Kiosk devices: a custody room's kiosk enrolled by its center with a one-time pairing code, its
// device credential exchanged for a login that reaches nothing but its room's kiosk, the officer
// on duty attesting on it with their own password, another login taking the kiosk over written
// into the record and shown, a machine paired again ending the old credential, and a revoked
// device cut off at once.
import { buildSession, buildUser, type BuiltSession, type TestUser } from '../support/factories';
import { ask, next, startTestServer, TEST_PASSWORD, type TestServer } from '../support/testServer';

let server: TestServer;
let investigator: TestUser;
let session: BuiltSession;
let officerToken: string;
beforeAll(async () => {
  server = await startTestServer();
  investigator = await buildUser(server.db, 'investigator');
  session = await buildSession(server.db, investigator);
  officerToken = await server.login(session.custody.username);
});
afterAll(async () => {
  await server.close();
});

const cookieOf = (headers: Headers, name: string): string | undefined =>
  headers
    .getSetCookie()
    .map((c) => c.split(';')[0] as string)
    .find((c) => c.startsWith(`${name}=`));
const tokenOf = (cookie: string | undefined): string => decodeURIComponent((cookie ?? '').split('=')[1] ?? '');

async function enroll(roomId = session.roomId, token = officerToken) {
  const res = await server.request('POST', `/api/custody/rooms/${roomId}/devices`, { token, body: { label: '一号提讯室终端' } });
  expect(res.status).toBe(201);
  return res.body.data as { device: { deviceId: string; state: string }; pairingCode: string };
}

async function pair(code: string) {
  const res = await server.request('POST', '/api/device/pair', { body: { code } });
  return { res, device: cookieOf(res.headers, 'hs_device'), login: tokenOf(cookieOf(res.headers, 'hs_sid')) };
}

describe('enrolment and pairing', () => {
  it('pairs once with the code shown to the center, and the credential logs the kiosk in again later', async () => {
    const { device, pairingCode } = await enroll();
    expect(device.state).toBe('pairing');
    expect(pairingCode).toMatch(/^[2-9A-HJKMNP-TV-Z]{5}-[2-9A-HJKMNP-TV-Z]{5}$/);

    expect((await pair('AAAAA-AAAAA')).res.status).toBe(401);
    const paired = await pair(pairingCode.toLowerCase());
    expect(paired.res.status).toBe(200);
    expect(paired.device).toBeDefined();
    expect(paired.res.headers.getSetCookie().find((c) => c.startsWith('hs_device='))).toMatch(/HttpOnly/i);
    expect((await pair(pairingCode)).res.status).toBe(401);

    const again = await server.request('POST', '/api/device/login', { cookie: paired.device as string });
    expect(again.status).toBe(200);
    const home = await server.request('GET', '/api/device/home', { token: tokenOf(cookieOf(again.headers, 'hs_sid')) });
    expect(home.body.data.device).toMatchObject({ deviceId: device.deviceId, roomId: session.roomId, state: 'paired' });
    expect(home.body.data.sessions.map((s: { id: string }) => s.id)).toContain(session.id);

    const list = await server.request('GET', '/api/custody/devices', { token: officerToken });
    expect(list.body.data.devices.find((d: { deviceId: string }) => d.deviceId === device.deviceId)).toMatchObject({
      state: 'paired',
      lastSeenAt: expect.any(String),
    });
    const actions = (await server.db('audit_entries').where({ object_id: device.deviceId }).orderBy('id')).map(
      (a: { action: string }) => a.action,
    );
    expect(actions).toEqual(['kiosk.enroll', 'kiosk.pair', 'kiosk.login', 'kiosk.login']);
    expect(await server.db('audit_entries').where({ action: 'kiosk.pair', outcome: 'failure' }).count('id as n').first()).toMatchObject({
      n: expect.anything(),
    });
  });

  it('is enrolled only by the custody center of the room, and a device account cannot log in with a password', async () => {
    const inv = await server.login(investigator.username);
    expect(
      (await server.request('POST', `/api/custody/rooms/${session.roomId}/devices`, { token: inv, body: { label: 'x' } })).status,
    ).toBe(403);
    const stranger = await server.login((await buildUser(server.db, 'custody_officer')).username);
    expect(
      (await server.request('POST', `/api/custody/rooms/${session.roomId}/devices`, { token: stranger, body: { label: 'x' } })).status,
    ).toBe(403);
    expect(
      (await server.request('POST', `/api/custody/rooms/${session.roomId}/devices`, { token: officerToken, body: {} })).body.error,
    ).toBe('invalid_request');
    const { device } = await enroll();
    const row = await server.db('users').where({ id: device.deviceId }).first('username');
    expect((await server.request('POST', '/api/auth/login', { body: { username: row.username, password: TEST_PASSWORD } })).status).toBe(
      401,
    );
  });
});

describe('what a device login reaches', () => {
  it("refuses every person's route, joins only its own room's kiosk, and never as a user", async () => {
    const { pairingCode } = await enroll();
    const { login } = await pair(pairingCode);
    for (const url of ['/api/cases', '/api/sessions', `/api/sessions/${session.id}`, '/api/custody/roster', '/api/directory/users'])
      expect([url, (await server.request('GET', url, { token: login })).status]).toEqual([url, 403]);
    expect((await server.request('GET', '/api/auth/me', { token: login })).body.data.user.role).toBe('kiosk_device');
    const officer = await server.login(session.custody.username);
    expect((await server.request('GET', '/api/device/home', { token: officer })).status).toBe(403);

    const elsewhere = await buildSession(server.db, await buildUser(server.db, 'investigator'));
    const sock = await server.socket(login);
    expect((await ask(sock, 'session:join', { sessionId: elsewhere.id, endpoint: 'kiosk' })).error).toBe('not_found');
    expect((await ask(sock, 'session:join', { sessionId: session.id, endpoint: 'user' })).error).toBe('not_found');
    const joined = await ask(sock, 'session:join', { sessionId: session.id, endpoint: 'kiosk' });
    expect(joined.ok).toBe(true);
    expect(joined.data.self).toMatchObject({ sessionRole: 'detainee', endpoint: 'kiosk' });
    sock.close();
  });
});

describe('on the kiosk', () => {
  it('is attested by the officer on duty signing in on it (a wrong password counts), and a takeover is recorded and shown', async () => {
    const organiser = await buildUser(server.db, 'investigator');
    const s = await buildSession(server.db, organiser, [], { admitted: true });
    const { pairingCode } = await enroll(s.roomId, await server.login(s.custody.username));
    const { login } = await pair(pairingCode);
    const kiosk = await server.socket(login);
    expect((await ask(kiosk, 'session:join', { sessionId: s.id, endpoint: 'kiosk' })).ok).toBe(true);

    expect((await ask(kiosk, 'session:attestIdentity', { method: 'face_to_face' })).error).toBe('invalid_request');
    const onDuty = await buildUser(server.db, 'custody_officer', s.custody.agencyId);
    const wrong = await ask(kiosk, 'session:attestIdentity', {
      method: 'face_to_face',
      officer: { username: onDuty.username, password: 'nope' },
    });
    expect(wrong.error).toBe('unauthenticated');
    expect((await server.db('users').where({ id: onDuty.id }).first('failed_logins')).failed_logins).toBe(1);
    const outsider = await buildUser(server.db, 'custody_officer');
    expect(
      (
        await ask(kiosk, 'session:attestIdentity', {
          method: 'face_to_face',
          officer: { username: outsider.username, password: TEST_PASSWORD },
        })
      ).error,
    ).toBe('forbidden');
    const ok = await ask(kiosk, 'session:attestIdentity', {
      method: 'id_card',
      idLast4: s.idNumber.slice(-4),
      officer: { username: onDuty.username, password: TEST_PASSWORD },
    });
    expect(ok.ok).toBe(true);
    const name = (await server.db('users').where({ id: onDuty.id }).first('display_name')).display_name;
    expect(ok.data.attestation).toMatchObject({ method: 'id_card', by: name });
    const event = await server.db('session_events').where({ session_id: s.id, kind: 'identity_attested' }).first();
    expect(event.actor_user_id).toBe(onDuty.id);
    expect(event.data).toMatchObject({ officerName: name, kioskLabel: '一号提讯室终端' });

    // The officer on duty (not listed at booking) opens the kiosk from their own login: it takes over.
    const host = await server.socket(await server.login(organiser.username));
    await ask(host, 'session:join', { sessionId: s.id, endpoint: 'user' });
    const replaced = next(kiosk, 'session:replaced');
    const pushed = next(host, 'session:updated');
    const officerKiosk = await server.socket(await server.login(onDuty.username));
    expect((await ask(officerKiosk, 'session:join', { sessionId: s.id, endpoint: 'kiosk' })).ok).toBe(true);
    await replaced;
    expect((await pushed).kioskReplacements).toEqual([expect.objectContaining({ previousName: '一号提讯室终端', byName: name })]);
    expect(await server.db('audit_entries').where({ action: 'session.kiosk_replaced', object_id: s.id }).first()).toMatchObject({
      actor_user_id: onDuty.id,
    });
    for (const x of [kiosk, host, officerKiosk]) x.close();
  });
});

describe('replacing and revoking', () => {
  it('ends the old credential when the kiosk is paired again, and a revoked kiosk is cut off at once', async () => {
    const { device, pairingCode } = await enroll();
    const first = await pair(pairingCode);
    const repair = await server.request('POST', `/api/custody/devices/${device.deviceId}/pairing`, { token: officerToken });
    expect(repair.status).toBe(200);
    const second = await pair(repair.body.data.pairingCode);
    expect(second.res.status).toBe(200);
    expect((await server.request('POST', '/api/device/login', { cookie: first.device as string })).status).toBe(401);
    expect((await server.request('POST', '/api/device/login', { cookie: second.device as string })).status).toBe(200);

    const sock = await server.socket(second.login);
    const cut = next(sock, 'auth:revoked', 2000);
    const revoked = await server.request('POST', `/api/custody/devices/${device.deviceId}/revoke`, { token: officerToken });
    expect(revoked.body.data.device.state).toBe('revoked');
    expect(await cut).toEqual({ reason: 'disabled' });
    expect((await server.request('POST', '/api/device/login', { cookie: second.device as string })).status).toBe(401);
    expect((await server.request('GET', '/api/device/home', { token: second.login })).status).toBe(401);
  });
});
