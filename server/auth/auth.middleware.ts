import type { Request, RequestHandler, Response } from 'express';
import { Forbidden, Unauthenticated } from '../errors';
import { DEVICE_ROLE, GUEST_ROLE } from '../vocabulary';
import { parse as parseCookie } from 'cookie';
import type { Db } from '../db/db';
import { authenticate, type AuthOptions } from './auth.service';
import { AUTH_COOKIE } from './tokens';
import type { AuthUser } from './auth.types';

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
  }
}

/** Reads the token from the httpOnly cookie (browsers) or an Authorization: Bearer header (CLI). */
export function tokenFrom(headers: { cookie?: string | undefined; authorization?: string | undefined }): string | undefined {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  if (!headers.cookie) return undefined;
  return parseCookie(headers.cookie)[AUTH_COOKIE];
}

/** Whose logins a route takes: staff, a kiosk device, an invited party's guest account. */
type LoginKind = 'staff' | 'device' | 'guest';
const kindOf = (role: string): LoginKind => (role === DEVICE_ROLE ? 'device' : role === GUEST_ROLE ? 'guest' : 'staff');

const requireLogin =
  (db: Db, opts: AuthOptions, kinds: readonly LoginKind[]): RequestHandler =>
  async (req, _res, next) => {
    try {
      const user = await authenticate(db, opts, tokenFrom(req.headers));
      // NOTE: least privilege: a kiosk device's login reaches only the device routes (and its room's kiosk over the socket),
      // an invited party's only their own session.
      if (!kinds.includes(kindOf(user.role)))
        throw Forbidden(
          kindOf(user.role) === 'staff' ? 'this route is for a kiosk device or an invited party' : 'this login cannot use this route',
        );
      req.user = user;
      next();
    } catch (err) {
      next(err);
    }
  };

/** Rejects the request with 401 unless it carries a valid staff login (403 for a kiosk device or a guest); sets req.user. */
export const requireUser = (db: Db, opts: AuthOptions): RequestHandler => requireLogin(db, opts, ['staff']);

/** Rejects the request unless it carries a kiosk device's login; sets req.user. */
export const requireDevice = (db: Db, opts: AuthOptions): RequestHandler => requireLogin(db, opts, ['device']);

/** Staff, or an invited party (routes about the sessions the login takes part in). */
export const requireParticipantLogin = (db: Db, opts: AuthOptions): RequestHandler => requireLogin(db, opts, ['staff', 'guest']);

/** Any valid login, a person's or a kiosk device's (only for saying who is logged in). */
export const requireAnyLogin = (db: Db, opts: AuthOptions): RequestHandler => requireLogin(db, opts, ['staff', 'device', 'guest']);

/** Sets the login cookie (httpOnly, same-site strict, secure with TLS). */
export function setLoginCookie(res: Response, token: string, expires: Date, secure: boolean): void {
  res.cookie(AUTH_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires });
}

/** The user set by requireUser; throws if a route forgot the middleware. */
export function currentUser(req: Request): AuthUser {
  if (!req.user) throw Unauthenticated();
  return req.user;
}
