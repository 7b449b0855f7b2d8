// The session record (session_events) and connection telemetry (connection_events).
import type { Db, Trx } from '../db/db';

type Q = Db | Trx;

export type SessionEvent = {
  id: string;
  sessionId: string;
  at: Date;
  kind: string;
  actorUserId: string | null;
  actorParticipantId: string | null;
  subjectParticipantId: string | null;
  data: Record<string, unknown>;
};
type EventRow = {
  id: string;
  session_id: string;
  at: Date;
  kind: string;
  actor_user_id: string | null;
  actor_participant_id: string | null;
  subject_participant_id: string | null;
  data: Record<string, unknown>;
};
const toEvent = (r: EventRow): SessionEvent => ({
  id: String(r.id),
  sessionId: r.session_id,
  at: r.at,
  kind: r.kind,
  actorUserId: r.actor_user_id,
  actorParticipantId: r.actor_participant_id,
  subjectParticipantId: r.subject_participant_id,
  data: r.data,
});

export async function insertEvent(trx: Trx, e: Omit<SessionEvent, 'id' | 'at'> & { at?: Date }): Promise<SessionEvent> {
  const [row] = await trx('session_events')
    .insert({
      session_id: e.sessionId,
      kind: e.kind,
      actor_user_id: e.actorUserId,
      actor_participant_id: e.actorParticipantId,
      subject_participant_id: e.subjectParticipantId,
      data: JSON.stringify(e.data),
      ...(e.at ? { at: e.at } : {}),
    })
    .returning('*');
  return toEvent(row as EventRow);
}

export async function listEvents(q: Q, sessionId: string, kinds?: string[]): Promise<SessionEvent[]> {
  const qb = q('session_events').where({ session_id: sessionId });
  if (kinds) qb.whereIn('kind', kinds);
  return ((await qb.orderBy('id')) as EventRow[]).map(toEvent);
}

export type ConnectionEvent = {
  id: string;
  sessionId: string;
  participantId: string;
  at: Date;
  kind: string;
  detail: Record<string, unknown>;
};
type ConnRow = { id: string; session_id: string; participant_id: string; at: Date; kind: string; detail: Record<string, unknown> };
const toConn = (r: ConnRow): ConnectionEvent => ({
  id: String(r.id),
  sessionId: r.session_id,
  participantId: r.participant_id,
  at: r.at,
  kind: r.kind,
  detail: r.detail,
});

export async function insertConnectionEvent(
  q: Q,
  e: { sessionId: string; participantId: string; kind: string; detail: Record<string, unknown>; at: Date },
): Promise<void> {
  await q('connection_events').insert({
    session_id: e.sessionId,
    participant_id: e.participantId,
    kind: e.kind,
    detail: JSON.stringify(e.detail),
    at: e.at,
  });
}

export async function lastConnectionEvent(q: Q, participantId: string, kinds: string[]): Promise<ConnectionEvent | null> {
  const row = (await q('connection_events')
    .where({ participant_id: participantId })
    .whereIn('kind', kinds)
    .orderBy('id', 'desc')
    .first()) as ConnRow | undefined;
  return row ? toConn(row) : null;
}

export async function listConnectionEvents(q: Q, sessionId: string): Promise<ConnectionEvent[]> {
  return ((await q('connection_events').where({ session_id: sessionId }).orderBy('id')) as ConnRow[]).map(toConn);
}
