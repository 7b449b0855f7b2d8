/** Case lookup with agency scoping, persons, key dates, extensions, deadlines. */
export {
  getCaseFor,
  listCasesFor,
  createCase,
  createCaseAs,
  addPerson,
  setKeyDate,
  addExtension,
  sendCase,
  caseView,
  deadlinesOf,
  dashboardDeadlines,
  receiveCase,
  registerRepresentation,
  personForBooking,
  findRepresentation,
} from './cases.service';
/** Routes under /api/cases, /api/dashboard, /api/custody/persons, /api/representations. */
export { casesRoutes } from './cases.routes';
export type { Case, CaseView, CasePerson, DeadlineView, Representation } from './cases.types';
export { inCustody } from './cases.types';
export type { ReceivedCaseInput } from './cases.service';
/** An agency's name (for document headers). */
export { agencyName } from './cases.repo';
/** Used by other domains (re-exported so they need not reach into this folder's files). */
export * as casesRepo from './cases.repo';
