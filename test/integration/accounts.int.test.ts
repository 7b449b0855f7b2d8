// Accounts and logins: lockout after five wrong passwords and the administrator's unlock, the
// per-address throttle, administration of agencies and users, connections of an ended login cut
// at once, and a login kept alive by being in a session.
import { buildAgency, buildSession, buildUser } from '../support/factories';
import { ask, next, startTestServer, TEST_PASSWORD, type TestServer } from '../support/testServer';

let server: TestServer;
let adminToken: string;
beforeAll(async () => {
  server = await startTestServer({ web: { loginKeepAliveMs: 300, loginFailuresPerAddress: 1000 } });
  adminToken = await server.login((await buildUser(server.db, 'admin')).username);
});
afterAll(async () => {
  await server.close();
});

const loginAs = (username: string, password: string) => server.request('POST', '/api/auth/login', { body: { username, password } });
const actions = async (objectId: string) =>
  ((await server.db('audit_entries').where({ object_id: objectId }).orderBy('id')) as { action: string; outcome: string }[]).map(
    (a) => `${a.action}:${a.outcome}`,
  );

describe('lockout', () => {
  it('locks an account at the fifth wrong password in a row, refuses even the right one, and an administrator unlocks it', async () => {
    const u = await buildUser(server.db, 'prosecutor');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await loginAs(u.username, 'wrong-password')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const locked = await loginAs(u.username, TEST_PASSWORD);
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({ ok: false, error: 'account_locked' });
    expect(Date.parse(locked.body.data.until)).toBeGreaterThan(Date.now() + 29 * 60_000);

    const list = await server.request('GET', '/api/admin/users', { token: adminToken });
    expect(list.body.data.users.find((x: { id: string }) => x.id === u.id)).toMatchObject({
      failedLogins: 5,
      lockedAt: expect.any(String),
    });
    expect((await server.request('POST', `/api/admin/users/${u.id}/unlock`, { token: adminToken })).status).toBe(200);
    expect((await loginAs(u.username, TEST_PASSWORD)).status).toBe(200);
    expect(await actions(u.id)).toEqual([
      ...Array(5).fill('auth.login:failure'),
      'user.lock:success',
      'auth.login:denied',
      'user.unlock:success',
      'auth.login:success',
    ]);
  });

  it('counts only consecutive failures: a successful login starts the count again', async () => {
    const u = await buildUser(server.db, 'judge');
    for (let i = 0; i < 4; i += 1) await loginAs(u.username, 'wrong-password');
    expect((await loginAs(u.username, TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await loginAs(u.username, 'wrong-password')).status).toBe(401);
    expect((await loginAs(u.username, TEST_PASSWORD)).status).toBe(200);
  });
});

describe('per-address throttle', () => {
  it('makes an address that failed too often wait, whichever account it tries', async () => {
    const s = await startTestServer({ web: { loginFailuresPerAddress: 3 } });
    try {
      const users = await Promise.all([1, 2, 3, 4].map(() => buildUser(s.db, 'clerk')));
      const tryLogin = (username: string, password: string) => s.request('POST', '/api/auth/login', { body: { username, password } });
      for (const u of users.slice(0, 3)) expect((await tryLogin(u.username, 'wrong-password')).status).toBe(401);
      const refused = await tryLogin(users[3]!.username, TEST_PASSWORD);
      expect(refused.status).toBe(429);
      expect(refused.body.error).toBe('rate_limited');
      // No account was locked by it: each saw one failure.
      const rows = await s
        .db('users')
        .whereIn(
          'id',
          users.map((u) => u.id),
        )
        .select('failed_logins');
      expect(rows.map((r: { failed_logins: number }) => r.failed_logins).sort()).toEqual([0, 1, 1, 1]);
    } finally {
      await s.close();
    }
  });
});

describe('administration', () => {
  it('refuses everyone but administrators', async () => {
    const token = await server.login((await buildUser(server.db, 'investigator')).username);
    for (const [m, url] of [
      ['GET', '/api/admin/users'],
      ['GET', '/api/admin/agencies'],
      ['POST', '/api/admin/agencies'],
    ] as const) {
      const res = await server.request(m, url, { token, body: m === 'POST' ? { code: 'X-1', name: '某机关', kind: 'police' } : undefined });
      expect({ url, status: res.status, error: res.body.error }).toEqual({ url, status: 403, error: 'forbidden' });
    }
  });

  it('creates an agency and its users with typed refusals for bad input', async () => {
    const code = `CT-${Date.now().toString(36)}`;
    const agency = await server.request('POST', '/api/admin/agencies', {
      token: adminToken,
      body: { code, name: '某某区人民法院', kind: 'court' },
    });
    expect(agency.status).toBe(201);
    const agencyId = agency.body.data.agency.id as string;
    expect(
      (await server.request('POST', '/api/admin/agencies', { token: adminToken, body: { code, name: '重复', kind: 'court' } })).body.error,
    ).toBe('invalid_request');

    const user = (over: Record<string, unknown>) =>
      server.request('POST', '/api/admin/users', {
        token: adminToken,
        body: {
          agencyId,
          username: `judge-${code.toLowerCase()}`,
          displayName: '张法官',
          role: 'judge',
          password: 'Court-Pass-2026!',
          ...over,
        },
      });
    expect((await user({ role: 'investigator' })).body).toMatchObject({ error: 'invalid_request', data: { field: 'role' } });
    expect((await user({ password: 'short' })).body.error).toBe('invalid_request');
    expect((await user({ password: 'alllowercaseletters' })).body.error).toBe('password_weak');
    expect((await user({ password: 'Demo-2026!xx' })).status).toBe(201);
    expect((await user({ password: 'Another-Pass-2026!' })).body.error).toBe('username_taken');
    expect((await user({ username: 'Bad Name' })).body.error).toBe('invalid_request');
    expect((await loginAs(`judge-${code.toLowerCase()}`, 'Demo-2026!xx')).body.data.user).toMatchObject({ role: 'judge', agencyId });
    const list = await server.request('GET', '/api/admin/agencies', { token: adminToken });
    expect(list.body.data.agencies.find((a: { code: string }) => a.code === code)).toMatchObject({ users: 1, kind: 'court' });
    expect(JSON.stringify((await server.request('GET', '/api/admin/users', { token: adminToken })).body)).not.toMatch(
      /argon2|password_hash/,
    );
  });

  it('a password reset ends every login of the account; an administrator cannot disable themself', async () => {
    const u = await buildUser(server.db, 'clerk');
    const old = await server.login(u.username);
    const reset = await server.request('POST', `/api/admin/users/${u.id}/password`, {
      token: adminToken,
      body: { password: 'Fresh-Pass-2026!' },
    });
    expect(reset.status).toBe(200);
    expect((await server.request('GET', '/api/auth/me', { token: old })).status).toBe(401);
    expect((await loginAs(u.username, TEST_PASSWORD)).status).toBe(401);
    expect((await loginAs(u.username, 'Fresh-Pass-2026!')).status).toBe(200);

    const me = (await server.request('GET', '/api/auth/me', { token: adminToken })).body.data.user.id as string;
    const self = await server.request('PATCH', `/api/admin/users/${me}`, { token: adminToken, body: { disabled: true } });
    expect(self.body.error).toBe('invalid_state');
  });
});

describe('connections of ended logins', () => {
  it("cuts a disabled user's open socket within a second, and the account cannot log in", async () => {
    const u = await buildUser(server.db, 'investigator');
    const sock = await server.socket(await server.login(u.username));
    const revoked = next<{ reason: string }>(sock, 'auth:revoked', 5000);
    const gone = next<string>(sock, 'disconnect', 5000);
    const t0 = Date.now();
    const res = await server.request('PATCH', `/api/admin/users/${u.id}`, { token: adminToken, body: { disabled: true } });
    expect(res.body.data.user).toMatchObject({ disabled: true });
    expect(await revoked).toEqual({ reason: 'disabled' });
    expect(await gone).toBe('io server disconnect');
    const cutMs = Date.now() - t0;
    console.log(`disabled user's socket cut ${cutMs} ms after the request was sent`);
    expect(cutMs).toBeLessThan(1000);
    expect((await loginAs(u.username, TEST_PASSWORD)).status).toBe(401);
    expect(await actions(u.id)).toContain('user.disable:success');
  });

  it("logout cuts that login's sockets only, not the same user's other login", async () => {
    const u = await buildUser(server.db, 'prosecutor');
    const a = await server.login(u.username);
    const b = await server.login(u.username);
    const sa = await server.socket(a);
    const sb = await server.socket(b);
    const gone = next<string>(sa, 'disconnect', 5000);
    await server.request('POST', '/api/auth/logout', { token: a });
    expect(await gone).toBe('io server disconnect');
    await new Promise((r) => setTimeout(r, 300));
    expect(sb.connected).toBe(true);
    // The other login's connection still answers requests.
    expect(await ask(sb, 'session:leave', {})).toHaveProperty('ok');
  });
});

describe('a login in a session', () => {
  it('is kept alive by the connection, so a reconnect after the idle timeout succeeds; an idle one is refused', async () => {
    const investigator = await buildUser(server.db, 'investigator');
    const prosecutor = await buildUser(server.db, 'prosecutor', await buildAgency(server.db, 'procuratorate'));
    const session = await buildSession(server.db, investigator, [{ user: prosecutor, sessionRole: 'prosecutor' }], { admitted: true });
    const inSession = await server.login(investigator.username);
    const idle = await server.login(prosecutor.username);
    const sock = await server.socket(inSession);
    expect((await ask(sock, 'session:join', { sessionId: session.id, endpoint: 'user' })).ok).toBe(true);
    // Both logins last used two hours ago (the idle timeout is 30 minutes).
    await server
      .db('auth_sessions')
      .whereIn('user_id', [investigator.id, prosecutor.id])
      .update({ last_seen_at: server.db.raw("now() - interval '2 hours'") });
    await new Promise((r) => setTimeout(r, 900));
    sock.disconnect();
    const again = await server.socket(inSession);
    expect(again.connected).toBe(true);
    await expect(server.socket(idle)).rejects.toMatchObject({ message: expect.stringMatching(/inactivity/) });
  });
});

describe('origins', () => {
  it('refuses a socket handshake and a state-changing request from another site, accepts its own and none', async () => {
    const { io } = await import('socket.io-client');
    const token = await server.login((await buildUser(server.db, 'judge')).username);
    const attempt = (origin: string | undefined) =>
      new Promise<string>((resolve) => {
        const s = io(server.url, {
          transports: ['websocket'],
          auth: { token },
          reconnection: false,
          forceNew: true,
          ...(origin ? { extraHeaders: { origin } } : {}),
        });
        s.once('connect', () => {
          s.close();
          resolve('connected');
        });
        s.once('connect_error', () => {
          s.close();
          resolve('refused');
        });
      });
    expect(await attempt('http://evil.test')).toBe('refused');
    expect(await attempt(server.url)).toBe('connected');
    expect(await attempt(undefined)).toBe('connected');
    const res = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { origin: 'http://evil.test', authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toBe('origin_refused');
    expect((await server.request('GET', '/api/auth/me', { token })).status).toBe(200);
  });
});
