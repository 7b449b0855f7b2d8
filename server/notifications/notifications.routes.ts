import { Router } from 'express';
import { z } from 'zod';
import { type AuthOptions, currentUser, requireUser } from '../auth';
import type { Db } from '../db/db';
import { parseInput } from '../http/validate';
import { myNotices, sessionNotices } from './notifications.service';

const SessionIdParam = z.object({ id: z.string().uuid() }).strict();

export function notificationRoutes(db: Db, auth: AuthOptions): Router {
  const r = Router();
  const user = requireUser(db, auth);
  r.get('/api/notifications/mine', user, async (req, res) => {
    res.json({ ok: true, data: { notifications: await myNotices(db, currentUser(req)) } });
  });
  r.get('/api/sessions/:id/notifications', user, async (req, res) => {
    const { id } = parseInput(SessionIdParam, req.params);
    res.json({ ok: true, data: { notifications: await sessionNotices(db, currentUser(req), id) } });
  });
  return r;
}
