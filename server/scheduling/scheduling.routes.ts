import { Router } from 'express';
import { currentUser, requireUser, type AuthOptions } from '../auth';
import type { Db } from '../db/db';
import { parseInput } from '../http/validate';
import { CenterIdParam } from '../rooms';
import { presentSession, type SessionLifecycle } from '../sessions';
import { SessionIdParam } from '../sessions';
import { weekCalendar } from './scheduling.calendar';
import { BookInput, CalendarQuery, CancelInput, RescheduleInput } from './scheduling.schema';
import { checkBooking } from './scheduling.check';
import { bookSession, cancelSession, rescheduleSession } from './scheduling.service';

/** A cancelled booking ends its session's life: a recording started in the lobby is sealed and the lobby is sent home. */
export function schedulingRoutes(db: Db, auth: AuthOptions, lifecycle: SessionLifecycle): Router {
  const r = Router();
  const user = requireUser(db, auth);
  r.post('/api/sessions', user, async (req, res) => {
    const me = currentUser(req);
    const s = await bookSession(db, me, parseInput(BookInput, req.body));
    res.status(201).json({ ok: true, data: { session: presentSession(s, me) } });
  });
  r.post('/api/scheduling/check', user, async (req, res) => {
    res.json({ ok: true, data: await checkBooking(db, currentUser(req), parseInput(BookInput, req.body)) });
  });
  r.post('/api/sessions/:id/reschedule', user, async (req, res) => {
    const me = currentUser(req);
    const { id } = parseInput(SessionIdParam, req.params);
    const s = await rescheduleSession(db, me, id, parseInput(RescheduleInput, req.body));
    res.json({ ok: true, data: { session: presentSession(s, me) } });
  });
  r.post('/api/sessions/:id/cancel', user, async (req, res) => {
    const me = currentUser(req);
    const { id } = parseInput(SessionIdParam, req.params);
    const { reason } = parseInput(CancelInput, req.body);
    const s = await cancelSession(db, me, id, reason);
    void lifecycle.cancelled(id, reason, me);
    res.json({ ok: true, data: { session: presentSession(s, me) } });
  });
  r.get('/api/custody-centers/:id/calendar', user, async (req, res) => {
    const { id } = parseInput(CenterIdParam, req.params);
    const { week } = parseInput(CalendarQuery, req.query);
    res.json({ ok: true, data: { calendar: await weekCalendar(db, currentUser(req), id, week) } });
  });
  return r;
}
