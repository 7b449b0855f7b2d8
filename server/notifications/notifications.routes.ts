import { Router } from 'express';
import { type AuthOptions, currentUser, requireParticipantLogin } from '../auth';
import type { Db } from '../db/db';
import { myNotices } from './notifications.service';

export function notificationRoutes(db: Db, auth: AuthOptions): Router {
  const r = Router();
  // NOTE: an invited party reads their own notices too (their session list shows them).
  r.get('/api/notifications/mine', requireParticipantLogin(db, auth), async (req, res) => {
    res.json({ ok: true, data: { notifications: await myNotices(db, currentUser(req)) } });
  });
  return r;
}
