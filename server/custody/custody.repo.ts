// SQL for the custody console: who a center holds or expects, their custody movements, and
// the person row's custody fields that the movements change.
import type { Db, Trx } from '../db/db';
import type { CustodyMovement, CustodyStatus, PersonRole, ReleaseStatus } from '../vocabulary';
import type { Movement, MovementView } from './custody.types';

type Q = Db | Trx;

export type RosterRow = {
  personId: string;
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  name: string;
  personRole: PersonRole;
  idNumberLast4: string;
  custodyStatus: CustodyStatus;
  admittedAt: Date | null;
};

/** Persons in custody whose custody center is this one, taken in or not yet. */
export async function listRoster(q: Q, centerId: string): Promise<RosterRow[]> {
  const rows = (await q('case_persons as p')
    .join('cases as c', 'c.id', 'p.case_id')
    .where('p.custody_center_id', centerId)
    .whereIn('p.custody_status', ['detained', 'arrested'])
    .select(
      'p.id',
      'p.case_id',
      'p.name',
      'p.person_role',
      'p.id_number_last4',
      'p.custody_status',
      'p.admitted_at',
      'c.case_number',
      'c.title',
    )
    .orderBy([{ column: 'p.admitted_at', order: 'asc', nulls: 'first' }, 'p.name'])) as {
    id: string;
    case_id: string;
    name: string;
    person_role: PersonRole;
    id_number_last4: string;
    custody_status: CustodyStatus;
    admitted_at: Date | null;
    case_number: string;
    title: string;
  }[];
  return rows.map((r) => ({
    personId: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    caseTitle: r.title,
    name: r.name,
    personRole: r.person_role,
    idNumberLast4: r.id_number_last4,
    custodyStatus: r.custody_status,
    admittedAt: r.admitted_at,
  }));
}

export type CustodyFields = {
  id: string;
  caseId: string;
  custodyStatus: CustodyStatus;
  custodyCenterId: string | null;
  admittedAt: Date | null;
};

/** The person's custody fields, locked until the transaction ends (one movement at a time). */
export async function lockPerson(trx: Trx, id: string): Promise<CustodyFields | null> {
  const row = (await trx('case_persons')
    .where({ id })
    .forUpdate()
    .first('id', 'case_id', 'custody_status', 'custody_center_id', 'admitted_at')) as
    | { id: string; case_id: string; custody_status: CustodyStatus; custody_center_id: string | null; admitted_at: Date | null }
    | undefined;
  return row
    ? {
        id: row.id,
        caseId: row.case_id,
        custodyStatus: row.custody_status,
        custodyCenterId: row.custody_center_id,
        admittedAt: row.admitted_at,
      }
    : null;
}

export async function setCustody(
  trx: Trx,
  id: string,
  change: { admittedAt: Date | null; custodyCenterId?: string; custodyStatus?: ReleaseStatus },
): Promise<void> {
  await trx('case_persons')
    .where({ id })
    .update({
      admitted_at: change.admittedAt,
      ...(change.custodyCenterId ? { custody_center_id: change.custodyCenterId } : {}),
      ...(change.custodyStatus ? { custody_status: change.custodyStatus } : {}),
    });
}

export async function insertMovement(trx: Trx, m: Omit<Movement, 'id'>): Promise<string> {
  const [row] = (await trx('custody_movements')
    .insert({
      person_id: m.personId,
      kind: m.kind,
      at: m.at,
      from_center_id: m.fromCenterId,
      to_center_id: m.toCenterId,
      new_status: m.newStatus,
      document_ref: m.documentRef,
      note: m.note,
      recorded_by: m.recordedBy,
    })
    .returning('id')) as { id: string }[];
  return (row as { id: string }).id;
}

/** A person's movements, oldest first, with the centers' and recorder's names. */
export async function listMovements(q: Q, personId: string): Promise<MovementView[]> {
  const rows = (await q('custody_movements as m')
    .leftJoin('agencies as f', 'f.id', 'm.from_center_id')
    .leftJoin('agencies as t', 't.id', 'm.to_center_id')
    .join('users as u', 'u.id', 'm.recorded_by')
    .where('m.person_id', personId)
    .select('m.*', 'f.name as from_name', 't.name as to_name', 'u.display_name as recorder')
    .orderBy([{ column: 'm.at' }, { column: 'm.created_at' }])) as {
    id: string;
    person_id: string;
    kind: CustodyMovement;
    at: Date;
    from_center_id: string | null;
    to_center_id: string | null;
    new_status: ReleaseStatus | null;
    document_ref: string;
    note: string;
    recorded_by: string;
    from_name: string | null;
    to_name: string | null;
    recorder: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    kind: r.kind,
    at: r.at.toISOString(),
    fromCenterId: r.from_center_id,
    toCenterId: r.to_center_id,
    newStatus: r.new_status,
    documentRef: r.document_ref,
    note: r.note,
    recordedBy: r.recorded_by,
    fromCenterName: r.from_name,
    toCenterName: r.to_name,
    recordedByName: r.recorder,
  }));
}

/** Lawyers' display names by user id. */
export async function lawyerNames(q: Q, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = (await q('users').whereIn('id', ids).select('id', 'display_name')) as { id: string; display_name: string }[];
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
