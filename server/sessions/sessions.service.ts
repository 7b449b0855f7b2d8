import * as audit from '../audit';
import { getCaseFor } from '../cases';
import type { AuthUser } from '../auth';
import type { Db } from '../db/db';
import { Forbidden, NotFound, SessionNotJoinable } from '../errors';
import * as repo from './sessions.repo';
import { listConnectionEvents, listEvents } from './sessions.events.repo';
import { canOperateKiosk, canViewSession, participantOf } from './sessions.policy';
import type { Endpoint, JoinIdentity, Session } from './sessions.types';
import { DEVICE_ROLE } from '../vocabulary';

/** Sessions the user takes part in. */
export const listMySessions = (db: Db, user: AuthUser): Promise<Session[]> => repo.listForUser(db, user.id);

/** One session, if the user may see it (otherwise not_found, so ids reveal nothing). */
export async function getSession(db: Db, user: AuthUser, id: string): Promise<Session> {
  const s = await repo.findById(db, id);
  if (!s || !canViewSession(user, s)) throw NotFound('session', id);
  return s;
}

/** The session's record: its events (lobby, attestation, consents, phases, host actions) and connection telemetry. */
export async function sessionRecord(db: Db, user: AuthUser, id: string) {
  const s = await getSession(db, user, id);
  if (!participantOf(user, s)) throw Forbidden('only participants read the session record');
  const [events, telemetry] = await Promise.all([listEvents(db, id), listConnectionEvents(db, id)]);
  return { events, telemetry };
}

async function denyJoin(db: Db, user: AuthUser, sessionId: string, endpoint: Endpoint, reason: string): Promise<void> {
  await audit.recordAlone(db, {
    actorUserId: user.id,
    agencyId: user.agencyId,
    action: 'session.join',
    objectType: 'session',
    objectId: sessionId,
    outcome: 'denied',
    detail: { endpoint, reason },
  });
}

/**
 * Decides who a joining socket represents. Only listed (not removed) participants may join; the
 * kiosk endpoint is the detainee, operated by a custody officer listed on the same session.
 */
export async function resolveJoin(db: Db, user: AuthUser, sessionId: string, endpoint: Endpoint): Promise<JoinIdentity> {
  const s = await repo.findById(db, sessionId);
  const deviceRoom = user.role === DEVICE_ROLE ? await repo.deviceRoomOf(db, user.id) : null;
  const me = s ? participantOf(user, s) : undefined;
  // NOTE: the kiosk endpoint is opened by the officer on duty or the room's kiosk device, listed at booking or not.
  if (!s || !(me || (endpoint === 'kiosk' && canOperateKiosk(user, s, deviceRoom)))) {
    await denyJoin(db, user, sessionId, endpoint, 'not_listed');
    throw NotFound('session', sessionId);
  }
  if (s.state === 'ended' || s.state === 'cancelled') throw SessionNotJoinable(s.id, s.state);
  if (endpoint === 'kiosk') {
    const detainee = s.participants.find((p) => p.sessionRole === 'detainee');
    if (!detainee || !canOperateKiosk(user, s, deviceRoom)) {
      await denyJoin(db, user, s.id, endpoint, 'not_kiosk_operator');
      throw Forbidden(`only the custody officer of session ${s.id} can open its kiosk`);
    }
    return { session: s, participant: detainee, endpoint };
  }
  if (!me) throw NotFound('session', sessionId);
  if (s.type === 'lawyer_meeting' && me.sessionRole === 'custody_officer') {
    // NOTE: CPL 39: a lawyer meeting is not listened to; the custody officer only opens the kiosk.
    await denyJoin(db, user, s.id, endpoint, 'lawyer_meeting_unmonitored');
    throw Forbidden('a lawyer meeting is not monitored: the custody officer may open the kiosk but not join');
  }
  return { session: s, participant: me, endpoint };
}

/** Records a media join or leave in the audit chain (who, when, through which endpoint). */
export async function recordPresence(
  db: Db,
  user: AuthUser,
  id: JoinIdentity,
  action: 'session.join' | 'session.leave',
  detail: Record<string, unknown> = {},
): Promise<void> {
  await audit.recordAlone(db, {
    actorUserId: user.id,
    agencyId: user.agencyId,
    action,
    objectType: 'session',
    objectId: id.session.id,
    outcome: 'success',
    detail: { participantId: id.participant.id, sessionRole: id.participant.sessionRole, endpoint: id.endpoint, ...detail },
  });
}

/**
 * The sessions of a case, for anyone who may see the case (its holder, and the agencies it was
 * sent to, who review the recordings of the sessions before them). Lawyer meetings are left out:
 * nobody on the case learns of them from here (CPL 39).
 */
export async function caseSessions(db: Db, user: AuthUser, caseId: string): Promise<Session[]> {
  await getCaseFor(db, user, caseId);
  return (await repo.listForCase(db, caseId)).filter((s) => s.type !== 'lawyer_meeting');
}
