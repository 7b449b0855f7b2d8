import type { AgencyKind, UserRole } from '../vocabulary';
export type { AgencyKind, UserRole } from '../vocabulary';

/** The authenticated user attached to a request or socket. */
export type AuthUser = {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  agencyId: string;
  agencyName: string;
  agencyKind: AgencyKind;
  authSessionId: string;
};

export type UserView = Omit<AuthUser, 'authSessionId'>;
