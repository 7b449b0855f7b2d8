/** Session listing, lookup, creation and join resolution. */
export { listMySessions, getSession, createSession, resolveJoin } from './sessions.service';
/** Routes under /api/sessions. */
export { sessionsRoutes } from './sessions.routes';
/** Socket signaling for live sessions (the only user of media/). */
export { Signaling } from './sessions.socket';
/** The session's wire shape. */
export { presentSession } from './sessions.present';
export type { Session, SessionView, SessionType, SessionState, Participant } from './sessions.types';
export { SESSION_TYPES, SESSION_STATES } from './sessions.types';
