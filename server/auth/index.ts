/** Login, logout and token checks. */
export { authenticate, findUserForSystem, type AuthOptions } from './auth.service';
/** Express middleware that requires a login, and the token reader shared with the socket handshake. */
export { requireUser, tokenFrom, currentUser } from './auth.middleware';
/** Routes under /api/auth. */
export { authRoutes } from './auth.routes';
/** Argon2id password hashing. */
export { hashPassword } from './passwords';
/** The user's wire shape. */
export type { AuthUser, UserView, UserRole, AgencyKind } from './auth.types';
/** Active users with their agency, for participant pickers. */
export { findDirectoryEntries, type DirectoryEntry } from './auth.repo';
