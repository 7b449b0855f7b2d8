import type { Db, Trx } from '../db/db';

export async function findAgencyIdByCode(trx: Trx, code: string): Promise<string | null> {
  const row = await trx('agencies').where({ code }).first('id');
  return row ? (row.id as string) : null;
}

export async function insertAgency(trx: Trx, a: { code: string; name: string; kind: string }): Promise<string> {
  const [row] = await trx('agencies').insert(a).returning('id');
  return (row as { id: string }).id;
}

export async function findUserIdByUsername(trx: Trx, username: string): Promise<string | null> {
  const row = await trx('users').where({ username }).first('id');
  return row ? (row.id as string) : null;
}

export async function insertUser(
  trx: Trx,
  u: { agencyId: string; username: string; displayName: string; role: string; passwordHash: string },
): Promise<string> {
  const [row] = await trx('users')
    .insert({
      agency_id: u.agencyId,
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      password_hash: u.passwordHash,
    })
    .returning('id');
  return (row as { id: string }).id;
}

export async function findCaseId(trx: Trx, agencyId: string, caseNumber: string): Promise<string | null> {
  const row = await trx('cases').where({ agency_id: agencyId, case_number: caseNumber }).first('id');
  return row ? (row.id as string) : null;
}

export async function findPersonIds(q: Db | Trx, caseId: string): Promise<Record<string, string>> {
  const rows = (await q('case_persons').where({ case_id: caseId }).select('id', 'name')) as { id: string; name: string }[];
  return Object.fromEntries(rows.map((r) => [r.name, r.id]));
}
