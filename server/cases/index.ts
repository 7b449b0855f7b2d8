/** Case lookup with agency scoping, listing and creation. */
export { getCaseFor, listCasesFor, createCase } from './cases.service';
/** Routes under /api/cases. */
export { casesRoutes } from './cases.routes';
export type { Case, CaseView } from './cases.types';
