/** Session listing, lookup and join resolution. */
export { listMySessions, getSession, resolveJoin, sessionRecord } from './sessions.service';
/** Routes under /api/sessions (reading; booking is in server/scheduling). */
export { sessionsRoutes } from './sessions.routes';
/** Socket signaling for live sessions (the only user of media/). */
export { Signaling, type SocketContext, type SocketExtension } from './sessions.socket';
/** The session's wire shape. */
export { presentSession } from './sessions.present';
/** The law per session type. */
export { POLICIES, policyOf, isHostRole, recordingPolicyFor, PHASES, type Phase, type RecordingPolicy } from './sessions.policy';
export type { Session, SessionView, SessionType, SessionState, Participant } from './sessions.types';
export { SESSION_TYPES, SESSION_STATES } from './sessions.types';
/** A session with its participants (no access check: callers check rights). */
export { findById as findSessionById } from './sessions.repo';
/** Appends to the session's record (session_events) in the caller's transaction. */
export { insertEvent as appendSessionEvent, type SessionEvent } from './sessions.events.repo';
