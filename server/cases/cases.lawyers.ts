// Lawyers' papers (律师三证) registered by the custody center, a lawyer's clients, and the detainees
// held at a custody center.
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import type { Db } from '../db/db';
import { Forbidden, InvalidRequest, NotFound } from '../errors';
import { maskIdNumber } from '../security/sensitive';
import { caseDeadlines } from './cases.deadlines';
import * as repo from './cases.repo';
import type { RepresentationInput } from './cases.schema';
import type { CasePerson, Representation } from './cases.types';
import { factsOf } from './cases.views';

/** Persons held at the custody officer's center. */
export async function personsInMyCustody(
  db: Db,
  user: AuthUser,
): Promise<(Omit<CasePerson, 'idNumberLast4'> & { caseNumber: string; idNumberMasked: string })[]> {
  if (user.role !== 'custody_officer') throw Forbidden('only custody officers list detainees');
  return (await repo.listPersonsInCustodyAt(db, user.agencyId)).map(({ idNumberLast4, ...p }) => ({
    ...p,
    idNumberMasked: maskIdNumber(idNumberLast4),
  }));
}

/**
 * The custody center records that a lawyer presented their papers (律师三证) for a detainee held
 * there; the 48-hour meeting deadline (D11) starts then.
 */
export async function registerRepresentation(db: Db, user: AuthUser, input: RepresentationInput): Promise<Representation> {
  return db.transaction(async (trx) => {
    const p = await repo.findPerson(trx, input.personId);
    if (!p || user.role !== 'custody_officer' || p.custodyCenterId !== user.agencyId) throw NotFound('person', input.personId);
    if (!(await repo.isActiveLawyer(trx, input.lawyerUserId))) throw InvalidRequest('lawyerUserId: not a lawyer');
    if (await repo.findRepresentation(trx, p.id, input.lawyerUserId))
      throw InvalidRequest('this lawyer is already registered for this person');
    const r = await repo.insertRepresentation(trx, {
      personId: p.id,
      lawyerUserId: input.lawyerUserId,
      lawyerKind: input.lawyerKind,
      papersPresentedAt: new Date(input.papersPresentedAt),
      recordedBy: user.id,
    });
    await audit.record(trx, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'representation.register',
      objectType: 'case',
      objectId: p.caseId,
      outcome: 'success',
      detail: { representationId: r.id, personId: p.id, lawyerUserId: input.lawyerUserId },
    });
    return r;
  });
}

/** A lawyer's clients with the D11 meeting deadline. */
export async function myClients(db: Db, user: AuthUser, now = new Date()) {
  if (user.role !== 'lawyer') throw Forbidden('only lawyers have clients');
  const reps = await repo.listRepresentationsForLawyer(db, user.id);
  const out = [];
  for (const r of reps) {
    const c = await repo.findById(db, r.person.caseId);
    if (!c) continue;
    const f = await factsOf(db, c);
    const d11 = caseDeadlines({ ...f, representations: [r], keyDates: [] }, now).find((d) => d.rule === 'D11');
    out.push({
      representationId: r.id,
      lawyerKind: r.lawyerKind,
      papersPresentedAt: r.papersPresentedAt.toISOString(),
      personId: r.person.id,
      personName: r.person.name,
      caseNumber: r.caseNumber,
      custodyCenterId: r.person.custodyCenterId,
      custodyStatus: r.person.custodyStatus,
      d11: d11 ?? null,
    });
  }
  return out;
}
