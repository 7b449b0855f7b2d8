// Idempotent demo seeding: agencies, one user per role, the demo case. Every insert is audited.
import * as audit from '../audit';
import { hashPassword, findUserForSystem, type AuthUser } from '../auth';
import { createSession, listMySessions } from '../sessions';
import { createCase } from '../cases';
import type { Db } from '../db/db';
import { DEMO_AGENCIES, DEMO_CASE, DEMO_PASSWORD, DEMO_USERS } from './demo.data';
import * as repo from './seed.repo';

export type DemoIds = { agencies: Record<string, string>; users: Record<string, string>; caseId: string };

/** Creates whatever demo data is missing and returns the ids of all of it. */
export async function seedDemo(db: Db): Promise<DemoIds> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (trx) => {
    const agencies: Record<string, string> = {};
    for (const a of DEMO_AGENCIES) {
      let id = await repo.findAgencyIdByCode(trx, a.code);
      if (!id) {
        id = await repo.insertAgency(trx, a);
        await audit.record(trx, { actorUserId: null, agencyId: id, action: 'agency.create', objectType: 'agency',
          objectId: id, outcome: 'success', detail: { code: a.code, seed: true } });
      }
      agencies[a.code] = id;
    }
    const users: Record<string, string> = {};
    for (const u of DEMO_USERS) {
      const agencyId = agencies[u.agency] as string;
      let id = await repo.findUserIdByUsername(trx, u.username);
      if (!id) {
        id = await repo.insertUser(trx, { agencyId, username: u.username, displayName: u.displayName, role: u.role, passwordHash });
        await audit.record(trx, { actorUserId: null, agencyId, action: 'user.create', objectType: 'user',
          objectId: id, outcome: 'success', detail: { role: u.role, seed: true } });
      }
      users[u.username] = id;
    }
    const caseAgency = agencies[DEMO_CASE.agency] as string;
    const caseId = (await repo.findCaseId(trx, caseAgency, DEMO_CASE.caseNumber))
      ?? (await createCase(trx, { userId: null, agencyId: caseAgency },
        { caseNumber: DEMO_CASE.caseNumber, title: DEMO_CASE.title, charge: DEMO_CASE.charge })).id;
    return { agencies, users, caseId };
  });
}

export { DEMO_PASSWORD, DEMO_USERS, DEMO_CASE } from './demo.data';

/** Makes sure the demo interrogation exists (today, 远程讯问 of 古某) so a fresh install has something to join. */
export async function ensureDemoSession(db: Db, ids: DemoIds): Promise<string> {
  const investigatorId = ids.users.investigator as string;
  const mine = await listMySessions(db, await systemActor(db, investigatorId));
  const existing = mine.find((s) => s.caseId === ids.caseId && s.state !== 'ended' && s.state !== 'cancelled');
  if (existing) return existing.id;
  const start = new Date();
  start.setUTCMinutes(0, 0, 0);
  const s = await createSession(db, await systemActor(db, investigatorId), {
    caseId: ids.caseId, type: 'interrogation', title: `${DEMO_CASE.detaineeName} 第一次讯问（远程）`,
    startsAt: start.toISOString(), minutes: 120, detaineeName: DEMO_CASE.detaineeName,
    participants: [
      { userId: investigatorId, sessionRole: 'investigator' },
      { userId: ids.users.investigator2 as string, sessionRole: 'investigator' },
      { userId: ids.users.prosecutor as string, sessionRole: 'prosecutor' },
      { userId: ids.users.custody as string, sessionRole: 'custody_officer' },
    ],
  });
  return s.id;
}

// NOTE: seeding acts as the named user without a login session; it runs only at start-up.
async function systemActor(db: Db, userId: string): Promise<AuthUser> {
  const u = await findUserForSystem(db, userId);
  return { ...u, authSessionId: 'seed' };
}
