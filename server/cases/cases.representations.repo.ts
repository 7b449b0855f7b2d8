// SQL for lawyers' representations: the papers (律师三证) a custody center registered for a detainee.
import type { Db, Trx } from '../db/db';
import type { CasePerson, Representation } from './cases.types';
import { type PersonRow, toPerson } from './cases.rows';

type Q = Db | Trx;

type RepRow = {
  id: string;
  person_id: string;
  lawyer_user_id: string;
  lawyer_kind: Representation['lawyerKind'];
  papers_presented_at: Date;
};

const toRep = (r: RepRow): Representation => ({
  id: r.id,
  personId: r.person_id,
  lawyerUserId: r.lawyer_user_id,
  lawyerKind: r.lawyer_kind,
  papersPresentedAt: r.papers_presented_at,
});

export async function insertRepresentation(trx: Trx, r: Omit<Representation, 'id'> & { recordedBy: string }): Promise<Representation> {
  const [row] = await trx('representations')
    .insert({
      person_id: r.personId,
      lawyer_user_id: r.lawyerUserId,
      lawyer_kind: r.lawyerKind,
      papers_presented_at: r.papersPresentedAt,
      recorded_by: r.recordedBy,
    })
    .returning('*');
  return toRep(row as RepRow);
}

export async function findRepresentation(q: Q, personId: string, lawyerUserId: string): Promise<Representation | null> {
  const row = (await q('representations').where({ person_id: personId, lawyer_user_id: lawyerUserId }).first()) as RepRow | undefined;
  return row ? toRep(row) : null;
}

export async function listRepresentationsForCase(q: Q, caseId: string): Promise<Representation[]> {
  return (
    (await q('representations as r').join('case_persons as p', 'p.id', 'r.person_id').where('p.case_id', caseId).select('r.*')) as RepRow[]
  ).map(toRep);
}

/** A lawyer's clients: representation, person and case number. */
export async function listRepresentationsForLawyer(
  q: Q,
  lawyerUserId: string,
): Promise<(Representation & { person: CasePerson; caseNumber: string })[]> {
  const rows = (await q('representations as r')
    .join('case_persons as p', 'p.id', 'r.person_id')
    .join('cases as c', 'c.id', 'p.case_id')
    .where('r.lawyer_user_id', lawyerUserId)
    .select(
      'r.*',
      'p.case_id',
      'p.name',
      'p.person_role',
      'p.id_number_last4',
      'p.custody_status',
      'p.custody_center_id',
      'p.admitted_at',
      'c.case_number',
    )
    .orderBy('r.papers_presented_at')) as (RepRow & PersonRow & { case_number: string })[];
  return rows.map((r) => ({ ...toRep(r), caseNumber: r.case_number, person: toPerson({ ...r, id: r.person_id }) }));
}

export async function isActiveLawyer(q: Q, userId: string): Promise<boolean> {
  return (await q('users').where({ id: userId, role: 'lawyer' }).whereNull('disabled_at').first('id')) !== undefined;
}
