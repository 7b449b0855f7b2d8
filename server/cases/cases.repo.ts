// SQL for cases, their persons, key dates, extensions and the sessions held about them. Lawyers'
// representations are in cases.representations.repo.ts, re-exported here.
import type { Db, Trx } from '../db/db';
import type { Case, CasePerson, Extension, KeyDate, KeyDateKind, PersonSession } from './cases.types';
import { type PersonRow, toPerson } from './cases.rows';

export * from './cases.representations.repo';

type Q = Db | Trx;
type CaseRow = {
  id: string;
  agency_id: string;
  case_number: string;
  title: string;
  charge: string;
  stage: Case['stage'];
  fast_track: boolean;
  sentence_over_one_year: boolean;
  online_exclusion: Case['onlineExclusion'];
};
const toCase = (r: CaseRow): Case => ({
  id: r.id,
  agencyId: r.agency_id,
  caseNumber: r.case_number,
  title: r.title,
  charge: r.charge,
  stage: r.stage,
  fastTrack: r.fast_track,
  sentenceOverOneYear: r.sentence_over_one_year,
  onlineExclusion: r.online_exclusion ?? null,
});
export async function findById(q: Q, id: string): Promise<Case | null> {
  const row = (await q('cases').where({ id }).first()) as CaseRow | undefined;
  return row ? toCase(row) : null;
}

/** Agencies other than the holder that were sent the case. */
export async function accessAgencies(q: Q, caseId: string): Promise<string[]> {
  return ((await q('case_access').where({ case_id: caseId }).select('agency_id')) as { agency_id: string }[]).map((r) => r.agency_id);
}

/** Cases an agency holds or was sent. */
export async function listVisibleTo(q: Q, agencyId: string): Promise<Case[]> {
  const rows = (await q('cases')
    .where({ agency_id: agencyId })
    .orWhereIn('id', q('case_access').select('case_id').where({ agency_id: agencyId }))
    .orderBy('case_number')) as CaseRow[];
  return rows.map(toCase);
}

export async function insert(trx: Trx, c: Omit<Case, 'id'>): Promise<Case> {
  const [row] = await trx('cases')
    .insert({
      agency_id: c.agencyId,
      case_number: c.caseNumber,
      title: c.title,
      charge: c.charge,
      stage: c.stage,
      fast_track: c.fastTrack,
      sentence_over_one_year: c.sentenceOverOneYear,
      online_exclusion: c.onlineExclusion,
    })
    .returning('*');
  return toCase(row as CaseRow);
}

/** A case received from another agency, by where it came from. */
export async function findByOrigin(q: Q, agencyId: string, originAgencyCode: string, originCaseId: string): Promise<Case | null> {
  const row = (await q('cases')
    .where({ agency_id: agencyId, origin_agency_code: originAgencyCode, origin_case_id: originCaseId })
    .first()) as CaseRow | undefined;
  return row ? toCase(row) : null;
}

export async function setOrigin(trx: Trx, id: string, originAgencyCode: string, originCaseId: string): Promise<void> {
  await trx('cases').where({ id }).update({ origin_agency_code: originAgencyCode, origin_case_id: originCaseId });
}

export async function update(
  trx: Trx,
  id: string,
  patch: Partial<Pick<Case, 'stage' | 'fastTrack' | 'sentenceOverOneYear' | 'onlineExclusion'>>,
): Promise<void> {
  const row: Record<string, unknown> = { updated_at: trx.fn.now() };
  if (patch.stage !== undefined) row.stage = patch.stage;
  if (patch.fastTrack !== undefined) row.fast_track = patch.fastTrack;
  if (patch.sentenceOverOneYear !== undefined) row.sentence_over_one_year = patch.sentenceOverOneYear;
  if (patch.onlineExclusion !== undefined) row.online_exclusion = patch.onlineExclusion;
  await trx('cases').where({ id }).update(row);
}

export async function grantAccess(trx: Trx, caseId: string, agencyId: string, grantedBy: string): Promise<boolean> {
  const rows = await trx('case_access')
    .insert({ case_id: caseId, agency_id: agencyId, granted_by: grantedBy })
    .onConflict(['case_id', 'agency_id'])
    .ignore()
    .returning('case_id');
  return rows.length > 0;
}

export async function agencyName(q: Q, id: string): Promise<string | null> {
  const row = (await q('agencies').where({ id }).first('name')) as { name: string } | undefined;
  return row?.name ?? null;
}

export async function agencyKind(q: Q, id: string): Promise<string | null> {
  const row = (await q('agencies').where({ id }).first('kind')) as { kind: string } | undefined;
  return row?.kind ?? null;
}

export async function insertPerson(trx: Trx, p: Omit<CasePerson, 'id' | 'admittedAt'> & { idNumberEnc: string }): Promise<CasePerson> {
  const [row] = await trx('case_persons')
    .insert({
      case_id: p.caseId,
      name: p.name,
      person_role: p.personRole,
      id_number_enc: p.idNumberEnc,
      id_number_last4: p.idNumberLast4,
      custody_status: p.custodyStatus,
      custody_center_id: p.custodyCenterId,
    })
    .returning('*');
  return toPerson(row as PersonRow);
}

export async function listPersons(q: Q, caseId: string): Promise<CasePerson[]> {
  return ((await q('case_persons').where({ case_id: caseId }).orderBy('created_at')) as PersonRow[]).map(toPerson);
}

export async function findPerson(q: Q, id: string): Promise<CasePerson | null> {
  const row = (await q('case_persons').where({ id }).first()) as PersonRow | undefined;
  return row ? toPerson(row) : null;
}

/** Persons held in a custody center, with their case number. */
export async function listPersonsInCustodyAt(q: Q, centerId: string): Promise<(CasePerson & { caseNumber: string })[]> {
  const rows = (await q('case_persons as p')
    .join('cases as c', 'c.id', 'p.case_id')
    .where('p.custody_center_id', centerId)
    .whereIn('p.custody_status', ['detained', 'arrested'])
    .select('p.*', 'c.case_number')
    .orderBy('p.name')) as (PersonRow & { case_number: string })[];
  return rows.map((r) => ({ ...toPerson(r), caseNumber: r.case_number }));
}

export async function updatePersonCustody(
  trx: Trx,
  id: string,
  status: CasePerson['custodyStatus'],
  centerId: string | null,
): Promise<void> {
  await trx('case_persons').where({ id }).update({ custody_status: status, custody_center_id: centerId });
}

type KeyDateRow = { id: string; case_id: string; person_id: string | null; kind: KeyDateKind; at: Date };
export async function listKeyDates(q: Q, caseId: string): Promise<KeyDate[]> {
  return ((await q('case_key_dates').where({ case_id: caseId }).orderBy('at')) as KeyDateRow[]).map((r) => ({
    id: r.id,
    caseId: r.case_id,
    personId: r.person_id,
    kind: r.kind,
    at: r.at,
  }));
}

/** Records a key date; a later correction of the same (person, kind) replaces it. */
export async function upsertKeyDate(trx: Trx, d: Omit<KeyDate, 'id'> & { recordedBy: string | null }): Promise<string> {
  const existing = (await trx('case_key_dates')
    .where({ case_id: d.caseId, kind: d.kind })
    .andWhere((w) => (d.personId ? w.where('person_id', d.personId) : w.whereNull('person_id')))
    .first('id')) as { id: string } | undefined;
  if (existing) {
    await trx('case_key_dates').where({ id: existing.id }).update({ at: d.at, recorded_by: d.recordedBy });
    return existing.id;
  }
  const [row] = await trx('case_key_dates')
    .insert({ case_id: d.caseId, person_id: d.personId, kind: d.kind, at: d.at, recorded_by: d.recordedBy })
    .returning('id');
  return (row as { id: string }).id;
}

type ExtRow = {
  id: string;
  case_id: string;
  person_id: string | null;
  rule: Extension['rule'];
  amount: number;
  approver: string;
  document_ref: string;
  reason: string;
  created_at: Date;
};
export async function listExtensions(q: Q, caseId: string): Promise<Extension[]> {
  return ((await q('deadline_extensions').where({ case_id: caseId }).orderBy('created_at')) as ExtRow[]).map((r) => ({
    id: r.id,
    caseId: r.case_id,
    personId: r.person_id,
    rule: r.rule,
    amount: r.amount,
    approver: r.approver,
    documentRef: r.document_ref,
    reason: r.reason,
    createdAt: r.created_at,
  }));
}

export async function insertExtension(trx: Trx, e: Omit<Extension, 'id' | 'createdAt'> & { recordedBy: string }): Promise<string> {
  const [row] = await trx('deadline_extensions')
    .insert({
      case_id: e.caseId,
      person_id: e.personId,
      rule: e.rule,
      amount: e.amount,
      approver: e.approver,
      document_ref: e.documentRef,
      reason: e.reason,
      recorded_by: e.recordedBy,
    })
    .returning('id');
  return (row as { id: string }).id;
}

/** When sessions of a kind went live for a person (to tell a met deadline from an open one). */
export async function sessionsForCase(q: Q, caseId: string): Promise<PersonSession[]> {
  const rows = (await q('sessions')
    .where({ case_id: caseId })
    .whereNot('state', 'cancelled')
    .whereNotNull('person_id')
    .select('person_id', 'type', 'live_at', 'starts_at', 'created_by')) as {
    person_id: string;
    type: string;
    live_at: Date | null;
    starts_at: Date;
    created_by: string;
  }[];
  return rows.map((r) => ({ personId: r.person_id, type: r.type, liveAt: r.live_at, startsAt: r.starts_at, createdBy: r.created_by }));
}
