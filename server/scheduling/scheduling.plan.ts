// A booking request checked against access, the law for its session type and the room's windows and
// outages, turned into a plan: the slot, the people taking part and every resource it claims.
import type { AuthUser } from '../auth';
import { type Case, findRepresentation, getCaseFor, inCustody, personForBooking, type CasePerson } from '../cases';
import type { Db, Trx } from '../db/db';
import { Forbidden, InvalidRequest, NotFound, PolicyUnmet, SlotUnavailable, type BookingConflict, type Unmet } from '../errors';
import { findRoom, fitsWindows, listOutages, type CustodyRoom } from '../rooms';
import { bookingUnmet, canOrganise, mayHoldRole, policyOf } from '../sessions';
import type { SessionRole, SessionType } from '../sessions';
import { checkParties } from '../invitations';
import * as repo from './scheduling.repo';
import type { BookInput } from './scheduling.schema';

type Q = Db | Trx;

type Part = { userId: string | null; sessionRole: SessionRole; displayName: string };

export type Plan = {
  caseId: string;
  type: SessionType;
  title: string;
  room: CustodyRoom | null;
  person: CasePerson | null;
  startsAt: Date;
  endsAt: Date;
  parts: Part[];
  resources: repo.Resource[];
  /** The special reason a case off the fast-track procedure is tried online (null: none was needed). */
  override: string | null;
};

/** Bookings may start up to this long ago (a session booked "now" while the form was open). */
const PAST_GRACE_MS = 10 * 60_000;

const KIND_OF: Record<repo.ResourceKind, BookingConflict['kind']> = { room: 'room', person: 'detainee', user: 'participant' };

export const toConflicts = (claims: repo.Claim[]): BookingConflict[] =>
  claims.map((c) => ({
    kind: KIND_OF[c.kind],
    sessionId: c.sessionId,
    resourceId: c.resourceId,
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
  }));

export async function checkSlot(q: Q, room: CustodyRoom | null, startsAt: Date, endsAt: Date, now: Date): Promise<void> {
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

/**
 * Whether a case may be tried online (在线诉讼规则; DOMAIN.md "Online criminal hearings"): never
 * one marked excluded; a fast-track case, or another with a special reason the organiser states
 * (returned, to be audited). Other session types need nothing.
 */
function trialEligibility(type: SessionType, kase: Case, reason: string | undefined): string | null {
  if (type !== 'fast_track_trial') return null;
  if (kase.onlineExclusion) throw PolicyUnmet([{ code: 'online_trial_excluded', role: kase.onlineExclusion }]);
  if (kase.fastTrack) return null;
  if (!reason) throw PolicyUnmet([{ code: 'not_fast_track' }]);
  return reason;
}

/** Validates a booking request against access, the law for its type and the room; no writes. */
export async function plan(q: Q, user: AuthUser, input: BookInput, now: Date): Promise<Plan> {
  if (!canOrganise(user, input.type)) throw Forbidden(`role ${user.role} cannot book a ${input.type}`);
  checkParties(input.type, input.parties ?? []);
  const policy = policyOf(input.type);
  const listed = [...input.participants];
  let caseId: string;
  let person: CasePerson | null = null;
  let override: string | null = null;
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
    const kase = await getCaseFor(q, user, input.caseId);
    caseId = kase.id;
    override = trialEligibility(input.type, kase, input.eligibilityOverride);
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
  const ownAgencyUnmet: Unmet[] = [];
  for (const x of listed) {
    const u = users.get(x.userId);
    if (!u) throw InvalidRequest(`participants: user ${x.userId} does not exist or is disabled`);
    if (!mayHoldRole(u.role as never, x.sessionRole))
      throw InvalidRequest(`participants: a ${u.role} cannot take part as ${x.sessionRole}`);
    if (x.sessionRole === 'custody_officer' && u.agencyId !== room?.custodyCenterId) {
      throw InvalidRequest('participants: the custody officer must belong to the custody center of the room');
    }
    // NOTE: e.g. a 提讯 is held by two of the procuratorate's own officials, never a court clerk or a police officer.
    if (policy.ownAgency.includes(x.sessionRole) && u.agencyId !== user.agencyId)
      ownAgencyUnmet.push({ code: 'official_of_other_agency', role: x.sessionRole });
    parts.push({ userId: u.id, sessionRole: x.sessionRole, displayName: u.displayName });
  }
  if (person) parts.push({ userId: null, sessionRole: 'detainee', displayName: person.name });
  const unmet = bookingUnmet(
    input.type,
    parts.map((x) => x.sessionRole),
  );
  if (unmet.length || ownAgencyUnmet.length) throw PolicyUnmet([...ownAgencyUnmet, ...unmet]);

  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(startsAt.getTime() + input.minutes * 60_000);
  await checkSlot(q, room, startsAt, endsAt, now);
  const resources: repo.Resource[] = [
    ...(room ? [{ kind: 'room' as const, id: room.id }] : []),
    ...(person ? [{ kind: 'person' as const, id: person.id }] : []),
    ...parts.filter((x) => x.userId).map((x) => ({ kind: 'user' as const, id: x.userId as string })),
  ];
  return { caseId, type: input.type, title: input.title, room, person, startsAt, endsAt, parts, resources, override };
}
