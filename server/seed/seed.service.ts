// Idempotent demo seeding: agencies, one user per role, the demo case with its persons, key dates
// and lawyer, a village dispute for mediation, the custody center's rooms, and a session for today.
// Every insert is audited.
import * as audit from '../audit';
import { hashPassword, findUserForSystem, type AuthUser } from '../auth';
import { addPerson, createCase, registerRepresentation, sendCase, setKeyDate } from '../cases';
import { admit } from '../custody';
import type { Db, Trx } from '../db/db';
import { createRoom, findRoomByName } from '../rooms';
import { bookSession } from '../scheduling';
import { listMySessions } from '../sessions';
import { DEMO_AGENCIES, DEMO_CASE, DEMO_DISPUTE, DEMO_DUTY_ROOM, DEMO_PASSWORD, DEMO_PERSONS, DEMO_ROOMS, DEMO_USERS } from './demo.data';
import * as repo from './seed.repo';

export type DemoIds = {
  agencies: Record<string, string>;
  users: Record<string, string>;
  caseId: string;
  persons: Record<string, string>;
  rooms: Record<string, string>;
};

const HOUR = 3_600_000;

/** Creates whatever demo data is missing and returns the ids of all of it. */
export async function seedDemo(db: Db): Promise<DemoIds> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const base = await db.transaction(async (trx) => {
    const agencies: Record<string, string> = {};
    for (const a of DEMO_AGENCIES) {
      let id = await repo.findAgencyIdByCode(trx, a.code);
      if (!id) {
        id = await repo.insertAgency(trx, a);
        await audit.record(trx, {
          actorUserId: null,
          agencyId: id,
          action: 'agency.create',
          objectType: 'agency',
          objectId: id,
          outcome: 'success',
          detail: { code: a.code, seed: true },
        });
      }
      agencies[a.code] = id;
    }
    const users: Record<string, string> = {};
    for (const u of DEMO_USERS) {
      const agencyId = agencies[u.agency] as string;
      let id = await repo.findUserIdByUsername(trx, u.username);
      if (!id) {
        id = await seedUser(trx, { agencyId, username: u.username, displayName: u.displayName, role: u.role, passwordHash }, true);
      }
      users[u.username] = id;
    }
    const caseAgency = agencies[DEMO_CASE.agency] as string;
    const existing = await repo.findCaseId(trx, caseAgency, DEMO_CASE.caseNumber);
    const caseId =
      existing ??
      (
        await createCase(
          trx,
          { userId: users.investigator as string, agencyId: caseAgency },
          { caseNumber: DEMO_CASE.caseNumber, title: DEMO_CASE.title, charge: DEMO_CASE.charge, fastTrack: DEMO_CASE.fastTrack },
        )
      ).id;
    const disputeAgency = agencies[DEMO_DISPUTE.agency] as string;
    if (!(await repo.findCaseId(trx, disputeAgency, DEMO_DISPUTE.caseNumber)))
      await createCase(
        trx,
        { userId: users.investigator as string, agencyId: disputeAgency },
        { caseNumber: DEMO_DISPUTE.caseNumber, title: DEMO_DISPUTE.title, charge: DEMO_DISPUTE.charge },
      );
    const center = agencies['HLBE-KSS'] as string;
    const rooms: Record<string, string> = {};
    for (const r of DEMO_ROOMS) {
      const room =
        (await findRoomByName(trx, center, r.name)) ??
        (await createRoom(trx, { userId: users.custody as string, agencyId: center }, center, {
          name: r.name,
          equipment: r.equipment,
          ...(r.windows ? { windows: r.windows } : {}),
        }));
      rooms[r.name] = room.id;
    }
    return { agencies, users, caseId, rooms, fresh: !existing };
  });
  const investigator = await systemActor(db, base.users.investigator as string);
  const custody = await systemActor(db, base.users.custody as string);
  const persons: Record<string, string> = {};
  const known = await repo.findPersonIds(db, base.caseId);
  for (const p of DEMO_PERSONS) {
    let id = known[p.name];
    if (!id) {
      const now = Date.now();
      id = (
        await addPerson(db, investigator, base.caseId, {
          name: p.name,
          personRole: 'suspect',
          idNumber: p.idNumber,
          custodyStatus: p.arrestedDaysAgo ? 'arrested' : 'detained',
          custodyCenterId: base.agencies['HLBE-KSS'] as string,
        })
      ).id;
      await setKeyDate(db, investigator, base.caseId, {
        personId: id,
        kind: 'detention',
        at: new Date(now - p.detainedHoursAgo * HOUR).toISOString(),
      });
      // NOTE: the custody center takes the detainee in (收押) a few hours after detention.
      await admit(db, custody, id, {
        at: new Date(now - p.admittedHoursAgo * HOUR).toISOString(),
        documentRef: `呼公（刑）拘字〔2026〕${id.slice(0, 4)}号`,
        note: '',
      });
      if (p.arrestedDaysAgo)
        await setKeyDate(db, investigator, base.caseId, {
          personId: id,
          kind: 'arrest',
          at: new Date(now - p.arrestedDaysAgo * 24 * HOUR).toISOString(),
        });
      if (p.lawyerPapersHoursAgo) {
        await registerRepresentation(db, custody, {
          personId: id,
          lawyerUserId: base.users.lawyer as string,
          lawyerKind: 'duty_lawyer',
          papersPresentedAt: new Date(now - p.lawyerPapersHoursAgo * HOUR).toISOString(),
        });
      }
    }
    persons[p.name] = id;
  }
  if (base.fresh) for (const code of DEMO_CASE.sentToAgencies) await sendCase(db, investigator, base.caseId, base.agencies[code] as string);
  return { agencies: base.agencies, users: base.users, caseId: base.caseId, rooms: base.rooms, persons };
}

export { DEMO_PASSWORD, DEMO_USERS, DEMO_CASE } from './demo.data';

/** Makes sure a demo interrogation exists for today (远程讯问 of 古某 in the duty room) so a fresh install has something to join. */
export async function ensureDemoSession(db: Db, ids: DemoIds): Promise<string | null> {
  const investigatorId = ids.users.investigator as string;
  const actor = await systemActor(db, investigatorId);
  const mine = await listMySessions(db, actor);
  const existing = mine.find((s) => s.caseId === ids.caseId && !['ended', 'cancelled'].includes(s.state) && s.endsAt > new Date());
  if (existing) return existing.id;
  const { start, minutes } = slotFromNow();
  if (minutes < 5) return null;
  const s = await bookSession(db, actor, {
    caseId: ids.caseId,
    type: 'interrogation',
    title: `${DEMO_CASE.detaineeName} 第一次讯问（远程）`,
    custodyRoomId: ids.rooms[DEMO_DUTY_ROOM] as string,
    personId: ids.persons[DEMO_CASE.detaineeName] as string,
    startsAt: start.toISOString(),
    minutes,
    participants: [
      { userId: investigatorId, sessionRole: 'investigator' },
      { userId: ids.users.investigator2 as string, sessionRole: 'investigator' },
      { userId: ids.users.prosecutor as string, sessionRole: 'prosecutor' },
      { userId: ids.users.custody as string, sessionRole: 'custody_officer' },
    ],
  }).catch(() => null);
  return s?.id ?? null;
}

/** Inserts a seeded user with its audit entry (`seed` says which seed made it). */
export async function seedUser(trx: Trx, u: Parameters<typeof repo.insertUser>[1], seed: true | 'load'): Promise<string> {
  const id = await repo.insertUser(trx, u);
  await audit.record(trx, {
    actorUserId: null,
    agencyId: u.agencyId,
    action: 'user.create',
    objectType: 'user',
    objectId: id,
    outcome: 'success',
    detail: { role: u.role, seed },
  });
  return id;
}

/** A slot starting at the current five minutes, up to two hours, kept on one China day. */
export function slotFromNow(): { start: Date; minutes: number } {
  const start = new Date(Math.floor(Date.now() / (5 * 60_000)) * 5 * 60_000);
  // NOTE: a booking stays on one China day; near midnight the session is shortened to fit.
  const chinaMinute = (start.getTime() / 60_000 + 8 * 60) % (24 * 60);
  return { start, minutes: Math.min(120, 24 * 60 - chinaMinute) };
}

// NOTE: seeding acts as the named user without a login session; it runs only at start-up.
export async function systemActor(db: Db, userId: string): Promise<AuthUser> {
  const u = await findUserForSystem(db, userId);
  return { ...u, authSessionId: 'seed' };
}
