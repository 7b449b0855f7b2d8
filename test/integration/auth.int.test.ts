import { buildSession, buildUser } from '../support/factories';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('login', () => {
  it('sets an httpOnly SameSite=Strict cookie, stores only the token hash, and audits', async () => {
    const u = await buildUser(server.db, 'judge');
    const res = await server.request('POST', '/api/auth/login', { body: { username: u.username, password: TEST_PASSWORD } });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^hs_sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const token = res.body.data.token as string;
    const rows = await server.db('auth_sessions').where({ user_id: u.id });
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(token);
    const me = await server.request('GET', '/api/auth/me', { token });
    expect(me.body.data.user).toMatchObject({ id: u.id, role: 'judge' });
    expect(JSON.stringify(me.body)).not.toContain('password');
    const audit = await server.db('audit_entries').where({ object_type: 'user', object_id: u.id, action: 'auth.login' });
    expect(audit.map((a: { outcome: string }) => a.outcome)).toEqual(['success']);
  });

  it('stores the password with Argon2id, never in clear', async () => {
    const u = await buildUser(server.db, 'clerk');
    const row = await server.db('users').where({ id: u.id }).first();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a wrong password with a typed 401 and audits the failure', async () => {
    const u = await buildUser(server.db, 'prosecutor');
    const res = await server.request('POST', '/api/auth/login', { body: { username: u.username, password: 'wrong-password' } });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ ok: false, error: 'unauthenticated' });
    const audit = await server.db('audit_entries').where({ object_id: u.id, action: 'auth.login' });
    expect(audit[0].outcome).toBe('failure');
  });

  it('refuses requests after logout and for expired or idle logins', async () => {
    const u = await buildUser(server.db, 'investigator');
    const token = await server.login(u.username);
    expect((await server.request('POST', '/api/auth/logout', { token })).status).toBe(200);
    expect((await server.request('GET', '/api/sessions', { token })).body).toMatchObject({ error: 'unauthenticated' });

    const t2 = await server.login(u.username);
    await server
      .db('auth_sessions')
      .where({ user_id: u.id })
      .whereNull('revoked_at')
      .update({ last_seen_at: server.db.raw("now() - interval '2 hours'") });
    expect((await server.request('GET', '/api/sessions', { token: t2 })).body.message).toMatch(/inactivity/);

    const t3 = await server.login(u.username);
    await server
      .db('auth_sessions')
      .where({ user_id: u.id })
      .whereNull('revoked_at')
      .update({ expires_at: server.db.raw("now() - interval '1 minute'") });
    expect((await server.request('GET', '/api/sessions', { token: t3 })).body.message).toMatch(/expired/);
    await expect(server.socket(t3)).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
  });

  it('sends security headers', async () => {
    const res = await server.request('GET', '/healthz');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('sessions API', () => {
  it('lists only the sessions a user takes part in and hides others as not_found', async () => {
    const inv = await buildUser(server.db, 'investigator');
    const other = await buildUser(server.db, 'investigator');
    const s = await buildSession(server.db, inv);
    const mine = await server.request('GET', '/api/sessions', { token: await server.login(inv.username) });
    expect(mine.body.data.sessions.map((x: { id: string }) => x.id)).toEqual([s.id]);
    const theirs = await server.request('GET', `/api/sessions/${s.id}`, { token: await server.login(other.username) });
    expect(theirs.status).toBe(404);
    expect(theirs.body).toMatchObject({ ok: false, error: 'not_found' });
  });

  it('validates session creation input with field-named errors', async () => {
    const inv = await buildUser(server.db, 'investigator');
    const res = await server.request('POST', '/api/sessions', {
      token: await server.login(inv.username),
      body: { caseId: 'nope', type: 'party' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.data.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['caseId', 'type']));
  });

  it('does not let a custody officer create sessions', async () => {
    const c = await buildUser(server.db, 'custody_officer');
    const res = await server.request('POST', '/api/sessions', {
      token: await server.login(c.username),
      body: {
        caseId: '00000000-0000-4000-8000-000000000000',
        type: 'interrogation',
        title: 'x',
        startsAt: new Date().toISOString(),
        minutes: 30,
        participants: [{ userId: c.id, sessionRole: 'custody_officer' }],
      },
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
  });
});
