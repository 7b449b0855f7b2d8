// Booking a session: a case, a custody room, a detainee and the people taking part, in a slot.
// Application checks give clear errors; the database's exclusion constraint is the final arbiter.
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import { deadlinesOf, findRepresentation, getCaseFor, inCustody, personForBooking, type CasePerson, type DeadlineView } from '../cases';
import type { Db, Trx } from '../db/db';
import { computeDeadline, warningLevel } from '../deadlines';
import {
  AppError,
  BookingConflictError,
  Forbidden,
  InvalidRequest,
  InvalidState,
  NotFound,
  PolicyUnmet,
  SlotUnavailable,
  toWire,
  type BookingConflict,
  type WireError,
} from '../errors';
import { findRoom, fitsWindows, listOutages, type CustodyRoom } from '../rooms';
import { bookingUnmet, canChangeBooking, canOrganise, mayHoldRole, policyOf } from '../sessions';
import { sessionsRepo as sessions } from '../sessions';
import { insertEvent } from '../sessions';
import type { Session, SessionRole, SessionType } from '../sessions';
import * as repo from './scheduling.repo';
import type { BookInput, RescheduleInput } from './scheduling.schema';

type Q = Db | Trx;
type Part = { userId: string | null; sessionRole: SessionRole; displayName: string };
type Plan = {
  caseId: string;
  type: SessionType;
  title: string;
  room: CustodyRoom | null;
  person: CasePerson | null;
  startsAt: Date;
  endsAt: Date;
  parts: Part[];
  resources: repo.Resource[];
};

/** Bookings may start up to this long ago (a session booked "now" while the form was open). */
const PAST_GRACE_MS = 10 * 60_000;

const KIND_OF: Record<repo.ResourceKind, BookingConflict['kind']> = { room: 'room', person: 'detainee', user: 'participant' };
const toConflicts = (claims: repo.Claim[]): BookingConflict[] =>
  claims.map((c) => ({
    kind: KIND_OF[c.kind],
    sessionId: c.sessionId,
    resourceId: c.resourceId,
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
  }));

async function checkSlot(q: Q, room: CustodyRoom | null, startsAt: Date, endsAt: Date, now: Date): Promise<void> {
  if (startsAt.getTime() < now.getTime() - PAST_GRACE_MS) throw SlotUnavailable('in_past', 'the slot has already begun');
  if (!room) return;
  if (!fitsWindows(room.windows, startsAt, endsAt)) {
    throw SlotUnavailable(
      'outside_window',
      `room ${room.name} is bookable ${room.windows.map((w) => `${w.start}-${w.end}`).join(', ')} (China time)`,
    );
  }
  const out = await listOutages(q, [room.id], startsAt, endsAt);
  if (out[0]) throw SlotUnavailable('out_of_service', `room ${room.name} is out of service: ${out[0].reason}`);
}

/** Validates a booking request against access, the law for its type and the room; no writes. */
async function plan(q: Q, user: AuthUser, input: BookInput, now: Date): Promise<Plan> {
  if (!canOrganise(user, input.type)) throw Forbidden(`role ${user.role} cannot book a ${input.type}`);
  const policy = policyOf(input.type);
  const listed = [...input.participants];
  let caseId: string;
  let person: CasePerson | null = null;
  if (input.type === 'lawyer_meeting') {
    // NOTE: a lawyer books for their own client only: the custody center registered their papers.
    const p = input.personId ? await personForBooking(q, input.personId) : null;
    const rep = p ? await findRepresentation(q, p.id, user.id) : null;
    if (!p || !rep) throw NotFound('client', input.personId ?? '-');
    person = p;
    caseId = p.caseId;
    if (!listed.some((x) => x.userId === user.id)) listed.unshift({ userId: user.id, sessionRole: rep.lawyerKind });
  } else {
    if (!input.caseId) throw InvalidRequest('caseId: required');
    caseId = (await getCaseFor(q, user, input.caseId)).id;
    if (input.personId) {
      person = await personForBooking(q, input.personId);
      if (!person || person.caseId !== caseId) throw InvalidRequest('personId: not a person of this case');
    }
  }
  const room = input.custodyRoomId ? await findRoom(q, input.custodyRoomId) : null;
  if (policy.detainee === 'required') {
    if (!person) throw InvalidRequest('personId: this session type needs the detainee');
    if (!room) throw InvalidRequest('custodyRoomId: this session type needs a custody room');
    if (!inCustody(person) || person.custodyCenterId !== room.custodyCenterId) {
      throw InvalidRequest('personId: the person is not held at the custody center of this room');
    }
  } else if (person) throw InvalidRequest('personId: this session type has no detainee');

  const ids = listed.map((x) => x.userId);
  if (new Set(ids).size !== ids.length) throw InvalidRequest('participants: a user is listed twice');
  if (!ids.includes(user.id)) throw InvalidRequest('participants: the organiser must take part');
  const users = new Map((await repo.findActiveUsers(q, ids)).map((u) => [u.id, u]));
  const parts: Part[] = [];
  for (const x of listed) {
    const u = users.get(x.userId);
    if (!u) throw InvalidRequest(`participants: user ${x.userId} does not exist or is disabled`);
    if (!mayHoldRole(u.role as never, x.sessionRole))
      throw InvalidRequest(`participants: a ${u.role} cannot take part as ${x.sessionRole}`);
    if (x.sessionRole === 'custody_officer' && u.agencyId !== room?.custodyCenterId) {
      throw InvalidRequest('participants: the custody officer must belong to the custody center of the room');
    }
    parts.push({ userId: u.id, sessionRole: x.sessionRole, displayName: u.displayName });
  }
  if (person) parts.push({ userId: null, sessionRole: 'detainee', displayName: person.name });
  const unmet = bookingUnmet(
    input.type,
    parts.map((x) => x.sessionRole),
  );
  if (unmet.length) throw PolicyUnmet(unmet);

  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(startsAt.getTime() + input.minutes * 60_000);
  await checkSlot(q, room, startsAt, endsAt, now);
  const resources: repo.Resource[] = [
    ...(room ? [{ kind: 'room' as const, id: room.id }] : []),
    ...(person ? [{ kind: 'person' as const, id: person.id }] : []),
    ...parts.filter((x) => x.userId).map((x) => ({ kind: 'user' as const, id: x.userId as string })),
  ];
  return { caseId, type: input.type, title: input.title, room, person, startsAt, endsAt, parts, resources };
}

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
      const created = await sessions.findById(trx, id);
      if (!created) throw NotFound('session', id);
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
      return (await sessions.findById(trx, id)) as Session;
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
    return (await sessions.findById(trx, id)) as Session;
  });
}

export type BookingCheck = {
  ok: boolean;
  conflicts: BookingConflict[];
  problems: WireError[];
  warnings: { code: string; message: string }[];
  deadlines: DeadlineView[];
};

/** What the booking form shows as the user picks: conflicts, problems and the case's deadlines. */
export async function checkBooking(db: Db, user: AuthUser, input: BookInput, now = new Date()): Promise<BookingCheck> {
  const problems: WireError[] = [];
  const warnings: { code: string; message: string }[] = [];
  let conflicts: BookingConflict[] = [];
  let p: Plan | undefined;
  try {
    p = await plan(db, user, input, now);
    conflicts = toConflicts(await repo.findClaims(db, p.resources, p.startsAt, p.endsAt));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    problems.push(toWire(err));
  }
  let deadlines: DeadlineView[] = [];
  if (input.type === 'lawyer_meeting' && input.personId) {
    const rep = await findRepresentation(db, input.personId, user.id);
    if (rep) {
      const d = computeDeadline({ rule: 'D11', startedAt: rep.papersPresentedAt, inCustody: true });
      const late = new Date(input.startsAt) > d.dueAt;
      deadlines = [
        {
          rule: 'D11',
          what: d.what,
          law: d.law,
          personId: rep.personId,
          personName: p?.person?.name ?? null,
          startedAt: d.startedAt.toISOString(),
          dueAt: d.dueAt.toISOString(),
          dueDate: d.dueDate,
          inCustody: true,
          status: 'open',
          warning: late ? 'overdue' : warningLevel(d, now),
          extensions: 0,
        },
      ];
      if (late) warnings.push({ code: 'after_d11', message: `the meeting would be after the 48-hour deadline (${d.dueAt.toISOString()})` });
    }
  } else if (input.caseId) {
    deadlines = (await deadlinesOf(db, user, input.caseId, now).catch(() => [])).filter(
      (d) => d.status === 'open' && (!input.personId || d.personId === input.personId || d.personId === null),
    );
  }
  for (const d of deadlines) {
    if (d.warning !== 'ok') warnings.push({ code: `deadline_${d.warning}`, message: `${d.rule} ${d.what}: due ${d.dueAt}` });
    if (d.status === 'open' && d.calendarMissing) {
      warnings.push({
        code: 'deadline_calendar_unknown',
        message:
          `${d.rule} ${d.what}: due ${d.dueDate} assumes only weekends are off in ` +
          `${d.calendarMissing.join(', ')} (no holiday notice in the calendar)`,
      });
    }
  }
  return { ok: problems.length === 0 && conflicts.length === 0, conflicts, problems, warnings, deadlines };
}
