// Booking a session: a case, a custody room, a detainee and the people taking part, in a slot.
// Application checks give clear errors; the database's exclusion constraint is the final arbiter.
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import type { Db, Trx } from '../db/db';
import { BookingConflictError, Forbidden, InvalidRequest, InvalidState, NotFound } from '../errors';
import { findRoom } from '../rooms';
import { canChangeBooking } from '../sessions';
import { sessionsRepo as sessions } from '../sessions';
import { insertEvent } from '../sessions';
import type { Session } from '../sessions';
import { inviteParties, makeGuests } from '../invitations';
import { queueSessionNotices } from '../notifications';
import * as repo from './scheduling.repo';
import type { BookInput, RescheduleInput } from './scheduling.schema';
import { checkSlot, plan, toConflicts, type Plan } from './scheduling.plan';

const pgCode = (err: unknown): string | undefined => (err as { code?: string })?.code;
const isOverlapViolation = (err: unknown): boolean => pgCode(err) === '23P01';
// NOTE: deadlock_detected and serialization_failure: the transaction did nothing, so it is run again.
const isRetryable = (err: unknown): boolean => pgCode(err) === '40P01' || pgCode(err) === '40001';
const MAX_ATTEMPTS = 4;

/**
 * Runs a booking transaction, again (a bounded number of times) when Postgres aborted it as a
 * deadlock or serialization failure; an overlap the database refused becomes a booking_conflict
 * naming the holder.
 */
async function withOverlapMapping<T>(
  db: Db,
  resources: () => repo.Resource[],
  slot: () => [Date, Date],
  except: string | undefined,
  fn: (trx: Trx) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (err) {
      if (isRetryable(err) && attempt < MAX_ATTEMPTS) continue;
      if (!isOverlapViolation(err)) throw err;
      const [s, e] = slot();
      const claims = await repo.findClaims(db, resources(), s, e, except);
      throw BookingConflictError(
        claims.length
          ? toConflicts(claims)
          : [{ kind: 'room', sessionId: 'unknown', resourceId: 'unknown', startsAt: s.toISOString(), endsAt: e.toISOString() }],
      );
    }
  }
}

/** Books a session (audited); refuses conflicts, slots outside the room's windows and unlawful line-ups. */
export async function bookSession(db: Db, user: AuthUser, input: BookInput, now = new Date()): Promise<Session> {
  let p: Plan | undefined;
  return withOverlapMapping(
    db,
    () => p?.resources ?? [],
    () => [p?.startsAt ?? now, p?.endsAt ?? now],
    undefined,
    async (trx) => {
      p = await plan(trx, user, input, now);
      // NOTE: each invited party gets a guest account first, so they are a participant (and a booked resource) like anyone.
      const guests = await makeGuests(trx, user, input.parties ?? []);
      p.parts.push(...guests.map((g) => ({ userId: g.userId, sessionRole: 'party' as const, displayName: g.name })));
      p.resources.push(...guests.map((g) => ({ kind: 'user' as const, id: g.userId })));
      await repo.lockResources(trx, p.resources);
      const claims = await repo.findClaims(trx, p.resources, p.startsAt, p.endsAt);
      if (claims.length) throw BookingConflictError(toConflicts(claims));
      const id = await sessions.insert(trx, {
        caseId: p.caseId,
        type: p.type,
        title: p.title,
        startsAt: p.startsAt,
        endsAt: p.endsAt,
        createdBy: user.id,
        custodyRoomId: p.room?.id ?? null,
        personId: p.person?.id ?? null,
      });
      await sessions.insertParticipants(trx, id, p.parts);
      await repo.insertBookings(trx, id, p.resources, p.startsAt, p.endsAt);
      await insertEvent(trx, {
        sessionId: id,
        kind: 'booked',
        actorUserId: user.id,
        actorParticipantId: null,
        subjectParticipantId: null,
        data: { startsAt: p.startsAt.toISOString(), endsAt: p.endsAt.toISOString(), roomId: p.room?.id ?? null },
      });
      await audit.record(trx, {
        actorUserId: user.id,
        agencyId: user.agencyId,
        action: 'session.create',
        objectType: 'session',
        objectId: id,
        outcome: 'success',
        detail: {
          caseId: p.caseId,
          type: p.type,
          roomId: p.room?.id ?? null,
          participants: p.parts.length,
          startsAt: p.startsAt.toISOString(),
          endsAt: p.endsAt.toISOString(),
        },
      });
      if (p.override) {
        await insertEvent(trx, {
          sessionId: id,
          kind: 'eligibility_override',
          actorUserId: user.id,
          actorParticipantId: null,
          subjectParticipantId: null,
          data: { reason: p.override },
        });
        await audit.record(trx, {
          actorUserId: user.id,
          agencyId: user.agencyId,
          action: 'session.eligibility_override',
          objectType: 'session',
          objectId: id,
          outcome: 'success',
          detail: { caseId: p.caseId, reason: p.override },
        });
      }
      const created = await sessions.findById(trx, id);
      if (!created) throw NotFound('session', id);
      await queueSessionNotices(trx, created, 'session_booked', { userId: user.id, agencyId: user.agencyId });
      await inviteParties(trx, created, guests, user);
      return created;
    },
  );
}

async function sessionToChange(trx: Trx, user: AuthUser, id: string): Promise<Session> {
  const s = await sessions.lockById(trx, id);
  if (!s) throw NotFound('session', id);
  if (!canChangeBooking(user, s)) {
    if (s.participants.some((x) => x.userId === user.id))
      throw Forbidden('only the organiser, a host or the custody center may change this booking');
    throw NotFound('session', id);
  }
  return s;
}

/** Moves a scheduled session to a new slot (and optionally room), with a reason; audited. */
export async function rescheduleSession(db: Db, user: AuthUser, id: string, input: RescheduleInput, now = new Date()): Promise<Session> {
  let resources: repo.Resource[] = [];
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(startsAt.getTime() + input.minutes * 60_000);
  return withOverlapMapping(
    db,
    () => resources,
    () => [startsAt, endsAt],
    id,
    async (trx) => {
      const s = await sessionToChange(trx, user, id);
      if (s.state !== 'scheduled') throw InvalidState(`session ${id}`, s.state, 'only a scheduled session can be moved');
      const room = input.custodyRoomId
        ? await findRoom(trx, input.custodyRoomId)
        : s.custodyRoomId
          ? await findRoom(trx, s.custodyRoomId)
          : null;
      if (room && s.custodyCenterId && room.custodyCenterId !== s.custodyCenterId)
        throw InvalidRequest('custodyRoomId: the detainee is held at another custody center');
      await checkSlot(trx, room, startsAt, endsAt, now);
      resources = [
        ...(room ? [{ kind: 'room' as const, id: room.id }] : []),
        ...(s.personId ? [{ kind: 'person' as const, id: s.personId }] : []),
        ...s.participants.filter((x) => x.userId).map((x) => ({ kind: 'user' as const, id: x.userId as string })),
      ];
      await repo.lockResources(trx, resources);
      const claims = await repo.findClaims(trx, resources, startsAt, endsAt, id);
      if (claims.length) throw BookingConflictError(toConflicts(claims));
      await repo.deleteBookings(trx, id);
      await repo.insertBookings(trx, id, resources, startsAt, endsAt);
      await sessions.update(trx, id, { startsAt, endsAt, custodyRoomId: room?.id ?? null });
      const data = {
        reason: input.reason,
        from: { startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), roomId: s.custodyRoomId },
        to: { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), roomId: room?.id ?? null },
      };
      await insertEvent(trx, {
        sessionId: id,
        kind: 'rescheduled',
        actorUserId: user.id,
        actorParticipantId: null,
        subjectParticipantId: null,
        data,
      });
      await audit.record(trx, {
        actorUserId: user.id,
        agencyId: user.agencyId,
        action: 'session.reschedule',
        objectType: 'session',
        objectId: id,
        outcome: 'success',
        detail: data,
      });
      const moved = (await sessions.findById(trx, id)) as Session;
      await queueSessionNotices(trx, moved, 'session_rescheduled', { userId: user.id, agencyId: user.agencyId }, input.reason);
      return moved;
    },
  );
}

/** Cancels a session that has not gone live, with a reason; frees its room, detainee and people. */
export async function cancelSession(db: Db, user: AuthUser, id: string, reason: string): Promise<Session> {
  return db.transaction(async (trx) => {
    const s = await sessionToChange(trx, user, id);
    if (s.state !== 'scheduled' && s.state !== 'lobby')
      throw InvalidState(`session ${id}`, s.state, 'only a session that has not gone live can be cancelled');
    await sessions.update(trx, id, { state: 'cancelled', cancelReason: reason });
    await repo.deleteBookings(trx, id);
    await insertEvent(trx, {
      sessionId: id,
      kind: 'cancelled',
      actorUserId: user.id,
      actorParticipantId: null,
      subjectParticipantId: null,
      data: { reason },
    });
    await audit.record(trx, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'session.cancel',
      objectType: 'session',
      objectId: id,
      outcome: 'success',
      detail: { reason, from: s.state },
    });
    const cancelled = (await sessions.findById(trx, id)) as Session;
    await queueSessionNotices(trx, cancelled, 'session_cancelled', { userId: user.id, agencyId: user.agencyId }, reason);
    return cancelled;
  });
}
