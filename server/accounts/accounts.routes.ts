import { type RequestHandler, Router } from 'express';
import { currentUser, requireUser, type AuthOptions, type Revocations } from '../auth';
import type { Db } from '../db/db';
import { parseInput } from '../http/validate';
import { AgencyCreateInput, IdParam, PasswordResetInput, UserCreateInput, UserUpdateInput } from './accounts.schema';
import * as svc from './accounts.service';

/** /api/admin/agencies and /api/admin/users: the administration page's requests (administrators only). */
export function accountsRoutes(db: Db, auth: AuthOptions, revocations: Revocations): Router {
  const r = Router();
  const onlyAdmins: RequestHandler = (req, _res, next) => {
    try {
      svc.requireAdmin(currentUser(req));
      next();
    } catch (err) {
      next(err);
    }
  };
  const user = requireUser(db, auth);
  r.get('/api/admin/agencies', user, onlyAdmins, async (_req, res) => {
    res.json({ ok: true, data: { agencies: await svc.listAgencies(db) } });
  });
  r.post('/api/admin/agencies', user, onlyAdmins, async (req, res) => {
    const agency = await svc.createAgency(db, currentUser(req), parseInput(AgencyCreateInput, req.body));
    res.status(201).json({ ok: true, data: { agency } });
  });
  r.get('/api/admin/users', user, onlyAdmins, async (_req, res) => {
    res.json({ ok: true, data: { users: await svc.listAccounts(db) } });
  });
  r.post('/api/admin/users', user, onlyAdmins, async (req, res) => {
    const user = await svc.createAccount(db, currentUser(req), parseInput(UserCreateInput, req.body));
    res.status(201).json({ ok: true, data: { user } });
  });
  r.patch('/api/admin/users/:id', user, onlyAdmins, async (req, res) => {
    const { id } = parseInput(IdParam, req.params);
    const { account, revoked } = await svc.updateAccount(db, currentUser(req), id, parseInput(UserUpdateInput, req.body));
    if (revoked) revocations.announce(revoked);
    res.json({ ok: true, data: { user: account } });
  });
  r.post('/api/admin/users/:id/password', user, onlyAdmins, async (req, res) => {
    const { id } = parseInput(IdParam, req.params);
    const { revoked } = await svc.resetPassword(db, currentUser(req), id, parseInput(PasswordResetInput, req.body).password);
    revocations.announce(revoked);
    res.json({ ok: true, data: {} });
  });
  r.post('/api/admin/users/:id/unlock', user, onlyAdmins, async (req, res) => {
    const { id } = parseInput(IdParam, req.params);
    res.json({ ok: true, data: { user: await svc.unlockAccount(db, currentUser(req), id) } });
  });
  return r;
}
