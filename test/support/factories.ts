// Test data factories: each call creates uniquely named rows through the real services and repos.
import { randomUUID } from 'node:crypto';
import { hashPassword, type UserRole, type AgencyKind, findUserForSystem } from '../../server/auth';
import { createCase } from '../../server/cases';
import type { Db } from '../../server/db/db';
import { createSession, type Session } from '../../server/sessions';
import { insertAgency, insertUser } from '../../server/seed/seed.repo';
import { TEST_PASSWORD } from './testServer';

const uniq = () => randomUUID().slice(0, 8);
let hashed: Promise<string> | undefined;

export async function buildAgency(db: Db, kind: AgencyKind = 'police'): Promise<string> {
  const code = `T-${kind}-${uniq()}`;
  return db.transaction((trx) => insertAgency(trx, { code, name: `测试机关 ${code}`, kind }));
}

export type TestUser = { id: string; username: string; agencyId: string; role: UserRole };

export async function buildUser(db: Db, role: UserRole, agencyId?: string): Promise<TestUser> {
  const agency = agencyId ?? (await buildAgency(db, role === 'custody_officer' ? 'custody_center' : role === 'judge' || role === 'clerk' ? 'court' : role === 'prosecutor' ? 'procuratorate' : 'police'));
  const username = `${role}-${uniq()}`;
  hashed ??= hashPassword(TEST_PASSWORD);
  const id = await db.transaction(async (trx) => insertUser(trx, { agencyId: agency, username, displayName: `测试${role}`, role, passwordHash: await hashed! }));
  return { id, username, agencyId: agency, role };
}

export async function buildCase(db: Db, agencyId: string): Promise<string> {
  const c = await db.transaction((trx) => createCase(trx, { userId: null, agencyId }, {
    caseNumber: `测试刑字〔2026〕${uniq()}号`, title: '测试帮助信息网络犯罪活动案', charge: '帮助信息网络犯罪活动罪',
  }));
  return c.id;
}

/** An interrogation with an investigator (organiser), optional others, and a detainee kiosk endpoint. */
export async function buildSession(db: Db, organiser: TestUser, others: { user: TestUser; sessionRole: string }[] = []): Promise<Session> {
  const caseId = await buildCase(db, organiser.agencyId);
  const actor = { ...(await findUserForSystem(db, organiser.id)), authSessionId: 'test' };
  return createSession(db, actor, {
    caseId, type: 'interrogation', title: `测试讯问 ${uniq()}`, startsAt: new Date().toISOString(), minutes: 60,
    detaineeName: '古某',
    participants: [{ userId: organiser.id, sessionRole: 'investigator' }, ...others.map((o) => ({ userId: o.user.id, sessionRole: o.sessionRole as never }))],
  });
}
