import type { Db, Trx } from '../db/db';
import { DEVICE_ROLE, GUEST_ROLE } from '../vocabulary';
import type { AgencyKind, AuthUser, UserRole } from './auth.types';

type Q = Db | Trx;
type UserRow = {
  id: string;
  username: string;
  display_name: string;
  role: UserRole;
  agency_id: string;
  agency_name: string;
  agency_kind: AgencyKind;
  password_hash: string;
  disabled_at: Date | null;
  failed_logins: number;
  locked_at: Date | null;
};

export type UserWithSecret = Omit<AuthUser, 'authSessionId'> & {
  passwordHash: string;
  disabled: boolean;
  failedLogins: number;
  lockedAt: Date | null;
};

const userColumns = [
  'u.id',
  'u.username',
  'u.display_name',
  'u.role',
  'u.agency_id',
  'u.password_hash',
  'u.disabled_at',
  'u.failed_logins',
  'u.locked_at',
  'a.name as agency_name',
  'a.kind as agency_kind',
];

const toUser = (r: UserRow): UserWithSecret => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  agencyId: r.agency_id,
  agencyName: r.agency_name,
  agencyKind: r.agency_kind,
  passwordHash: r.password_hash,
  disabled: r.disabled_at !== null,
  failedLogins: r.failed_logins,
  lockedAt: r.locked_at,
});

export async function findUserByUsername(q: Q, username: string): Promise<UserWithSecret | null> {
  const row = await q('users as u').join('agencies as a', 'a.id', 'u.agency_id').select(userColumns).where('u.username', username).first();
  return row ? toUser(row as UserRow) : null;
}

export async function findUserById(q: Q, id: string): Promise<UserWithSecret | null> {
  const row = await q('users as u').join('agencies as a', 'a.id', 'u.agency_id').select(userColumns).where('u.id', id).first();
  return row ? toUser(row as UserRow) : null;
}

/** Counts one more wrong password; the `max`-th in a row locks the account. */
export async function countLoginFailure(trx: Trx, id: string, max: number): Promise<{ failedLogins: number; lockedAt: Date | null }> {
  const [row] = (await trx('users')
    .where({ id })
    .update({
      failed_logins: trx.raw('failed_logins + 1'),
      locked_at: trx.raw('CASE WHEN failed_logins + 1 >= ? THEN now() ELSE locked_at END', [max]),
    })
    .returning(['failed_logins', 'locked_at'])) as { failed_logins: number; locked_at: Date | null }[];
  return { failedLogins: row?.failed_logins ?? 0, lockedAt: row?.locked_at ?? null };
}

/** A successful login (or an expired lock) starts the count again. */
export async function clearLoginFailures(q: Q, id: string): Promise<void> {
  await q('users').where({ id }).update({ failed_logins: 0, locked_at: null });
}

/** Keeps the logins of connections that are in a session alive (socket activity counts as use). */
export async function touchAuthSessions(q: Q, ids: string[], at: Date): Promise<void> {
  if (ids.length) await q('auth_sessions').whereIn('id', ids).whereNull('revoked_at').update({ last_seen_at: at });
}

export async function insertAuthSession(trx: Trx, s: { userId: string; tokenHash: string; expiresAt: Date }): Promise<string> {
  const [row] = await trx('auth_sessions').insert({ user_id: s.userId, token_hash: s.tokenHash, expires_at: s.expiresAt }).returning('id');
  return (row as { id: string }).id;
}

export type AuthSessionRecord = { id: string; userId: string; lastSeenAt: Date; expiresAt: Date; revokedAt: Date | null };

export async function findAuthSessionByTokenHash(q: Q, tokenHash: string): Promise<AuthSessionRecord | null> {
  const row = await q('auth_sessions').where({ token_hash: tokenHash }).first();
  if (!row) return null;
  return { id: row.id, userId: row.user_id, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at, revokedAt: row.revoked_at };
}

export async function touchAuthSession(q: Q, id: string, at: Date): Promise<void> {
  await q('auth_sessions').where({ id }).update({ last_seen_at: at });
}

/** Ends every open login of a user (disabled, password reset); returns their ids. */
export async function revokeUserAuthSessions(trx: Trx, userId: string, at: Date): Promise<string[]> {
  const rows = (await trx('auth_sessions')
    .where({ user_id: userId })
    .whereNull('revoked_at')
    .update({ revoked_at: at })
    .returning('id')) as {
    id: string;
  }[];
  return rows.map((r) => r.id);
}

export async function revokeAuthSession(trx: Trx, id: string, at: Date): Promise<void> {
  await trx('auth_sessions').where({ id }).whereNull('revoked_at').update({ revoked_at: at });
}

export type DirectoryEntry = { id: string; displayName: string; role: UserRole; agencyId: string; agencyName: string };

/** Active users by id, with their agency (for participant lists and the booking directory). */
export async function findDirectoryEntries(q: Q, ids?: string[]): Promise<DirectoryEntry[]> {
  let query = q('users as u')
    .join('agencies as a', 'a.id', 'u.agency_id')
    .whereNull('u.disabled_at')
    .whereNotIn('u.role', [DEVICE_ROLE, GUEST_ROLE])
    .select('u.id', 'u.display_name', 'u.role', 'u.agency_id', 'a.name as agency_name')
    .orderBy('u.display_name');
  if (ids) query = query.whereIn('u.id', ids);
  const rows = (await query) as { id: string; display_name: string; role: UserRole; agency_id: string; agency_name: string }[];
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role, agencyId: r.agency_id, agencyName: r.agency_name }));
}

/** Every agency on this instance (for sharing a case with another agency). */
export async function listAgencyDirectory(q: Q): Promise<{ id: string; name: string; kind: AgencyKind }[]> {
  return (await q('agencies').select('id', 'name', 'kind').orderBy(['kind', 'name'])) as { id: string; name: string; kind: AgencyKind }[];
}
