import type { Db, Trx } from '../db/db';
import type { Participant, Session, SessionRole, SessionState, SessionType } from './sessions.types';

type Q = Db | Trx;
type SessionRow = { id: string; case_id: string; case_number: string; case_title: string; type: SessionType;
  title: string; state: SessionState; starts_at: Date; ends_at: Date; created_by: string };
type ParticipantRow = { id: string; session_id: string; user_id: string | null; session_role: SessionRole; display_name: string };

const toParticipant = (r: ParticipantRow): Participant => ({
  id: r.id, sessionId: r.session_id, userId: r.user_id, sessionRole: r.session_role, displayName: r.display_name,
});

async function withParticipants(q: Q, rows: SessionRow[]): Promise<Session[]> {
  if (rows.length === 0) return [];
  const parts = (await q('session_participants').whereIn('session_id', rows.map((r) => r.id))
    .whereNull('removed_at').orderBy('created_at')) as ParticipantRow[];
  return rows.map((r) => ({
    id: r.id, caseId: r.case_id, caseNumber: r.case_number, caseTitle: r.case_title, type: r.type, title: r.title,
    state: r.state, startsAt: r.starts_at, endsAt: r.ends_at, createdBy: r.created_by,
    participants: parts.filter((p) => p.session_id === r.id).map(toParticipant),
  }));
}

const base = (q: Q) => q('sessions as s').join('cases as c', 'c.id', 's.case_id')
  .select('s.*', 'c.case_number', 'c.title as case_title');

export async function findById(q: Q, id: string): Promise<Session | null> {
  const rows = (await base(q).where('s.id', id)) as SessionRow[];
  return (await withParticipants(q, rows))[0] ?? null;
}

/** Sessions where the user is a participant, soonest first. */
export async function listForUser(q: Q, userId: string): Promise<Session[]> {
  const rows = (await base(q).whereIn('s.id', q('session_participants').select('session_id')
    .where({ user_id: userId }).whereNull('removed_at')).orderBy('s.starts_at')) as SessionRow[];
  return withParticipants(q, rows);
}

export async function insert(trx: Trx, s: { caseId: string; type: SessionType; title: string; startsAt: Date; endsAt: Date; createdBy: string }): Promise<string> {
  const [row] = await trx('sessions').insert({
    case_id: s.caseId, type: s.type, title: s.title, starts_at: s.startsAt, ends_at: s.endsAt, created_by: s.createdBy,
  }).returning('id');
  return (row as { id: string }).id;
}

export async function insertParticipants(trx: Trx, sessionId: string,
  parts: { userId: string | null; sessionRole: SessionRole; displayName: string }[]): Promise<void> {
  if (parts.length === 0) return;
  await trx('session_participants').insert(parts.map((p) => ({
    session_id: sessionId, user_id: p.userId, session_role: p.sessionRole, display_name: p.displayName,
  })));
}

export async function removeParticipant(trx: Trx, participantId: string, at: Date): Promise<void> {
  await trx('session_participants').where({ id: participantId }).update({ removed_at: at });
}
