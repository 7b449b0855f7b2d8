/** Routes under /api/admin/agencies and /api/admin/users (administrators only). */
export { accountsRoutes } from './accounts.routes';
/** The first administrator of an empty installation (`hearing admin create`). */
export { createFirstAdmin, type FirstAdminInput } from './accounts.service';
/** What administrators see of agencies and accounts. */
export type { AccountView, AgencyView } from './accounts.types';
