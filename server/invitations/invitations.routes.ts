import { Router } from 'express';
import { z } from 'zod';
import { type AuthOptions, type LoginThrottle, setLoginCookie } from '../auth';
import type { Db } from '../db/db';
import { parseInput } from '../http/validate';
import { redeem } from './invitations.service';

const RedeemInput = z.object({ code: z.string().trim().min(10).max(20) }).strict();

/** POST /api/invitations/redeem: an invited party's code opens their login (throttled per address like logins). */
export function invitationRoutes(db: Db, auth: AuthOptions & { secureCookies: boolean }, throttle: LoginThrottle): Router {
  const r = Router();
  r.post('/api/invitations/redeem', async (req, res) => {
    const address = req.ip ?? 'unknown';
    throttle.check(address);
    const { code } = parseInput(RedeemInput, req.body);
    const result = await redeem(db, auth, code).catch((err: unknown) => {
      throttle.fail(address);
      throw err;
    });
    setLoginCookie(res, result.token, result.expiresAt, auth.secureCookies);
    res.json({ ok: true, data: { sessionId: result.sessionId, token: result.token } });
  });
  return r;
}
