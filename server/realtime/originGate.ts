// Browser pages of the platform's own origin only: the socket handshake (cross-site WebSocket
// hijacking) and every state-changing HTTP request (cross-site request forgery, beside the
// SameSite cookie). Clients that are not browsers send no Origin and are judged by their token.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { OriginRefused } from '../errors';
import { logger } from '../logger';

type OriginCheck = (origin: string | undefined, host: string | undefined) => boolean;

/** Allowed: no Origin, one of `allowed`, or (when `allowed` is empty) the host the request was sent to. */
export function originCheck(allowed: string[], tls: boolean): OriginCheck {
  const list = new Set(allowed.map((o) => new URL(o).origin));
  return (origin, host) => {
    if (!origin) return true;
    const ok = list.size ? list.has(origin) : origin === `${tls ? 'https' : 'http'}://${host ?? ''}`;
    if (!ok) logger.warn({ origin, host }, 'request from another origin refused');
    return ok;
  };
}

/** socket.io's allowRequest. */
export const originGate =
  (check: OriginCheck) =>
  (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    const ok = check(req.headers.origin, req.headers.host);
    callback(ok ? null : 'origin_refused', ok);
  };

/** Express: POST/PUT/PATCH/DELETE from another origin are refused with 403 origin_refused. */
export const originGuard =
  (check: OriginCheck): RequestHandler =>
  (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const origin = req.headers.origin;
    next(check(origin, req.headers.host) ? undefined : OriginRefused(origin ?? ''));
  };
