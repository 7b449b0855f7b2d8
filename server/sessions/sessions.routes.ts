import { Router } from 'express';
import type { Db } from '../db/db';
import { currentUser, requireUser, type AuthOptions } from '../auth';
import { parseInput } from '../http/validate';
import { presentSession } from './sessions.present';
import { SessionCreateInput, SessionIdParam } from './sessions.schema';
import { createSession, getSession, listMySessions } from './sessions.service';

export function sessionsRoutes(db: Db, auth: AuthOptions): Router {
  const r = Router();
  r.use('/api/sessions', requireUser(db, auth));
  r.get('/api/sessions', async (req, res) => {
    const user = currentUser(req);
    const sessions = await listMySessions(db, user);
    res.json({ ok: true, data: { sessions: sessions.map((s) => presentSession(s, user)) } });
  });
  r.get('/api/sessions/:id', async (req, res) => {
    const user = currentUser(req);
    const { id } = parseInput(SessionIdParam, req.params);
    res.json({ ok: true, data: { session: presentSession(await getSession(db, user, id), user) } });
  });
  r.post('/api/sessions', async (req, res) => {
    const user = currentUser(req);
    const input = parseInput(SessionCreateInput, req.body);
    res.status(201).json({ ok: true, data: { session: presentSession(await createSession(db, user, input), user) } });
  });
  return r;
}
