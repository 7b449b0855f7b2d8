/** Session listing, lookup and join resolution. */
export { listMySessions, getSession, resolveJoin, sessionRecord } from './sessions.service';
/** Routes under /api/sessions (reading; booking is in server/scheduling). */
export { sessionsRoutes } from './sessions.routes';
/** Socket signaling for live sessions (the only user of media/). */
export { Signaling } from './sessions.socket';
/** The session's wire shape. */
export { presentSession } from './sessions.present';
/** The law per session type. */
export { POLICIES, policyOf, recordingPolicyFor, PHASES, type Phase, type RecordingPolicy } from './sessions.policy';
export type { Session, SessionView, SessionType, SessionState, Participant } from './sessions.types';
export { SESSION_TYPES, SESSION_STATES } from './sessions.types';
