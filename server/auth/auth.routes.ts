import { Router } from 'express';
import type { Db } from '../db/db';
import { AppError } from '../errors';
import { parseInput } from '../http/validate';
import { login, logout, type AuthOptions } from './auth.service';
import { currentUser, requireAnyLogin, requireUser, setLoginCookie } from './auth.middleware';
import { presentUser } from './auth.present';
import { LoginInput } from './auth.schema';
import type { LoginThrottle } from './loginThrottle';
import type { Revocations } from './revocations';
import { AUTH_COOKIE } from './tokens';

export type AuthRouteDeps = { throttle: LoginThrottle; revocations: Revocations };

export function authRoutes(db: Db, opts: AuthOptions & { secureCookies: boolean }, deps: AuthRouteDeps): Router {
  const r = Router();
  r.post('/api/auth/login', async (req, res) => {
    const input = parseInput(LoginInput, req.body);
    const address = req.ip ?? 'unknown';
    deps.throttle.check(address);
    const result = await login(db, opts, input.username, input.password).catch((err: unknown) => {
      if (err instanceof AppError && (err.code === 'unauthenticated' || err.code === 'account_locked')) deps.throttle.fail(address);
      throw err;
    });
    setLoginCookie(res, result.token, result.expiresAt, opts.secureCookies);
    // NOTE: the token is also returned for non-browser clients (the CLI); browsers use the cookie.
    res.json({ ok: true, data: { user: presentUser(result.user), token: result.token, expiresAt: result.expiresAt.toISOString() } });
  });
  r.post('/api/auth/logout', requireUser(db, opts), async (req, res) => {
    const user = currentUser(req);
    await logout(db, user);
    deps.revocations.announce({ userId: user.id, authSessionId: user.authSessionId, reason: 'logout' });
    res.clearCookie(AUTH_COOKIE, { path: '/', secure: opts.secureCookies, sameSite: 'strict', httpOnly: true });
    res.json({ ok: true, data: {} });
  });
  r.get('/api/auth/me', requireAnyLogin(db, opts), (req, res) => {
    res.json({ ok: true, data: { user: presentUser(currentUser(req)) } });
  });
  return r;
}
