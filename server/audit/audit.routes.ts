import { Router } from 'express';
import { currentUser, requireUser, type AuthOptions } from '../auth';
import type { Db } from '../db/db';
import { Forbidden } from '../errors';
import { exportCsv } from './audit.export';
import { recordAlone, verifyChain } from './audit.service';

/** The instance's security auditor (administrator) verifies and exports the chain; nobody else reads it. */
export function auditRoutes(db: Db, auth: AuthOptions): Router {
  const r = Router();
  r.use('/api/audit', requireUser(db, auth), (req, _res, next) => {
    next(currentUser(req).role === 'admin' ? undefined : Forbidden('only administrators read the audit trail'));
  });
  r.get('/api/audit/verify', async (_req, res) => {
    res.json({ ok: true, data: await verifyChain(db) });
  });
  r.get('/api/audit/export.csv', async (req, res) => {
    const user = currentUser(req);
    await recordAlone(db, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'audit.export',
      objectType: 'audit',
      objectId: null,
      outcome: 'success',
    });
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="audit.csv"');
    await exportCsv(db, res);
  });
  return r;
}
