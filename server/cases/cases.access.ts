// Who may see and change a case: officials of the agency that holds it, and (to read, record key
// dates and book sessions) officials of agencies it was sent to. Everyone else gets not_found.
import type { AuthUser } from '../auth';
import { isOfficialRole } from '../vocabulary';
import type { Case } from './cases.types';

export type CaseAccess = 'holder' | 'sent' | null;

export function accessOf(user: AuthUser, c: Case, sentTo: readonly string[]): CaseAccess {
  if (!isOfficialRole(user.role)) return null;
  if (c.agencyId === user.agencyId) return 'holder';
  return sentTo.includes(user.agencyId) ? 'sent' : null;
}

/** Persons, stage and sending the case on: the holding agency only. */
export const canManageCase = (a: CaseAccess): boolean => a === 'holder';
/** Key dates, extensions and bookings: any agency with access. */
export const canWorkOnCase = (a: CaseAccess): boolean => a !== null;
export const canCreateCase = (user: AuthUser): boolean => isOfficialRole(user.role);
