import type { Db, Trx } from '../db/db';
import type { Participant, Session, SessionRole, SessionState, SessionType } from './sessions.types';

type Q = Db | Trx;
type SessionRow = {
  id: string;
  case_id: string;
  case_number: string;
  case_title: string;
  type: SessionType;
  title: string;
  state: SessionState;
  starts_at: Date;
  ends_at: Date;
  created_by: string;
  custody_room_id: string | null;
  room_name: string | null;
  custody_center_id: string | null;
  person_id: string | null;
  locked: boolean;
  cancel_reason: string | null;
  live_at: Date | null;
  ended_at: Date | null;
  end_reason: string | null;
};
type ParticipantRow = {
  id: string;
  session_id: string;
  user_id: string | null;
  session_role: SessionRole;
  display_name: string;
  admitted_at: Date | null;
  identity_confirmed_at: Date | null;
};

const toParticipant = (r: ParticipantRow): Participant => ({
  id: r.id,
  sessionId: r.session_id,
  userId: r.user_id,
  sessionRole: r.session_role,
  displayName: r.display_name,
  admittedAt: r.admitted_at,
  identityConfirmedAt: r.identity_confirmed_at,
});

async function withParticipants(q: Q, rows: SessionRow[]): Promise<Session[]> {
  if (rows.length === 0) return [];
  const parts = (await q('session_participants')
    .whereIn(
      'session_id',
      rows.map((r) => r.id),
    )
    .whereNull('removed_at')
    .orderBy('created_at')) as ParticipantRow[];
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    caseTitle: r.case_title,
    type: r.type,
    title: r.title,
    state: r.state,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    createdBy: r.created_by,
    custodyRoomId: r.custody_room_id,
    roomName: r.room_name,
    custodyCenterId: r.custody_center_id,
    personId: r.person_id,
    locked: r.locked,
    cancelReason: r.cancel_reason,
    liveAt: r.live_at,
    endedAt: r.ended_at,
    endReason: r.end_reason,
    participants: parts.filter((p) => p.session_id === r.id).map(toParticipant),
  }));
}

const base = (q: Q) =>
  q('sessions as s')
    .join('cases as c', 'c.id', 's.case_id')
    .leftJoin('custody_rooms as r', 'r.id', 's.custody_room_id')
    .select('s.*', 'c.case_number', 'c.title as case_title', 'r.name as room_name', 'r.custody_center_id');

export async function findById(q: Q, id: string): Promise<Session | null> {
  const rows = (await base(q).where('s.id', id)) as SessionRow[];
  return (await withParticipants(q, rows))[0] ?? null;
}

/** Locks the session row for the rest of the transaction (serialises state changes). */
export async function lockById(trx: Trx, id: string): Promise<Session | null> {
  await trx('sessions').where({ id }).forUpdate().first('id');
  return findById(trx, id);
}

/** Sessions where the user is a participant, soonest first. */
export async function listForUser(q: Q, userId: string): Promise<Session[]> {
  const rows = (await base(q)
    .whereIn('s.id', q('session_participants').select('session_id').where({ user_id: userId }).whereNull('removed_at'))
    .orderBy('s.starts_at')) as SessionRow[];
  return withParticipants(q, rows);
}

/** Every session of a case, oldest first. */
export async function listForCase(q: Q, caseId: string): Promise<Session[]> {
  const rows = (await base(q).where('s.case_id', caseId).orderBy('s.starts_at')) as SessionRow[];
  return withParticipants(q, rows);
}

/** Open sessions booked in one custody room overlapping [from, to) (what a room's kiosk device may open). */
export async function listOpenInRoom(q: Q, roomId: string, from: Date, to: Date): Promise<Session[]> {
  const rows = (await base(q)
    .where('s.custody_room_id', roomId)
    .whereIn('s.state', ['scheduled', 'lobby', 'live', 'interrupted'])
    .where('s.starts_at', '<', to)
    .where('s.ends_at', '>', from)
    .orderBy('s.starts_at')) as SessionRow[];
  return withParticipants(q, rows);
}

/** The custody room a kiosk device account is bound to (null if it is not a device, or was revoked). */
export async function deviceRoomOf(q: Q, userId: string): Promise<string | null> {
  const row = (await q('kiosk_devices').where({ user_id: userId }).whereNull('revoked_at').first('room_id')) as
    | { room_id: string }
    | undefined;
  return row?.room_id ?? null;
}

/** Sessions in a custody center's rooms overlapping [from, to). */
export async function listInCenter(q: Q, centerId: string, from: Date, to: Date): Promise<Session[]> {
  const rows = (await base(q)
    .where('r.custody_center_id', centerId)
    .where('s.starts_at', '<', to)
    .where('s.ends_at', '>', from)
    .orderBy('s.starts_at')) as SessionRow[];
  return withParticipants(q, rows);
}

export async function insert(
  trx: Trx,
  s: {
    caseId: string;
    type: SessionType;
    title: string;
    startsAt: Date;
    endsAt: Date;
    createdBy: string;
    custodyRoomId: string | null;
    personId: string | null;
  },
): Promise<string> {
  const [row] = await trx('sessions')
    .insert({
      case_id: s.caseId,
      type: s.type,
      title: s.title,
      starts_at: s.startsAt,
      ends_at: s.endsAt,
      created_by: s.createdBy,
      custody_room_id: s.custodyRoomId,
      person_id: s.personId,
    })
    .returning('id');
  return (row as { id: string }).id;
}

export async function insertParticipants(
  trx: Trx,
  sessionId: string,
  parts: { userId: string | null; sessionRole: SessionRole; displayName: string }[],
): Promise<void> {
  if (parts.length === 0) return;
  await trx('session_participants').insert(
    parts.map((p) => ({
      session_id: sessionId,
      user_id: p.userId,
      session_role: p.sessionRole,
      display_name: p.displayName,
    })),
  );
}

export async function removeParticipant(trx: Trx, participantId: string, at: Date): Promise<void> {
  await trx('session_participants').where({ id: participantId }).update({ removed_at: at });
}

export async function setAdmitted(trx: Trx, participantId: string, at: Date | null): Promise<void> {
  await trx('session_participants').where({ id: participantId }).update({ admitted_at: at });
}

export async function setIdentityConfirmed(trx: Trx, participantId: string, at: Date): Promise<void> {
  await trx('session_participants').where({ id: participantId }).update({ identity_confirmed_at: at });
}

export type SessionPatch = Partial<{
  state: SessionState;
  locked: boolean;
  cancelReason: string;
  liveAt: Date;
  endedAt: Date;
  endReason: string;
  startsAt: Date;
  endsAt: Date;
  custodyRoomId: string | null;
}>;

export async function update(trx: Trx, id: string, p: SessionPatch): Promise<void> {
  const row: Record<string, unknown> = { updated_at: trx.fn.now() };
  const cols: Record<keyof SessionPatch, string> = {
    state: 'state',
    locked: 'locked',
    cancelReason: 'cancel_reason',
    liveAt: 'live_at',
    endedAt: 'ended_at',
    endReason: 'end_reason',
    startsAt: 'starts_at',
    endsAt: 'ends_at',
    custodyRoomId: 'custody_room_id',
  };
  for (const [k, v] of Object.entries(p)) if (v !== undefined) row[cols[k as keyof SessionPatch]] = v;
  await trx('sessions').where({ id }).update(row);
}
