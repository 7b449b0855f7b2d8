import { Router } from 'express';
import type { MediaService } from '../../media';
import { currentUser, requireUser, type AuthOptions } from '../auth';
import type { Db } from '../db/db';
import { Forbidden } from '../errors';

/** Operator endpoints (admin role only): media worker CPU use for the demo report and monitoring. */
export function adminRoutes(db: Db, auth: AuthOptions, media: MediaService): Router {
  const r = Router();
  r.get('/api/admin/media', requireUser(db, auth), async (req, res) => {
    if (currentUser(req).role !== 'admin') throw Forbidden('only administrators may read media statistics');
    res.json({ ok: true, data: { workers: await media.workerStats() } });
  });
  return r;
}
