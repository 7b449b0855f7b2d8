/** Login, logout and token checks. */
export {
  authenticate,
  checkCredentials,
  findUserForSystem,
  keepAlive,
  openLogin,
  revokeAllLogins,
  type AuthOptions,
} from './auth.service';
/** Express middleware that requires a login, and the token reader shared with the socket handshake. */
export { requireUser, requireDevice, requireParticipantLogin, tokenFrom, currentUser, setLoginCookie } from './auth.middleware';
/** Routes under /api/auth. */
export { authRoutes } from './auth.routes';
/** Argon2id password hashing. */
export { hashPassword } from './passwords';
/** Per-address throttle on failed logins. */
export { LoginThrottle } from './loginThrottle';
/** Logins ended early, announced so their connections are cut. */
export { Revocations, type Revocation } from './revocations';
/** The user's wire shape. */
export type { AuthUser, UserView, UserRole, AgencyKind } from './auth.types';
/** Active users with their agency, for participant pickers. */
export { findDirectoryEntries, listAgencyDirectory, type DirectoryEntry } from './auth.repo';
