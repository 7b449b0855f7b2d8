import type { Db } from '../db/db';
import * as audit from '../audit';
import { Unauthenticated } from '../errors';
import * as repo from './auth.repo';
import { decoyHash, verifyPassword } from './passwords';
import { hashToken, newToken } from './tokens';
import type { AuthUser } from './auth.types';

export type AuthOptions = { sessionHours: number; idleMinutes: number };

/** Checks a password and opens a login session; audits success and failure. */
export async function login(
  db: Db,
  opts: AuthOptions,
  username: string,
  password: string,
): Promise<{ token: string; user: AuthUser; expiresAt: Date }> {
  const user = await repo.findUserByUsername(db, username);
  // NOTE: an unknown user costs the same hashing time as a known one (no username probing by timing).
  const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyPassword(await decoyHash(), password).then(() => false);
  if (!user || !ok || user.disabled) {
    await audit.recordAlone(db, {
      actorUserId: user?.id ?? null,
      agencyId: user?.agencyId ?? null,
      action: 'auth.login',
      objectType: 'user',
      objectId: user?.id ?? null,
      outcome: 'failure',
      detail: { reason: user?.disabled ? 'disabled' : 'bad_credentials' },
    });
    throw Unauthenticated('wrong username or password');
  }
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(Date.now() + opts.sessionHours * 3_600_000);
  const authSessionId = await db.transaction(async (trx) => {
    const id = await repo.insertAuthSession(trx, { userId: user.id, tokenHash, expiresAt });
    await audit.record(trx, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'auth.login',
      objectType: 'user',
      objectId: user.id,
      outcome: 'success',
    });
    return id;
  });
  const { passwordHash: _p, disabled: _d, ...rest } = user;
  return { token, user: { ...rest, authSessionId }, expiresAt };
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
  const { passwordHash: _p, disabled: _d, ...rest } = user;
  return { ...rest, authSessionId: s.id };
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

/** A user by id for start-up tasks that act without a login (seeding); never for requests. */
export async function findUserForSystem(db: Db, userId: string): Promise<Omit<AuthUser, 'authSessionId'>> {
  const user = await repo.findUserById(db, userId);
  if (!user) throw Unauthenticated(`user ${userId} does not exist`);
  const { passwordHash: _p, disabled: _d, ...rest } = user;
  return rest;
}
