import type { Db, Trx } from '../db/db';
import type { Case } from './cases.types';

type Q = Db | Trx;
type CaseRow = { id: string; agency_id: string; case_number: string; title: string; charge: string };
const toCase = (r: CaseRow): Case => ({ id: r.id, agencyId: r.agency_id, caseNumber: r.case_number, title: r.title, charge: r.charge });

export async function findById(q: Q, id: string): Promise<Case | null> {
  const row = (await q('cases').where({ id }).first()) as CaseRow | undefined;
  return row ? toCase(row) : null;
}

export async function listForAgency(q: Q, agencyId: string): Promise<Case[]> {
  return ((await q('cases').where({ agency_id: agencyId }).orderBy('case_number')) as CaseRow[]).map(toCase);
}

export async function insert(trx: Trx, c: Omit<Case, 'id'>): Promise<Case> {
  const [row] = await trx('cases').insert({ agency_id: c.agencyId, case_number: c.caseNumber, title: c.title, charge: c.charge }).returning('*');
  return toCase(row as CaseRow);
}
