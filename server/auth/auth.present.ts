import type { AuthUser, UserView } from './auth.types';

/** The user as the client sees it (no session ids). */
export const presentUser = (u: AuthUser): UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  agencyId: u.agencyId,
  agencyName: u.agencyName,
  agencyKind: u.agencyKind,
});
