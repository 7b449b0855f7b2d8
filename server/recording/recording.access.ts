// Who may see and play a session's recordings: the officials and lawyers listed on the session.
// The custody center runs the room but does not review the evidence; nobody else sees it.
import type { AuthUser } from '../auth';
import type { Db } from '../db/db';
import { Forbidden, NotFound } from '../errors';
import { participantOf } from '../sessions';
import { findById as findSession } from '../sessions';
import type { Session } from '../sessions';
import * as repo from './recording.repo';
import type { Recording } from './recording.types';
import { LAWYER_ROLES, OFFICIAL_ROLES, type SessionRole } from '../vocabulary';

const REVIEWERS: readonly SessionRole[] = [...OFFICIAL_ROLES, ...LAWYER_ROLES];

function canReviewRecordings(user: AuthUser, s: Session): boolean {
  const me = participantOf(user, s);
  return me !== undefined && REVIEWERS.includes(me.sessionRole);
}

/** The session, if the user may review its recordings (otherwise not found or forbidden). */
export async function sessionForReview(db: Db, user: AuthUser, sessionId: string): Promise<Session> {
  const s = await findSession(db, sessionId);
  if (!s || !participantOf(user, s)) throw NotFound('session', sessionId);
  if (!canReviewRecordings(user, s)) throw Forbidden('only the officials and lawyers of this session review its recordings');
  return s;
}

/** A recording part, if the user may review it. */
export async function recordingForReview(db: Db, user: AuthUser, recordingId: string): Promise<Recording> {
  const rec = await repo.findRecording(db, recordingId);
  const s = rec && (await findSession(db, rec.sessionId));
  if (!rec || !s || !participantOf(user, s)) throw NotFound('recording', recordingId);
  if (!canReviewRecordings(user, s)) throw Forbidden('only the officials and lawyers of this session review its recordings');
  return rec;
}
