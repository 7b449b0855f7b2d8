import type { AuthUser } from '../auth';
import type { Db, Trx } from '../db/db';
import * as audit from '../audit';
import { NotFound } from '../errors';
import * as repo from './cases.repo';
import type { Case } from './cases.types';

/** The case if the user's agency holds it; otherwise not_found (existence is not revealed). */
export async function getCaseFor(db: Db | Trx, user: AuthUser, caseId: string): Promise<Case> {
  const c = await repo.findById(db, caseId);
  if (!c || c.agencyId !== user.agencyId) throw NotFound('case', caseId);
  return c;
}

/** Cases held by the user's agency. */
export const listCasesFor = (db: Db, user: AuthUser): Promise<Case[]> => repo.listForAgency(db, user.agencyId);

/** Registers a case for an agency; audited. */
export async function createCase(trx: Trx, actor: { userId: string | null; agencyId: string }, c: Omit<Case, 'id' | 'agencyId'>): Promise<Case> {
  const created = await repo.insert(trx, { ...c, agencyId: actor.agencyId });
  await audit.record(trx, { actorUserId: actor.userId, agencyId: actor.agencyId, action: 'case.create',
    objectType: 'case', objectId: created.id, outcome: 'success', detail: { caseNumber: c.caseNumber } });
  return created;
}
