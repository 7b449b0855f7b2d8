import { Router } from 'express';
import { findDirectoryEntries, requireUser, type AuthOptions } from '../auth';
import type { Db } from '../db/db';

/** Officials across agencies, for picking session participants. */
export function directoryRoutes(db: Db, auth: AuthOptions): Router {
  const r = Router();
  r.get('/api/directory/users', requireUser(db, auth), async (_req, res) => {
    res.json({ ok: true, data: { users: await findDirectoryEntries(db) } });
  });
  return r;
}
