import { Router } from 'express';
import type { Db } from '../db/db';
import { currentUser, requireUser, type AuthOptions } from '../auth';
import { listCasesFor } from './cases.service';

export function casesRoutes(db: Db, auth: AuthOptions): Router {
  const r = Router();
  r.get('/api/cases', requireUser(db, auth), async (req, res) => {
    res.json({ ok: true, data: { cases: await listCasesFor(db, currentUser(req)) } });
  });
  return r;
}
