import * as audit from '../audit';
import type { AuthUser } from '../auth';
import type { Db, Trx } from '../db/db';
import { Forbidden, InvalidRequest, NotFound } from '../errors';
import { maskIdNumber, seal } from '../security/sensitive';
import { accessOf, canCreateCase, canManageCase, canWorkOnCase, type CaseAccess } from './cases.access';
import { caseDeadlines, type CaseFacts } from './cases.deadlines';
import * as repo from './cases.repo';
import type {
  CaseCreateInput,
  CaseUpdateInput,
  ExtensionInput,
  KeyDateInput,
  PersonCreateInput,
  RepresentationInput,
} from './cases.schema';
import type { Case, CasePerson, CaseView, DeadlineView, Representation } from './cases.types';

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
  c: Omit<Case, 'id' | 'agencyId' | 'stage' | 'fastTrack' | 'sentenceOverOneYear'> &
    Partial<Pick<Case, 'stage' | 'fastTrack' | 'sentenceOverOneYear'>>,
): Promise<Case> {
  const created = await repo.insert(trx, {
    stage: 'investigation',
    fastTrack: false,
    sentenceOverOneYear: false,
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
    await caseToManage(trx, user, caseId);
    await repo.update(trx, caseId, patch);
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
    await caseToManage(trx, user, caseId);
    const kind = await repo.agencyKind(trx, agencyId);
    if (kind !== 'procuratorate' && kind !== 'court') throw InvalidRequest('agencyId: cases are sent to a procuratorate or a court');
    const added = await repo.grantAccess(trx, caseId, agencyId, user.id);
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

/** A case file received from another agency, as the receiving agency files it. */
export type ReceivedCaseInput = {
  agencyId: string;
  originAgencyCode: string;
  at: Date;
  origin: {
    id: string;
    caseNumber: string;
    title: string;
    charge: string;
    fastTrack: boolean;
    sentenceOverOneYear: boolean;
    persons: {
      name: string;
      personRole: CasePerson['personRole'];
      custodyStatus: CasePerson['custodyStatus'];
      idNumberLast4: string;
      custodyCenterId: string | null;
    }[];
  };
  stage: Case['stage'];
  /** The key date the receipt sets (its time starts the receiving agency's deadline), per person. */
  keyDate: KeyDateInput['kind'] | null;
};

/**
 * Finds or makes the local case for a received dossier (same origin = same case, a later package
 * is a new version of it), adds persons it did not know, moves its stage and sets the key date at
 * the receipt time. Runs in the receiver's transaction; audited.
 */
export async function receiveCase(trx: Trx, input: ReceivedCaseInput): Promise<{ kase: Case; persons: CasePerson[]; created: boolean }> {
  const o = input.origin;
  let kase = await repo.findByOrigin(trx, input.agencyId, input.originAgencyCode, o.id);
  const created = kase === null;
  if (!kase) {
    kase = await createCase(
      trx,
      { userId: null, agencyId: input.agencyId },
      {
        caseNumber: o.caseNumber,
        title: o.title,
        charge: o.charge,
        stage: input.stage,
        fastTrack: o.fastTrack,
        sentenceOverOneYear: o.sentenceOverOneYear,
      },
    );
    await repo.setOrigin(trx, kase.id, input.originAgencyCode, o.id);
  } else {
    await repo.update(trx, kase.id, { stage: input.stage, fastTrack: o.fastTrack, sentenceOverOneYear: o.sentenceOverOneYear });
    kase = { ...kase, stage: input.stage, fastTrack: o.fastTrack, sentenceOverOneYear: o.sentenceOverOneYear };
  }
  const persons = await repo.listPersons(trx, kase.id);
  for (const p of o.persons) {
    const known = persons.find((x) => x.name === p.name && x.idNumberLast4 === p.idNumberLast4);
    if (known) {
      await repo.updatePersonCustody(trx, known.id, p.custodyStatus, p.custodyCenterId);
      Object.assign(known, { custodyStatus: p.custodyStatus, custodyCenterId: p.custodyCenterId });
      continue;
    }
    // NOTE: a package carries only the last four characters of an ID number; the full number is not sent.
    persons.push(
      await repo.insertPerson(trx, {
        caseId: kase.id,
        name: p.name,
        personRole: p.personRole,
        idNumberEnc: seal(''),
        idNumberLast4: p.idNumberLast4,
        custodyStatus: p.custodyStatus,
        custodyCenterId: p.custodyCenterId,
      }),
    );
  }
  if (input.keyDate) {
    for (const p of persons.length ? persons : [null]) {
      await repo.upsertKeyDate(trx, { caseId: kase.id, personId: p?.id ?? null, kind: input.keyDate, at: input.at, recordedBy: null });
    }
  }
  await audit.record(trx, {
    actorUserId: null,
    agencyId: input.agencyId,
    action: 'case.received',
    objectType: 'case',
    objectId: kase.id,
    outcome: 'success',
    detail: {
      from: input.originAgencyCode,
      originCaseId: o.id,
      created,
      stage: input.stage,
      keyDate: input.keyDate,
      at: input.at.toISOString(),
    },
  });
  return { kase, persons, created };
}

async function factsOf(q: Q, c: Case): Promise<CaseFacts> {
  const [persons, keyDates, extensions, representations, sessions] = await Promise.all([
    repo.listPersons(q, c.id),
    repo.listKeyDates(q, c.id),
    repo.listExtensions(q, c.id),
    repo.listRepresentationsForCase(q, c.id),
    repo.sessionsForCase(q, c.id),
  ]);
  return { kase: c, persons, keyDates, extensions, representations, sessions };
}

/** The case page: persons (ID numbers masked), key dates, extensions and deadlines with warnings. */
export async function caseView(db: Db, user: AuthUser, caseId: string, now = new Date()): Promise<CaseView> {
  const c = await getCaseFor(db, user, caseId);
  const f = await factsOf(db, c);
  const { access, ...kase } = c;
  return {
    ...kase,
    access,
    holderAgencyName: (await repo.agencyName(db, c.agencyId)) ?? '',
    persons: f.persons.map(({ idNumberLast4, ...p }) => ({ ...p, idNumberMasked: maskIdNumber(idNumberLast4) })),
    keyDates: f.keyDates.map((d) => ({ id: d.id, personId: d.personId, kind: d.kind, at: d.at.toISOString() })),
    extensions: f.extensions.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
    deadlines: caseDeadlines(f, now),
  };
}

/** Deadlines of one case (for the booking form). */
export async function deadlinesOf(db: Db, user: AuthUser, caseId: string, now = new Date()): Promise<DeadlineView[]> {
  const c = await getCaseFor(db, user, caseId);
  return caseDeadlines(await factsOf(db, c), now);
}

/** Open deadlines across every case the user can see, most urgent first (the dashboard). */
export async function dashboardDeadlines(
  db: Db,
  user: AuthUser,
  now = new Date(),
): Promise<(DeadlineView & { caseId: string; caseNumber: string })[]> {
  const cases = await listCasesFor(db, user);
  const out: (DeadlineView & { caseId: string; caseNumber: string })[] = [];
  for (const c of cases) {
    for (const d of caseDeadlines(await factsOf(db, c), now)) {
      if (d.status === 'open') out.push({ ...d, caseId: c.id, caseNumber: c.caseNumber });
    }
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

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

/** For booking: the person, if the user may book a session about them. */
export async function personForBooking(q: Q, personId: string): Promise<CasePerson | null> {
  return repo.findPerson(q, personId);
}

export { findRepresentation } from './cases.repo';
