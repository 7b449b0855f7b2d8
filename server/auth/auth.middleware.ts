import type { Request, RequestHandler } from 'express';
import { Unauthenticated } from '../errors';
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

/** Rejects the request with 401 unless it carries a valid login; sets req.user. */
export const requireUser =
  (db: Db, opts: AuthOptions): RequestHandler =>
  async (req, _res, next) => {
    try {
      req.user = await authenticate(db, opts, tokenFrom(req.headers));
      next();
    } catch (err) {
      next(err);
    }
  };

/** The user set by requireUser; throws if a route forgot the middleware. */
export function currentUser(req: Request): AuthUser {
  if (!req.user) throw Unauthenticated();
  return req.user;
}
