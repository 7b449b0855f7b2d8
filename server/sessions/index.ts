/** Session listing, lookup and join resolution. */
export { listMySessions } from './sessions.service';
/** Routes under /api/sessions (reading; booking is in server/scheduling). */
export { sessionsRoutes } from './sessions.routes';
/** The live-session hub over socket.io, and what a route sees of a connection. */
export { Signaling } from './signaling';
export { actorOf, type Conn, type SessionRoutes, type Io } from './signaling.conn';
/** The socket routes of sessions itself: joining and the lobby, media signaling, the procedure. */
export { lobbyRoutes } from './lobby.socket';
export { mediaRoutes } from './media.socket';
export { procedureRoutes } from './procedure.socket';
/** The input schemas of the session requests (other domains' routes reuse the common ones). */
export * as SignalingSchemas from './signaling.schema';
/** A session's life as other domains see it: preconditions of going live, ending steps, ended. */
export { SessionLifecycle } from './sessions.lifecycle';
/** Writing an act into the session's record (other domains' acts, e.g. a host stating a recording gap's cause). */
export { change as recordSessionAct, requireHost, type Actor } from './sessions.record';
/** The session's wire shape. */
export { presentSession } from './sessions.present';
/** The law per session type. */
export { policyOf, isHostRole, recordingPolicyFor } from './sessions.policy';
export type { Session, SessionView, SessionType, Participant } from './sessions.types';
/** A session with its participants (no access check: callers check rights). */
export { findById as findSessionById } from './sessions.repo';
/** Appends to the session's record (session_events) in the caller's transaction. */
export { insertEvent as appendSessionEvent } from './sessions.events.repo';
/** Used by other domains (re-exported so they need not reach into this folder's files). */
export { participantOf, bookingUnmet, canChangeBooking, canOrganise, mayHoldRole, canViewSession } from './sessions.policy';
export type { SessionRole } from './sessions.types';
export * as sessionsRepo from './sessions.repo';
export { insertEvent, listEvents } from './sessions.events.repo';
export { SessionIdParam } from './sessions.schema';
export { findById } from './sessions.repo';
export { interruptBySystem } from './sessions.record';
