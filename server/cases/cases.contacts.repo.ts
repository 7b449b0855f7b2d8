// SQL for a case's contacts: its complainant and victim, told of its progress by SMS.
import type { Db, Trx } from '../db/db';
import type { ContactRole } from '../vocabulary';

type Q = Db | Trx;

export type CaseContact = { id: string; caseId: string; name: string; contactRole: ContactRole; mobile: string };

type Row = { id: string; case_id: string; name: string; contact_role: ContactRole; mobile: string };
const toContact = (r: Row): CaseContact => ({ id: r.id, caseId: r.case_id, name: r.name, contactRole: r.contact_role, mobile: r.mobile });

export async function insertContact(trx: Trx, c: Omit<CaseContact, 'id'> & { recordedBy: string }): Promise<CaseContact> {
  const [row] = (await trx('case_contacts')
    .insert({ case_id: c.caseId, name: c.name, contact_role: c.contactRole, mobile: c.mobile, recorded_by: c.recordedBy })
    .returning('*')) as Row[];
  return toContact(row as Row);
}

export async function listContacts(q: Q, caseId: string): Promise<CaseContact[]> {
  return ((await q('case_contacts').where({ case_id: caseId }).orderBy('created_at')) as Row[]).map(toContact);
}
