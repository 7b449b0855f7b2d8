import type { AuthUser } from '../auth';
import type { Participant, Session } from './sessions.types';

const ORGANISERS = new Set(['investigator', 'prosecutor', 'judge', 'clerk']);

/** Officials who organise sessions (the custody center and lawyers book through them in this version). */
export const canCreateSession = (user: AuthUser): boolean => ORGANISERS.has(user.role);

/** The user's own participant entry, if listed and not removed. */
export const participantOf = (user: AuthUser, s: Session): Participant | undefined =>
  s.participants.find((p) => p.userId === user.id);

/** A custody officer listed on the session operates the detainee's kiosk endpoint. */
export const canOperateKiosk = (user: AuthUser, s: Session): boolean =>
  user.role === 'custody_officer' && participantOf(user, s)?.sessionRole === 'custody_officer'
  && s.participants.some((p) => p.sessionRole === 'detainee');

/** Only people listed on a session may see it. */
export const canViewSession = (user: AuthUser, s: Session): boolean => participantOf(user, s) !== undefined;
