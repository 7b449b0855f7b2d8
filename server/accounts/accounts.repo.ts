import type { Db, Trx } from '../db/db';
import { type AgencyKind, DEVICE_ROLE, GUEST_ROLE, type UserRole } from '../vocabulary';
import type { AccountView, AgencyView } from './accounts.types';

type Q = Db | Trx;
type AgencyRow = { id: string; code: string; name: string; kind: AgencyKind; users: string };
type AccountRow = {
  id: string;
  username: string;
  display_name: string;
  role: UserRole;
  agency_id: string;
  agency_name: string;
  disabled_at: Date | null;
  failed_logins: number;
  locked_at: Date | null;
  created_at: Date;
  mobile: string | null;
};

const toAccount = (r: AccountRow): AccountView => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  agencyId: r.agency_id,
  agencyName: r.agency_name,
  disabled: r.disabled_at !== null,
  failedLogins: r.failed_logins,
  lockedAt: r.locked_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
  mobile: r.mobile,
});

export async function listAgencies(q: Q): Promise<AgencyView[]> {
  const rows = (await q('agencies as a')
    .leftJoin('users as u', 'u.agency_id', 'a.id')
    .groupBy('a.id')
    .orderBy(['a.kind', 'a.code'])
    .select('a.id', 'a.code', 'a.name', 'a.kind', q.raw('count(u.id) as users'))) as AgencyRow[];
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, kind: r.kind, users: Number(r.users) }));
}

export async function findAgency(q: Q, id: string): Promise<{ id: string; kind: AgencyKind; name: string } | null> {
  return (
    ((await q('agencies').where({ id }).first('id', 'kind', 'name')) as { id: string; kind: AgencyKind; name: string } | undefined) ?? null
  );
}

export async function findAgencyByCode(q: Q, code: string): Promise<{ id: string; kind: AgencyKind } | null> {
  return ((await q('agencies').where({ code }).first('id', 'kind')) as { id: string; kind: AgencyKind } | undefined) ?? null;
}

export async function insertAgency(trx: Trx, a: { code: string; name: string; kind: AgencyKind }): Promise<string> {
  const [row] = await trx('agencies').insert(a).returning('id');
  return (row as { id: string }).id;
}

// NOTE: kiosk device accounts are kept on the custody console (enroll, re-pair, revoke), never edited here.
const accountQuery = (q: Q) =>
  q('users as u')
    .join('agencies as a', 'a.id', 'u.agency_id')
    .whereNotIn('u.role', [DEVICE_ROLE, GUEST_ROLE])
    .select(
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.agency_id',
      'a.name as agency_name',
      'u.disabled_at',
      'u.failed_logins',
      'u.locked_at',
      'u.created_at',
      'u.mobile',
    );

export async function listAccounts(q: Q): Promise<AccountView[]> {
  return ((await accountQuery(q).orderBy(['a.name', 'u.username'])) as AccountRow[]).map(toAccount);
}

export async function findAccount(q: Q, id: string): Promise<AccountView | null> {
  const row = (await accountQuery(q).where('u.id', id).first()) as AccountRow | undefined;
  return row ? toAccount(row) : null;
}

export async function usernameExists(q: Q, username: string): Promise<boolean> {
  return Boolean(await q('users').where({ username }).first('id'));
}

export async function countActiveAdmins(q: Q): Promise<number> {
  const row = (await q('users').where({ role: 'admin' }).whereNull('disabled_at').count<{ n: string }[]>('id as n').first()) as
    | { n: string }
    | undefined;
  return Number(row?.n ?? 0);
}

export async function insertUser(
  trx: Trx,
  u: { agencyId: string; username: string; displayName: string; role: UserRole; passwordHash: string; mobile?: string | undefined },
): Promise<string> {
  const [row] = await trx('users')
    .insert({
      agency_id: u.agencyId,
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      password_hash: u.passwordHash,
      mobile: u.mobile ?? null,
    })
    .returning('id');
  return (row as { id: string }).id;
}

export async function updateUser(
  trx: Trx,
  id: string,
  change: { displayName?: string; role?: UserRole; disabledAt?: Date | null; passwordHash?: string; unlock?: true; mobile?: string | null },
): Promise<void> {
  await trx('users')
    .where({ id })
    .update({
      ...(change.displayName !== undefined ? { display_name: change.displayName } : {}),
      ...(change.role !== undefined ? { role: change.role } : {}),
      ...(change.mobile !== undefined ? { mobile: change.mobile } : {}),
      ...(change.disabledAt !== undefined ? { disabled_at: change.disabledAt } : {}),
      ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
      ...(change.unlock ? { failed_logins: 0, locked_at: null } : {}),
      updated_at: trx.fn.now(),
    });
}
