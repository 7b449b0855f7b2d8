import * as audit from '../audit';
import { findDirectoryEntries, type AuthUser } from '../auth';
import { getCaseFor } from '../cases';
import type { Db } from '../db/db';
import { Forbidden, InvalidRequest, NotFound, SessionNotJoinable } from '../errors';
import * as repo from './sessions.repo';
import { canCreateSession, canOperateKiosk, canViewSession, participantOf } from './sessions.policy';
import type { SessionCreateInput } from './sessions.schema';
import type { Endpoint, JoinIdentity, Session, SessionRole } from './sessions.types';

/** Sessions the user takes part in. */
export const listMySessions = (db: Db, user: AuthUser): Promise<Session[]> => repo.listForUser(db, user.id);

/** One session, if the user is listed on it (otherwise not_found, so ids reveal nothing). */
export async function getSession(db: Db, user: AuthUser, id: string): Promise<Session> {
  const s = await repo.findById(db, id);
  if (!s || !canViewSession(user, s)) throw NotFound('session', id);
  return s;
}

/** Creates a session for a case the user's agency holds, with its participants; audited. */
export async function createSession(db: Db, user: AuthUser, input: SessionCreateInput): Promise<Session> {
  if (!canCreateSession(user)) throw Forbidden(`role ${user.role} cannot create sessions`);
  const ids = [...new Set(input.participants.map((p) => p.userId))];
  if (ids.length !== input.participants.length) throw InvalidRequest('participants: a user is listed twice');
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(startsAt.getTime() + input.minutes * 60_000);
  return db.transaction(async (trx) => {
    const kase = await getCaseFor(trx, user, input.caseId);
    const users = await findDirectoryEntries(trx, ids);
    const byId = new Map(users.map((u) => [u.id, u]));
    const missing = ids.find((id) => !byId.has(id));
    if (missing) throw InvalidRequest(`participants: user ${missing} does not exist or is disabled`);
    const parts: { userId: string | null; sessionRole: SessionRole; displayName: string }[] = input.participants
      .map((p) => ({ userId: p.userId, sessionRole: p.sessionRole, displayName: byId.get(p.userId)?.displayName ?? '' }));
    if (!parts.some((p) => p.userId === user.id)) throw InvalidRequest('participants: the organiser must take part');
    if (input.detaineeName) parts.push({ userId: null, sessionRole: 'detainee', displayName: input.detaineeName });
    const id = await repo.insert(trx, { caseId: kase.id, type: input.type, title: input.title, startsAt, endsAt, createdBy: user.id });
    await repo.insertParticipants(trx, id, parts);
    await audit.record(trx, { actorUserId: user.id, agencyId: user.agencyId, action: 'session.create', objectType: 'session',
      objectId: id, outcome: 'success', detail: { caseId: kase.id, type: input.type, participants: parts.length } });
    const created = await repo.findById(trx, id);
    if (!created) throw NotFound('session', id);
    return created;
  });
}

/**
 * Decides who a joining socket represents. Only listed participants may join; the kiosk endpoint
 * is the detainee, operated by a custody officer listed on the same session.
 */
export async function resolveJoin(db: Db, user: AuthUser, sessionId: string, endpoint: Endpoint): Promise<JoinIdentity> {
  const s = await repo.findById(db, sessionId);
  if (!s || !canViewSession(user, s)) {
    await audit.recordAlone(db, { actorUserId: user.id, agencyId: user.agencyId, action: 'session.join',
      objectType: 'session', objectId: sessionId, outcome: 'denied', detail: { endpoint, reason: 'not_listed' } });
    throw NotFound('session', sessionId);
  }
  if (s.state === 'ended' || s.state === 'cancelled') throw SessionNotJoinable(s.id, s.state);
  if (endpoint === 'kiosk') {
    const detainee = s.participants.find((p) => p.sessionRole === 'detainee');
    if (!detainee || !canOperateKiosk(user, s)) {
      await audit.recordAlone(db, { actorUserId: user.id, agencyId: user.agencyId, action: 'session.join',
        objectType: 'session', objectId: s.id, outcome: 'denied', detail: { endpoint, reason: 'not_kiosk_operator' } });
      throw Forbidden(`only the custody officer of session ${s.id} can open its kiosk`);
    }
    return { session: s, participant: detainee, endpoint };
  }
  const me = participantOf(user, s);
  if (!me) throw NotFound('session', sessionId);
  return { session: s, participant: me, endpoint };
}

/** Records a media join or leave in the audit chain (who, when, through which endpoint). */
export async function recordPresence(db: Db, user: AuthUser, id: JoinIdentity, action: 'session.join' | 'session.leave',
  detail: Record<string, unknown> = {}): Promise<void> {
  await audit.recordAlone(db, { actorUserId: user.id, agencyId: user.agencyId, action, objectType: 'session',
    objectId: id.session.id, outcome: 'success',
    detail: { participantId: id.participant.id, sessionRole: id.participant.sessionRole, endpoint: id.endpoint, ...detail } });
}
