// What a case page and the dashboard show: persons (ID numbers masked), key dates, extensions and
// deadlines with warnings.
import type { AuthUser } from '../auth';
import type { Db, Trx } from '../db/db';
import { maskIdNumber } from '../security/sensitive';
import { caseDeadlines, type CaseFacts } from './cases.deadlines';
import { caseNotices } from '../notifications';
import { listContacts } from './cases.contacts.repo';
import { maskMobile } from './cases.progress';
import * as repo from './cases.repo';
import type { Case, CaseView, DeadlineView } from './cases.types';
import { getCaseFor, listCasesFor } from './cases.service';

type Q = Db | Trx;

export async function factsOf(q: Q, c: Case): Promise<CaseFacts> {
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
    contacts: (await listContacts(db, c.id)).map((x) => ({
      id: x.id,
      name: x.name,
      contactRole: x.contactRole,
      mobileMasked: maskMobile(x.mobile),
    })),
    notices: c.access === 'holder' ? await caseNotices(db, c.id) : [],
    sharedWith: await Promise.all(
      (await repo.accessAgencies(db, c.id))
        .filter((a) => a !== c.agencyId)
        .map(async (agencyId) => ({ agencyId, name: (await repo.agencyName(db, agencyId)) ?? '' })),
    ),
    persons: f.persons.map(({ idNumberLast4, admittedAt, ...p }) => ({
      ...p,
      admittedAt: admittedAt?.toISOString() ?? null,
      idNumberMasked: maskIdNumber(idNumberLast4),
    })),
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

/** Deadlines of one case for another domain that already checked who may see them (the custody roster). */
export async function deadlinesForCase(q: Q, caseId: string, now = new Date()): Promise<DeadlineView[]> {
  const c = await repo.findById(q, caseId);
  return c ? caseDeadlines(await factsOf(q, c), now) : [];
}
