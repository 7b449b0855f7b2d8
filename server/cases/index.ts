/** Case lookup with agency scoping, persons, key dates, extensions, deadlines. */
export {
  getCaseFor,
  createCase,
  addPerson,
  setKeyDate,
  sendCase,
  personForBooking,
  findRepresentation,
} from './cases.service';
export { deadlinesOf, deadlinesForCase } from './cases.views';
export { receiveCase } from './cases.receive';
export { registerRepresentation } from './cases.lawyers';
/** Routes under /api/cases, /api/dashboard, /api/custody/persons, /api/representations. */
export { casesRoutes } from './cases.routes';
export type { Case, CaseView, CasePerson, DeadlineView } from './cases.types';
export { inCustody } from './cases.types';
/** An agency's name (for document headers). */
export { agencyName } from './cases.repo';
/** Used by other domains (re-exported so they need not reach into this folder's files). */
export * as casesRepo from './cases.repo';
