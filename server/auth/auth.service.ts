import type { Db, Trx } from '../db/db';
import * as audit from '../audit';
import { AccountLocked, Unauthenticated } from '../errors';
import { DEVICE_ROLE, GUEST_ROLE, MAX_FAILED_LOGINS } from '../vocabulary';
import * as repo from './auth.repo';
import type { UserWithSecret } from './auth.repo';
import { decoyHash, verifyPassword } from './passwords';
import { hashToken, newToken } from './tokens';
import type { AuthUser } from './auth.types';

export type AuthOptions = {
  sessionHours: number;
  idleMinutes: number;
  /** How long five wrong passwords in a row lock an account (an administrator can unlock sooner). */
  lockMinutes: number;
};

const isLocked = (u: UserWithSecret, opts: AuthOptions, now: Date): Date | null => {
  if (!u.lockedAt) return null;
  const until = new Date(u.lockedAt.getTime() + opts.lockMinutes * 60_000);
  return until > now ? until : null;
};

/**
 * Checks a username and password without opening a login (a login, or an officer vouching on a
 * kiosk). A locked account is refused unchecked; a wrong password counts towards the lock; a
 * device account never has a password. Failures are audited under `action`.
 */
export async function checkCredentials(
  db: Db,
  opts: AuthOptions,
  username: string,
  password: string,
  action = 'auth.login',
): Promise<Omit<AuthUser, 'authSessionId'>> {
  const found = await repo.findUserByUsername(db, username);
  const user = found?.role === DEVICE_ROLE || found?.role === GUEST_ROLE ? null : found;
  const lockedUntil = user ? isLocked(user, opts, new Date()) : null;
  if (user && lockedUntil) {
    // NOTE: a locked account's password is not even checked, so guessing on gains nothing.
    await audit.recordAlone(db, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action,
      objectType: 'user',
      objectId: user.id,
      outcome: 'denied',
      detail: { reason: 'locked', until: lockedUntil.toISOString() },
    });
    throw AccountLocked(lockedUntil);
  }
  // NOTE: an unknown user costs the same hashing time as a known one (no username probing by timing).
  const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyPassword(await decoyHash(), password).then(() => false);
  if (!user || !ok || user.disabled) {
    const locked = await db.transaction(async (trx) => {
      const count = user && !user.disabled ? await repo.countLoginFailure(trx, user.id, MAX_FAILED_LOGINS) : null;
      await audit.record(trx, {
        actorUserId: user?.id ?? null,
        agencyId: user?.agencyId ?? null,
        action,
        objectType: 'user',
        objectId: user?.id ?? null,
        outcome: 'failure',
        detail: { reason: user?.disabled ? 'disabled' : 'bad_credentials', ...(count ? { failedLogins: count.failedLogins } : {}) },
      });
      if (!user || !count || count.failedLogins !== MAX_FAILED_LOGINS) return false;
      await audit.record(trx, {
        actorUserId: null,
        agencyId: user.agencyId,
        action: 'user.lock',
        objectType: 'user',
        objectId: user.id,
        outcome: 'success',
        detail: { failedLogins: count.failedLogins, lockMinutes: opts.lockMinutes },
      });
      return true;
    });
    if (locked) throw AccountLocked(new Date(Date.now() + opts.lockMinutes * 60_000));
    throw Unauthenticated('wrong username or password');
  }
  if (user.failedLogins || user.lockedAt) await repo.clearLoginFailures(db, user.id);
  return publicPart(user);
}

/** Opens a login session for a user already proven (a password, or a device credential); audited as `action`. */
export async function openLogin(
  db: Db,
  opts: AuthOptions,
  user: Omit<AuthUser, 'authSessionId'>,
  action = 'auth.login',
  detail?: Record<string, unknown>,
): Promise<{ token: string; user: AuthUser; expiresAt: Date }> {
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(Date.now() + opts.sessionHours * 3_600_000);
  const authSessionId = await db.transaction(async (trx) => {
    const id = await repo.insertAuthSession(trx, { userId: user.id, tokenHash, expiresAt });
    await audit.record(trx, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action,
      objectType: 'user',
      objectId: user.id,
      outcome: 'success',
      ...(detail ? { detail } : {}),
    });
    return id;
  });
  const { id, username, displayName, role, agencyId, agencyName, agencyKind } = user;
  return { token, user: { id, username, displayName, role, agencyId, agencyName, agencyKind, authSessionId }, expiresAt };
}

/** Checks a password and opens a login session; audits success, failure and the lock. */
export async function login(
  db: Db,
  opts: AuthOptions,
  username: string,
  password: string,
): Promise<{ token: string; user: AuthUser; expiresAt: Date }> {
  return openLogin(db, opts, await checkCredentials(db, opts, username, password));
}

const publicPart = (u: UserWithSecret): Omit<AuthUser, 'authSessionId'> => {
  const { passwordHash: _p, disabled: _d, failedLogins: _f, lockedAt: _l, ...rest } = u;
  return rest;
};

/** Keeps the logins of connections joined in a session from timing out (socket activity is use). */
export async function keepAlive(db: Db, authSessionIds: string[]): Promise<void> {
  await repo.touchAuthSessions(db, [...new Set(authSessionIds)], new Date());
}

/** Resolves a bearer token to its user, enforcing expiry, revocation and the idle timeout. */
export async function authenticate(db: Db, opts: AuthOptions, token: string | undefined): Promise<AuthUser> {
  if (!token || token.length > 128) throw Unauthenticated();
  const s = await repo.findAuthSessionByTokenHash(db, hashToken(token));
  const now = new Date();
  if (!s || s.revokedAt) throw Unauthenticated('login session is not valid; log in again');
  if (s.expiresAt <= now) throw Unauthenticated('login session expired; log in again');
  if (now.getTime() - s.lastSeenAt.getTime() > opts.idleMinutes * 60_000) {
    throw Unauthenticated('login session timed out after inactivity; log in again');
  }
  const user = await repo.findUserById(db, s.userId);
  if (!user || user.disabled) throw Unauthenticated('account is disabled');
  // NOTE: refreshing last_seen_at at most once a minute keeps reads cheap.
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) await repo.touchAuthSession(db, s.id, now);
  return { ...publicPart(user), authSessionId: s.id };
}

/** Revokes the login session; audited. */
export async function logout(db: Db, user: AuthUser): Promise<void> {
  await db.transaction(async (trx) => {
    await repo.revokeAuthSession(trx, user.authSessionId, new Date());
    await audit.record(trx, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'auth.logout',
      objectType: 'user',
      objectId: user.id,
      outcome: 'success',
    });
  });
}

/** Ends every open login of a user inside the caller's transaction (disable, password reset). */
export async function revokeAllLogins(trx: Trx, userId: string): Promise<number> {
  return (await repo.revokeUserAuthSessions(trx, userId, new Date())).length;
}

/** A user by id for start-up tasks that act without a login (seeding); never for requests. */
export async function findUserForSystem(db: Db, userId: string): Promise<Omit<AuthUser, 'authSessionId'>> {
  const user = await repo.findUserById(db, userId);
  if (!user) throw Unauthenticated(`user ${userId} does not exist`);
  return publicPart(user);
}
