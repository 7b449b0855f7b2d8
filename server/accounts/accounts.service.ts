// Administration of agencies and accounts: create, change role or name, disable and enable,
// reset a password, unlock after failed logins; and the first administrator of an empty
// installation. Every change is audited in its own transaction; ended logins are returned so the
// caller can announce them (their connections are cut).
import * as audit from '../audit';
import { type AuthUser, hashPassword, revokeAllLogins, type Revocation } from '../auth';
import type { Db, Trx } from '../db/db';
import { Forbidden, InvalidRequest, InvalidState, NotFound, PasswordWeak, UsernameTaken } from '../errors';
import { type AgencyKind, ROLE_AGENCY_KINDS, type UserRole } from '../vocabulary';
import { DEMO_PASSWORD } from '../seed';
import * as repo from './accounts.repo';
import { parseInput } from '../http/validate';
import { AgencyCreateInput, UserCreateInput, type UserUpdateInput } from './accounts.schema';
import type { AccountView, AgencyView } from './accounts.types';

type Admin = Pick<AuthUser, 'id' | 'agencyId' | 'role'>;

/** Only administrators administer. */
export function requireAdmin(user: Pick<AuthUser, 'role'>): void {
  if (user.role !== 'admin') throw Forbidden('only administrators manage agencies and accounts');
}

function checkRoleFits(role: UserRole, kind: AgencyKind): void {
  if (!ROLE_AGENCY_KINDS[role].includes(kind)) {
    throw InvalidRequest(`a ${role} belongs to ${ROLE_AGENCY_KINDS[role].join(' or ')}, not to a ${kind}`, { field: 'role' });
  }
}

// NOTE: the demo seed's password is published in the README; no account may be given it.
function checkPassword(password: string, username: string): void {
  if (password === DEMO_PASSWORD) throw PasswordWeak('this password is published (the demo password)');
  if (password.toLowerCase().includes(username.toLowerCase())) throw PasswordWeak('the password contains the username');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) throw PasswordWeak('use at least three of: lower-case, upper-case, digits, symbols');
}

export const listAgencies = (db: Db): Promise<AgencyView[]> => repo.listAgencies(db);
export const listAccounts = (db: Db): Promise<AccountView[]> => repo.listAccounts(db);

/** Inserts an agency with its audit entry in the caller's transaction. */
async function insertAgencyAudited(
  trx: Trx,
  actorUserId: string | null,
  input: AgencyCreateInput,
  detail: Record<string, unknown> = {},
): Promise<string> {
  if (await repo.findAgencyByCode(trx, input.code)) throw InvalidRequest(`agency code ${input.code} is already taken`, { field: 'code' });
  const id = await repo.insertAgency(trx, input);
  await audit.record(trx, {
    actorUserId,
    agencyId: id,
    action: 'agency.create',
    objectType: 'agency',
    objectId: id,
    outcome: 'success',
    detail: { code: input.code, kind: input.kind, ...detail },
  });
  return id;
}

export async function createAgency(db: Db, admin: Admin, input: AgencyCreateInput): Promise<AgencyView> {
  const id = await db.transaction((trx) => insertAgencyAudited(trx, admin.id, input));
  return { id, code: input.code, name: input.name, kind: input.kind, users: 0 };
}

export async function createAccount(db: Db, admin: Admin | null, input: UserCreateInput): Promise<AccountView> {
  checkPassword(input.password, input.username);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (trx) => {
    const agency = await repo.findAgency(trx, input.agencyId);
    if (!agency) throw NotFound('agency', input.agencyId);
    checkRoleFits(input.role, agency.kind);
    if (await repo.usernameExists(trx, input.username)) throw UsernameTaken(input.username);
    const id = await repo.insertUser(trx, { ...input, passwordHash });
    await audit.record(trx, {
      actorUserId: admin?.id ?? null,
      agencyId: input.agencyId,
      action: 'user.create',
      objectType: 'user',
      objectId: id,
      outcome: 'success',
      detail: { role: input.role, username: input.username, ...(admin ? {} : { via: 'cli' }) },
    });
    return (await repo.findAccount(trx, id)) as AccountView;
  });
}

/** Changes name, role or the disabled flag; disabling ends every login of the account. */
export async function updateAccount(
  db: Db,
  admin: Admin,
  id: string,
  change: UserUpdateInput,
): Promise<{ account: AccountView; revoked: Revocation | null }> {
  return db.transaction(async (trx) => {
    const before = await repo.findAccount(trx, id);
    if (!before) throw NotFound('user', id);
    if (id === admin.id && (change.disabled || (change.role && change.role !== 'admin'))) {
      throw InvalidState('your own account', 'the administrator in use', 'another administrator must disable or demote it');
    }
    if (change.role) {
      const agency = await repo.findAgency(trx, before.agencyId);
      checkRoleFits(change.role, agency?.kind as AgencyKind);
    }
    const disabling = change.disabled === true && !before.disabled;
    await repo.updateUser(trx, id, {
      ...(change.displayName !== undefined ? { displayName: change.displayName } : {}),
      ...(change.role !== undefined ? { role: change.role } : {}),
      ...(change.mobile !== undefined ? { mobile: change.mobile } : {}),
      ...(change.disabled !== undefined && change.disabled !== before.disabled ? { disabledAt: change.disabled ? new Date() : null } : {}),
    });
    const ended = disabling || (change.role && change.role !== before.role) ? await revokeAllLogins(trx, id) : 0;
    await audit.record(trx, {
      actorUserId: admin.id,
      agencyId: before.agencyId,
      action: disabling ? 'user.disable' : change.disabled === false && before.disabled ? 'user.enable' : 'user.update',
      objectType: 'user',
      objectId: id,
      outcome: 'success',
      // NOTE: a mobile number is personal data: the audit trail says only that it changed.
      detail: {
        change: { ...change, ...(change.mobile !== undefined ? { mobile: change.mobile ? 'changed' : 'removed' } : {}) },
        before: { displayName: before.displayName, role: before.role, disabled: before.disabled },
        loginsEnded: ended,
      },
    });
    const account = (await repo.findAccount(trx, id)) as AccountView;
    return { account, revoked: ended ? { userId: id, reason: disabling ? 'disabled' : 'password_reset' } : null };
  });
}

/** Sets a new password and ends every login of the account (and lifts a lock). */
export async function resetPassword(db: Db, admin: Admin, id: string, password: string): Promise<{ revoked: Revocation }> {
  const account = await repo.findAccount(db, id);
  if (!account) throw NotFound('user', id);
  checkPassword(password, account.username);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (trx) => {
    await repo.updateUser(trx, id, { passwordHash, unlock: true });
    const ended = await revokeAllLogins(trx, id);
    await audit.record(trx, {
      actorUserId: admin.id,
      agencyId: account.agencyId,
      action: 'user.password_reset',
      objectType: 'user',
      objectId: id,
      outcome: 'success',
      detail: { loginsEnded: ended },
    });
  });
  return { revoked: { userId: id, reason: 'password_reset' } };
}

export async function unlockAccount(db: Db, admin: Admin, id: string): Promise<AccountView> {
  return db.transaction(async (trx) => {
    const before = await repo.findAccount(trx, id);
    if (!before) throw NotFound('user', id);
    await repo.updateUser(trx, id, { unlock: true });
    await audit.record(trx, {
      actorUserId: admin.id,
      agencyId: before.agencyId,
      action: 'user.unlock',
      objectType: 'user',
      objectId: id,
      outcome: 'success',
      detail: { failedLogins: before.failedLogins, lockedAt: before.lockedAt },
    });
    return (await repo.findAccount(trx, id)) as AccountView;
  });
}

export type FirstAdminInput = {
  agency: { code: string; name: string; kind: AgencyKind };
  username: string;
  displayName: string;
  password: string;
};

/**
 * The first administrator of an installation (`hearing admin create`), with the agency they sit
 * in (created if its code is new). Refused once an active administrator exists: from then on
 * administrators are made in the administration page.
 */
export async function createFirstAdmin(db: Db, raw: FirstAdminInput): Promise<AccountView> {
  // NOTE: the CLI's answers pass the same checks as the administration page's requests.
  const agency = parseInput(AgencyCreateInput, raw.agency);
  const user = parseInput(UserCreateInput.omit({ agencyId: true }), {
    username: raw.username,
    displayName: raw.displayName,
    password: raw.password,
    role: 'admin',
  });
  if ((await repo.countActiveAdmins(db)) > 0) {
    throw InvalidState('this installation', 'already administered', 'an administrator creates further administrators in 系统管理');
  }
  const agencyId =
    (await repo.findAgencyByCode(db, agency.code))?.id ??
    (await db.transaction((trx) => insertAgencyAudited(trx, null, agency, { via: 'cli' })));
  return createAccount(db, null, { ...user, agencyId });
}
