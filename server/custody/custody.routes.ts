import { Router } from 'express';
import { currentUser, requireUser, type AuthOptions } from '../auth';
import type { Db } from '../db/db';
import { parseInput } from '../http/validate';
import { AdmitInput, PersonIdParam, ReleaseInput, TransferInput } from './custody.schema';
import * as svc from './custody.service';

export function custodyRoutes(db: Db, auth: AuthOptions): Router {
  const r = Router();
  const user = requireUser(db, auth);
  r.get('/api/custody/roster', user, async (req, res) => {
    res.json({ ok: true, data: { roster: await svc.roster(db, currentUser(req)) } });
  });
  r.get('/api/custody/persons/:id/movements', user, async (req, res) => {
    const { id } = parseInput(PersonIdParam, req.params);
    res.json({ ok: true, data: { movements: await svc.movements(db, currentUser(req), id) } });
  });
  r.post('/api/custody/persons/:id/admit', user, async (req, res) => {
    const { id } = parseInput(PersonIdParam, req.params);
    const movementId = await svc.admit(db, currentUser(req), id, parseInput(AdmitInput, req.body));
    res.status(201).json({ ok: true, data: { movementId } });
  });
  r.post('/api/custody/persons/:id/transfer', user, async (req, res) => {
    const { id } = parseInput(PersonIdParam, req.params);
    const movementId = await svc.transfer(db, currentUser(req), id, parseInput(TransferInput, req.body));
    res.status(201).json({ ok: true, data: { movementId } });
  });
  r.post('/api/custody/persons/:id/release', user, async (req, res) => {
    const { id } = parseInput(PersonIdParam, req.params);
    const movementId = await svc.release(db, currentUser(req), id, parseInput(ReleaseInput, req.body));
    res.status(201).json({ ok: true, data: { movementId } });
  });
  return r;
}
