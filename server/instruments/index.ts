/** Signed instruments of a session (认罪认罚具结书, judgment, 调解协议书): socket routes, their finalisation when the session has ended. */
export { instrumentRoutes as instrumentSocketRoutes, attachInstruments } from './instruments.socket';
/** Routes under /api/sessions/:id/instrument. */
export { instrumentHttpRoutes } from './instruments.routes';
/** Used by the case file (re-exported so other domains need not reach into this folder's files). */
export * as instrumentsRepo from './instruments.repo';
