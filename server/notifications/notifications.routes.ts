import { Router } from 'express';
import { type AuthOptions, currentUser, requireUser } from '../auth';
import type { Db } from '../db/db';
import { myNotices } from './notifications.service';

export function notificationRoutes(db: Db, auth: AuthOptions): Router {
  const r = Router();
  const user = requireUser(db, auth);
  r.get('/api/notifications/mine', user, async (req, res) => {
    res.json({ ok: true, data: { notifications: await myNotices(db, currentUser(req)) } });
  });
  return r;
}
