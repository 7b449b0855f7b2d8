import { Router } from 'express';
import { findDirectoryEntries, listAgencyDirectory, requireUser, type AuthOptions } from '../auth';
import type { Db } from '../db/db';

/** Officials across agencies, for picking session participants; agencies, for sharing a case. */
export function directoryRoutes(db: Db, auth: AuthOptions): Router {
  const r = Router();
  r.get('/api/directory/users', requireUser(db, auth), async (_req, res) => {
    res.json({ ok: true, data: { users: await findDirectoryEntries(db) } });
  });
  r.get('/api/directory/agencies', requireUser(db, auth), async (_req, res) => {
    res.json({ ok: true, data: { agencies: await listAgencyDirectory(db) } });
  });
  return r;
}
