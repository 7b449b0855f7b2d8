// The custody center's console: its roster (who it holds and who is on the way, with the deadlines
// that run for each and their lawyers' papers) and the movements 收押, 转押 and 出所. Only the
// center's own custody officers see and move its detainees; every movement is audited with it.
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import { casesRepo, deadlinesForCase, type DeadlineView } from '../cases';
import type { Db, Trx } from '../db/db';
import { Forbidden, InvalidRequest, InvalidState, NotFound } from '../errors';
import { isCenter } from '../rooms';
import { maskIdNumber } from '../security/sensitive';
import type { CustodyMovement } from '../vocabulary';
import * as repo from './custody.repo';
import type { AdmitInput, ReleaseInput, TransferInput } from './custody.schema';
import type { MovementView, RosterEntry } from './custody.types';

/** How far ahead of the server's clock a movement's time may be (clock skew between machines). */
const FUTURE_SLACK_MS = 5 * 60_000;

function requireOfficer(user: AuthUser): void {
  if (user.role !== 'custody_officer') throw Forbidden("only a custody center's officers keep its roster");
}

/** The center's roster, those still to be taken in first, each with their open deadlines and lawyers. */
export async function roster(db: Db, user: AuthUser, now = new Date()): Promise<RosterEntry[]> {
  requireOfficer(user);
  const rows = await repo.listRoster(db, user.agencyId);
  const byCase = new Map<string, DeadlineView[]>();
  for (const caseId of new Set(rows.map((r) => r.caseId))) byCase.set(caseId, await deadlinesForCase(db, caseId, now));
  const reps = (await Promise.all([...byCase.keys()].map((id) => casesRepo.listRepresentationsForCase(db, id)))).flat();
  const names = await repo.lawyerNames(db, [...new Set(reps.map((r) => r.lawyerUserId))]);
  return rows.map((r) => {
    const deadlines = (byCase.get(r.caseId) ?? []).filter((d) => d.personId === r.personId);
    return {
      personId: r.personId,
      caseId: r.caseId,
      caseNumber: r.caseNumber,
      caseTitle: r.caseTitle,
      name: r.name,
      personRole: r.personRole,
      idNumberMasked: maskIdNumber(r.idNumberLast4),
      custodyStatus: r.custodyStatus,
      rosterState: r.admittedAt ? 'held' : 'awaiting_admission',
      admittedAt: r.admittedAt?.toISOString() ?? null,
      deadlines: deadlines.filter((d) => d.status === 'open' && d.rule !== 'D11'),
      lawyers: reps
        .filter((x) => x.personId === r.personId)
        .map((x) => ({
          representationId: x.id,
          lawyerName: names.get(x.lawyerUserId) ?? '',
          lawyerKind: x.lawyerKind,
          papersPresentedAt: x.papersPresentedAt.toISOString(),
          d11: deadlines.find((d) => d.rule === 'D11' && d.startedAt === x.papersPresentedAt.toISOString()) ?? null,
        })),
    };
  });
}

/** A person's custody movements, for the center that holds or expects them. */
export async function movements(db: Db, user: AuthUser, personId: string): Promise<MovementView[]> {
  requireOfficer(user);
  const p = await casesRepo.findPerson(db, personId);
  const list = p ? await repo.listMovements(db, personId) : [];
  const mine = p?.custodyCenterId === user.agencyId || list.some((m) => m.fromCenterId === user.agencyId || m.toCenterId === user.agencyId);
  if (!p || !mine) throw NotFound('person', personId);
  return list;
}

type Moved = { person: repo.CustodyFields; at: Date };

/** Locks the person, checks they are this center's and in the wanted roster state, and checks the time. */
async function movable(trx: Trx, user: AuthUser, personId: string, at: string, held: boolean | 'either'): Promise<Moved> {
  requireOfficer(user);
  const p = await repo.lockPerson(trx, personId);
  if (!p || p.custodyCenterId !== user.agencyId || !['detained', 'arrested'].includes(p.custodyStatus)) throw NotFound('person', personId);
  if (held !== 'either' && (p.admittedAt !== null) !== held)
    throw InvalidState(
      `person ${personId}`,
      p.admittedAt ? 'held' : 'awaiting_admission',
      held ? 'take the person in first (收押)' : 'already taken in',
    );
  const when = new Date(at);
  if (when.getTime() > Date.now() + FUTURE_SLACK_MS) throw InvalidRequest('at: a movement cannot be recorded ahead of time');
  if (p.admittedAt && when < p.admittedAt) throw InvalidRequest('at: earlier than the admission it follows');
  return { person: p, at: when };
}

async function write(
  trx: Trx,
  user: AuthUser,
  m: Moved,
  kind: CustodyMovement,
  rest: { toCenterId: string | null; newStatus: ReleaseInput['newStatus'] | null; documentRef: string; note: string },
): Promise<string> {
  const id = await repo.insertMovement(trx, {
    personId: m.person.id,
    kind,
    at: m.at,
    fromCenterId: kind === 'admission' ? null : user.agencyId,
    toCenterId: kind === 'admission' ? user.agencyId : rest.toCenterId,
    newStatus: rest.newStatus,
    documentRef: rest.documentRef,
    note: rest.note,
    recordedBy: user.id,
  });
  await audit.record(trx, {
    actorUserId: user.id,
    agencyId: user.agencyId,
    action: `custody.${kind}`,
    objectType: 'case',
    objectId: m.person.caseId,
    outcome: 'success',
    detail: {
      movementId: id,
      personId: m.person.id,
      at: m.at.toISOString(),
      documentRef: rest.documentRef,
      ...(rest.toCenterId ? { toCenterId: rest.toCenterId } : {}),
      ...(rest.newStatus ? { newStatus: rest.newStatus } : {}),
    },
  });
  return id;
}

/** 收押: the center takes in a person sent to it; the D1 deadline (to custody within 24 h) is met. */
export const admit = (db: Db, user: AuthUser, personId: string, input: AdmitInput) =>
  db.transaction(async (trx) => {
    const m = await movable(trx, user, personId, input.at, false);
    await repo.setCustody(trx, personId, { admittedAt: m.at });
    return write(trx, user, m, 'admission', { toCenterId: null, newStatus: null, documentRef: input.documentRef, note: input.note });
  });

/** 转押: the person leaves for another custody center, whose roster shows them awaiting admission. */
export const transfer = (db: Db, user: AuthUser, personId: string, input: TransferInput) =>
  db.transaction(async (trx) => {
    const m = await movable(trx, user, personId, input.at, true);
    if (input.toCenterId === user.agencyId || !(await isCenter(trx, input.toCenterId)))
      throw InvalidRequest('toCenterId: must be another custody center');
    await repo.setCustody(trx, personId, { admittedAt: null, custodyCenterId: input.toCenterId });
    return write(trx, user, m, 'transfer', {
      toCenterId: input.toCenterId,
      newStatus: null,
      documentRef: input.documentRef,
      note: input.note,
    });
  });

/** 出所: released, or custody changed to bail or residential surveillance; custody deadlines stop. */
export const release = (db: Db, user: AuthUser, personId: string, input: ReleaseInput) =>
  db.transaction(async (trx) => {
    const m = await movable(trx, user, personId, input.at, 'either');
    await repo.setCustody(trx, personId, { admittedAt: null, custodyStatus: input.newStatus });
    return write(trx, user, m, 'release', {
      toCenterId: null,
      newStatus: input.newStatus,
      documentRef: input.documentRef,
      note: input.note,
    });
  });
