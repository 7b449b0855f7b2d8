import { Router } from 'express';
import type { Db } from '../db/db';
import { currentUser, requireParticipantLogin, requireUser, type AuthOptions } from '../auth';
import { parseInput } from '../http/validate';
import { NotFound } from '../errors';
import { sessionNotices } from '../notifications';
import { canChangeBooking, participantOf } from './sessions.policy';
import { presentSession } from './sessions.present';
import { SessionIdParam } from './sessions.schema';
import { caseSessions, getSession, listMySessions, sessionRecord } from './sessions.service';

/** Reading sessions; booking, rescheduling and cancelling live in server/scheduling. */
export function sessionsRoutes(db: Db, auth: AuthOptions): Router {
  const r = Router();
  // NOTE: an invited party reads the one session they take part in (lists and lookups are by participation).
  r.use('/api/sessions', requireParticipantLogin(db, auth));
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
  r.get('/api/cases/:id/sessions', requireUser(db, auth), async (req, res) => {
    const user = currentUser(req);
    const { id } = parseInput(SessionIdParam, req.params);
    res.json({ ok: true, data: { sessions: (await caseSessions(db, user, id)).map((s) => presentSession(s, user)) } });
  });
  r.get('/api/sessions/:id/notifications', requireUser(db, auth), async (req, res) => {
    const user = currentUser(req);
    const { id } = parseInput(SessionIdParam, req.params);
    const s = await getSession(db, user, id);
    if (!(participantOf(user, s) || canChangeBooking(user, s))) throw NotFound('session', id);
    res.json({ ok: true, data: { notifications: await sessionNotices(db, id) } });
  });
  r.get('/api/sessions/:id/record', requireUser(db, auth), async (req, res) => {
    const { id } = parseInput(SessionIdParam, req.params);
    res.json({ ok: true, data: await sessionRecord(db, currentUser(req), id) });
  });
  return r;
}
