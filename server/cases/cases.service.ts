import * as audit from '../audit';
import type { AuthUser } from '../auth';
import type { Db, Trx } from '../db/db';
import { Forbidden, InvalidRequest, NotFound } from '../errors';
import { seal } from '../security/sensitive';
import { CASE_STAGE_LABELS } from '../vocabulary';
import { accessOf, canCreateCase, canManageCase, canWorkOnCase, type CaseAccess } from './cases.access';
import { tellContacts } from './cases.progress';
import * as repo from './cases.repo';
import type { CaseCreateInput, CaseUpdateInput, ExtensionInput, KeyDateInput, PersonCreateInput } from './cases.schema';
import type { Case, CasePerson } from './cases.types';

type Q = Db | Trx;

/** The case and the user's access to it; not_found when the user may not see it (existence is not revealed). */
export async function getCaseFor(q: Q, user: AuthUser, caseId: string): Promise<Case & { access: Exclude<CaseAccess, null> }> {
  const c = await repo.findById(q, caseId);
  const access = c ? accessOf(user, c, await repo.accessAgencies(q, c.id)) : null;
  if (!c || !access) throw NotFound('case', caseId);
  return { ...c, access };
}

async function caseToManage(q: Q, user: AuthUser, caseId: string): Promise<Case> {
  const c = await getCaseFor(q, user, caseId);
  if (!canManageCase(c.access)) throw Forbidden(`only the agency holding case ${caseId} may change it`);
  return c;
}

async function caseToWorkOn(q: Q, user: AuthUser, caseId: string): Promise<Case> {
  const c = await getCaseFor(q, user, caseId);
  if (!canWorkOnCase(c.access)) throw Forbidden(`no work on case ${caseId}`);
  return c;
}

async function assertPersonOfCase(q: Q, caseId: string, personId: string | null): Promise<void> {
  if (!personId) return;
  const p = await repo.findPerson(q, personId);
  if (!p || p.caseId !== caseId) throw InvalidRequest('personId: not a person of this case');
}

/** Cases the user's agency holds or was sent. */
export async function listCasesFor(db: Db, user: AuthUser): Promise<Case[]> {
  return canCreateCase(user) ? repo.listVisibleTo(db, user.agencyId) : [];
}

/** Registers a case for an agency; audited. Used by seeding and by createCaseAs. */
export async function createCase(
  trx: Trx,
  actor: { userId: string | null; agencyId: string },
  c: Omit<Case, 'id' | 'agencyId' | 'stage' | 'fastTrack' | 'sentenceOverOneYear' | 'onlineExclusion'> &
    Partial<Pick<Case, 'stage' | 'fastTrack' | 'sentenceOverOneYear' | 'onlineExclusion'>>,
): Promise<Case> {
  const created = await repo.insert(trx, {
    stage: 'investigation',
    fastTrack: false,
    sentenceOverOneYear: false,
    onlineExclusion: null,
    ...c,
    agencyId: actor.agencyId,
  });
  await audit.record(trx, {
    actorUserId: actor.userId,
    agencyId: actor.agencyId,
    action: 'case.create',
    objectType: 'case',
    objectId: created.id,
    outcome: 'success',
    detail: { caseNumber: c.caseNumber },
  });
  return created;
}

export async function createCaseAs(db: Db, user: AuthUser, input: CaseCreateInput): Promise<Case> {
  if (!canCreateCase(user)) throw Forbidden(`role ${user.role} cannot register cases`);
  return db.transaction((trx) => createCase(trx, { userId: user.id, agencyId: user.agencyId }, input));
}

export async function updateCase(db: Db, user: AuthUser, caseId: string, patch: CaseUpdateInput): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await caseToManage(trx, user, caseId);
    await repo.update(trx, caseId, patch);
    if (patch.stage && patch.stage !== before.stage)
      await tellContacts(trx, before, { event: 'stage', stageLabel: CASE_STAGE_LABELS[patch.stage]['zh-CN'] }, user);
    await audit.record(trx, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'case.update',
      objectType: 'case',
      objectId: caseId,
      outcome: 'success',
      detail: patch,
    });
  });
}

/** Adds a suspect or defendant; the ID number is sealed and never logged or returned. */
export async function addPerson(db: Db, user: AuthUser, caseId: string, input: PersonCreateInput): Promise<CasePerson> {
  return db.transaction(async (trx) => {
    await caseToManage(trx, user, caseId);
    if (input.custodyCenterId && (await repo.agencyKind(trx, input.custodyCenterId)) !== 'custody_center') {
      throw InvalidRequest('custodyCenterId: not a custody center');
    }
    const p = await repo.insertPerson(trx, {
      caseId,
      name: input.name,
      personRole: input.personRole,
      idNumberEnc: seal(input.idNumber),
      idNumberLast4: input.idNumber.slice(-4),
      custodyStatus: input.custodyStatus,
      custodyCenterId: input.custodyCenterId,
    });
    await audit.record(trx, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'case.person.add',
      objectType: 'case',
      objectId: caseId,
      outcome: 'success',
      detail: { personId: p.id, custodyStatus: p.custodyStatus },
    });
    return p;
  });
}

export async function setKeyDate(db: Db, user: AuthUser, caseId: string, input: KeyDateInput): Promise<string> {
  return db.transaction(async (trx) => {
    await caseToWorkOn(trx, user, caseId);
    await assertPersonOfCase(trx, caseId, input.personId);
    const id = await repo.upsertKeyDate(trx, {
      caseId,
      personId: input.personId,
      kind: input.kind,
      at: new Date(input.at),
      recordedBy: user.id,
    });
    await audit.record(trx, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'case.keydate.set',
      objectType: 'case',
      objectId: caseId,
      outcome: 'success',
      detail: { keyDateId: id, kind: input.kind, at: input.at, personId: input.personId },
    });
    return id;
  });
}

/** Records an approved extension (who approved it, under which document). */
export async function addExtension(db: Db, user: AuthUser, caseId: string, input: ExtensionInput): Promise<string> {
  return db.transaction(async (trx) => {
    await caseToWorkOn(trx, user, caseId);
    await assertPersonOfCase(trx, caseId, input.personId);
    const id = await repo.insertExtension(trx, { caseId, ...input, recordedBy: user.id });
    await audit.record(trx, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'case.extension.add',
      objectType: 'case',
      objectId: caseId,
      outcome: 'success',
      detail: { extensionId: id, rule: input.rule, amount: input.amount, approver: input.approver, documentRef: input.documentRef },
    });
    return id;
  });
}

/** Gives another agency (procuratorate or court) access to the case. */
export async function sendCase(db: Db, user: AuthUser, caseId: string, agencyId: string): Promise<void> {
  await db.transaction(async (trx) => {
    const c = await caseToManage(trx, user, caseId);
    const kind = await repo.agencyKind(trx, agencyId);
    if (kind !== 'procuratorate' && kind !== 'court') throw InvalidRequest('agencyId: cases are sent to a procuratorate or a court');
    const added = await repo.grantAccess(trx, caseId, agencyId, user.id);
    if (added) await tellContacts(trx, c, { event: 'sent', agencyName: (await repo.agencyName(trx, agencyId)) ?? '' }, user);
    await audit.record(trx, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'case.send',
      objectType: 'case',
      objectId: caseId,
      outcome: 'success',
      detail: { to: agencyId, alreadySent: !added },
    });
  });
}

/** For booking: the person, if the user may book a session about them. */
export async function personForBooking(q: Q, personId: string): Promise<CasePerson | null> {
  return repo.findPerson(q, personId);
}

export { findRepresentation } from './cases.repo';
