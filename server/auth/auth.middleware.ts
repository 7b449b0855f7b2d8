import type { Request, RequestHandler, Response } from 'express';
import { Forbidden, Unauthenticated } from '../errors';
import { DEVICE_ROLE } from '../vocabulary';
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

const requireLogin =
  (db: Db, opts: AuthOptions, device: boolean | 'either'): RequestHandler =>
  async (req, _res, next) => {
    try {
      const user = await authenticate(db, opts, tokenFrom(req.headers));
      // NOTE: least privilege: a kiosk device's login reaches only the device routes (and its room's kiosk over the socket).
      if (device !== 'either' && (user.role === DEVICE_ROLE) !== device)
        throw Forbidden(device ? 'only a kiosk device uses this route' : "a kiosk device can only open its room's kiosk");
      req.user = user;
      next();
    } catch (err) {
      next(err);
    }
  };

/** Rejects the request with 401 unless it carries a valid login of a person (403 for a kiosk device); sets req.user. */
export const requireUser = (db: Db, opts: AuthOptions): RequestHandler => requireLogin(db, opts, false);

/** Rejects the request unless it carries a kiosk device's login; sets req.user. */
export const requireDevice = (db: Db, opts: AuthOptions): RequestHandler => requireLogin(db, opts, true);

/** Any valid login, a person's or a kiosk device's (only for saying who is logged in). */
export const requireAnyLogin = (db: Db, opts: AuthOptions): RequestHandler => requireLogin(db, opts, 'either');

/** Sets the login cookie (httpOnly, same-site strict, secure with TLS). */
export function setLoginCookie(res: Response, token: string, expires: Date, secure: boolean): void {
  res.cookie(AUTH_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires });
}

/** The user set by requireUser; throws if a route forgot the middleware. */
export function currentUser(req: Request): AuthUser {
  if (!req.user) throw Unauthenticated();
  return req.user;
}
