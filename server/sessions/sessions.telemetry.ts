// Connection telemetry per participant, so a network drop can be told apart from walking out:
// joins, reconnects (a join after a disconnect), leaves with their reason, lobby moves and every
// ICE/DTLS state change of their transports.
// Durable: while the database is away the events are journaled and stored, with the time they
// happened, when it returns.
import type { Db } from '../db/db';
import { journalKind } from '../db/journal';
import { logger } from '../logger';
import { insertConnectionEvent, lastConnectionEvent } from './sessions.events.repo';

type TelemetryWrite = { sessionId: string; participantId: string; kind: string; detail: Record<string, unknown> };
const connectionEvent = journalKind<TelemetryWrite>('session.telemetry', (trx, e, meta) =>
  insertConnectionEvent(trx, { ...e, at: meta.occurredAt }),
);

export async function telemetry(
  db: Db,
  sessionId: string,
  participantId: string,
  kind: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await connectionEvent
    .write(db, { sessionId, participantId, kind, detail })
    .catch((err: unknown) => logger.error({ err, sessionId, kind }, 'could not store connection telemetry'));
}

/** Stores a join, or a reconnect when the participant's last departure was a dropped connection. */
export async function telemetryJoin(db: Db, sessionId: string, participantId: string, detail: Record<string, unknown>): Promise<void> {
  const last = await lastConnectionEvent(db, participantId, ['join', 'reconnect', 'leave']).catch(() => null);
  const dropped = last?.kind === 'leave' && ['disconnected', 'replaced', 'media_reset'].includes(String(last.detail.reason));
  const replacing = last !== null && last.kind !== 'leave';
  if (dropped || replacing) {
    await telemetry(db, sessionId, participantId, 'reconnect', { ...detail, gapMs: Date.now() - (last as { at: Date }).at.getTime() });
  } else {
    await telemetry(db, sessionId, participantId, 'join', detail);
  }
}
