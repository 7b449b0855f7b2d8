// Who may see and play a session's recordings: the officials, lawyers and mediators listed on the session,
// and the prosecutors, judges and clerks of an agency the case was sent to (a procuratorate
// reviewing the police's interrogations, a court the procuratorate's), each such review audited.
// The custody center runs the room but does not review the evidence; nobody else sees it.
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import { getCaseFor } from '../cases';
import type { Db } from '../db/db';
import { Forbidden, NotFound } from '../errors';
import { participantOf } from '../sessions';
import { findById as findSession } from '../sessions';
import type { Session } from '../sessions';
import * as repo from './recording.repo';
import type { Recording } from './recording.types';
import { LAWYER_ROLES, OFFICIAL_ROLES, type SessionRole } from '../vocabulary';

/** Session roles that review: the officials, the lawyers and the mediator (调解员) who hosted a mediation. */
const REVIEWERS: readonly SessionRole[] = [...OFFICIAL_ROLES, ...LAWYER_ROLES, 'mediator'];
const RECIPIENT_REVIEWERS: readonly string[] = ['prosecutor', 'judge', 'clerk'];

function canReviewRecordings(user: AuthUser, s: Session): boolean {
  const me = participantOf(user, s);
  return me !== undefined && REVIEWERS.includes(me.sessionRole);
}

/** Officials of an agency the case was sent to (never for a lawyer meeting, which has no recording anyway). */
async function isRecipientReviewer(db: Db, user: AuthUser, s: Session): Promise<boolean> {
  if (!RECIPIENT_REVIEWERS.includes(user.role) || s.type === 'lawyer_meeting') return false;
  const c = await getCaseFor(db, user, s.caseId).catch(() => null);
  return c?.access === 'sent';
}

async function reviewable(db: Db, user: AuthUser, s: Session | null | undefined, what: string, id: string): Promise<Session> {
  if (s && canReviewRecordings(user, s)) return s;
  if (s && !participantOf(user, s) && (await isRecipientReviewer(db, user, s))) {
    await audit.recordAlone(db, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'recording.review',
      objectType: 'session',
      objectId: s.id,
      outcome: 'success',
      detail: { as: 'case_recipient', caseId: s.caseId },
    });
    return s;
  }
  if (!s || !participantOf(user, s)) throw NotFound(what, id);
  throw Forbidden('only the officials and lawyers of this session review its recordings');
}

/** The session, if the user may review its recordings (otherwise not found or forbidden). */
export async function sessionForReview(db: Db, user: AuthUser, sessionId: string): Promise<Session> {
  return reviewable(db, user, await findSession(db, sessionId), 'session', sessionId);
}

/** A recording part, if the user may review it. */
export async function recordingForReview(db: Db, user: AuthUser, recordingId: string): Promise<Recording> {
  const rec = await repo.findRecording(db, recordingId);
  const s = rec ? await findSession(db, rec.sessionId) : null;
  if (!rec) throw NotFound('recording', recordingId);
  await reviewable(db, user, s, 'recording', recordingId);
  return rec;
}
