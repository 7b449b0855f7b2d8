import { Router } from 'express';
import type { Db } from '../db/db';
import { parseInput } from '../http/validate';
import { login, logout, type AuthOptions } from './auth.service';
import { currentUser, requireUser } from './auth.middleware';
import { presentUser } from './auth.present';
import { LoginInput } from './auth.schema';
import { AUTH_COOKIE } from './tokens';

export function authRoutes(db: Db, opts: AuthOptions & { secureCookies: boolean }): Router {
  const r = Router();
  r.post('/api/auth/login', async (req, res) => {
    const input = parseInput(LoginInput, req.body);
    const { token, user, expiresAt } = await login(db, opts, input.username, input.password);
    res.cookie(AUTH_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: opts.secureCookies,
      path: '/',
      expires: expiresAt,
    });
    // NOTE: the token is also returned for non-browser clients (the CLI); browsers use the cookie.
    res.json({ ok: true, data: { user: presentUser(user), token, expiresAt: expiresAt.toISOString() } });
  });
  r.post('/api/auth/logout', requireUser(db, opts), async (req, res) => {
    await logout(db, currentUser(req));
    res.clearCookie(AUTH_COOKIE, { path: '/' });
    res.json({ ok: true, data: {} });
  });
  r.get('/api/auth/me', requireUser(db, opts), (req, res) => {
    res.json({ ok: true, data: { user: presentUser(currentUser(req)) } });
  });
  return r;
}
