// Test data factories: each call creates uniquely named rows through the real services and repos.
import { randomUUID } from 'node:crypto';
import { hashPassword, type AuthUser, type UserRole, type AgencyKind, findUserForSystem } from '../../server/auth';
import { addPerson, createCase, setKeyDate } from '../../server/cases';
import type { Db } from '../../server/db/db';
import { createRoom } from '../../server/rooms';
import { bookSession } from '../../server/scheduling';
import type { Session } from '../../server/sessions';
import * as record from '../../server/sessions/sessions.record';
import { insertAgency, insertUser } from '../../server/seed/seed.repo';
import { TEST_PASSWORD } from './testServer';

const uniq = () => randomUUID().slice(0, 8);
let hashed: Promise<string> | undefined;

export async function buildAgency(db: Db, kind: AgencyKind = 'police'): Promise<string> {
  const code = `T-${kind}-${uniq()}`;
  return db.transaction((trx) => insertAgency(trx, { code, name: `测试机关 ${code}`, kind }));
}

export type TestUser = { id: string; username: string; agencyId: string; role: UserRole };

const KIND_OF_ROLE: Partial<Record<UserRole, AgencyKind>> = {
  custody_officer: 'custody_center',
  judge: 'court',
  clerk: 'court',
  prosecutor: 'procuratorate',
  lawyer: 'justice_bureau',
  mediator: 'justice_bureau',
};

export async function buildUser(db: Db, role: UserRole, agencyId?: string): Promise<TestUser> {
  const agency = agencyId ?? (await buildAgency(db, KIND_OF_ROLE[role] ?? 'police'));
  const username = `${role}-${uniq()}`;
  hashed ??= hashPassword(TEST_PASSWORD);
  const id = await db.transaction(async (trx) =>
    insertUser(trx, { agencyId: agency, username, displayName: `测试${role}`, role, passwordHash: await hashed! }),
  );
  return { id, username, agencyId: agency, role };
}

/** Acts as a user without a login (factories only). */
export async function actorOf(db: Db, u: TestUser): Promise<AuthUser> {
  return { ...(await findUserForSystem(db, u.id)), authSessionId: 'test' };
}

export async function buildCase(db: Db, agencyId: string, opts: { fastTrack?: boolean } = {}): Promise<string> {
  const c = await db.transaction((trx) =>
    createCase(
      trx,
      { userId: null, agencyId },
      {
        caseNumber: `测试刑字〔2026〕${uniq()}号`,
        title: '测试帮助信息网络犯罪活动案',
        charge: '帮助信息网络犯罪活动罪',
        ...(opts.fastTrack ? { fastTrack: true } : {}),
      },
    ),
  );
  return c.id;
}

/** A test resident ID: 17 random digits and a check character (the check is not validated). */
export const fakeIdNumber = (): string => `1507${String(Math.floor(Math.random() * 1e13)).padStart(13, '0')}X`;

/** A suspect of the case detained at the custody center, with a detention date. */
export async function buildDetainee(db: Db, holder: TestUser, caseId: string, centerId: string, idNumber = fakeIdNumber()) {
  const actor = await actorOf(db, holder);
  const person = await addPerson(db, actor, caseId, {
    name: `古某${uniq().slice(0, 3)}`,
    personRole: 'suspect',
    idNumber,
    custodyStatus: 'detained',
    custodyCenterId: centerId,
  });
  await setKeyDate(db, actor, caseId, { personId: person.id, kind: 'detention', at: new Date(Date.now() - 3_600_000).toISOString() });
  return { ...person, idNumber };
}

/** A custody room bookable around the clock unless windows are given. */
export async function buildRoom(db: Db, centerId: string, windows = [{ start: '00:00', end: '24:00' }]) {
  return db.transaction((trx) =>
    createRoom(trx, { userId: null, agencyId: centerId }, centerId, {
      name: `提讯室-${uniq()}`,
      equipment: ['摄像头', '示证显示器'],
      windows,
    }),
  );
}

export type BuiltSession = Session & { investigator2: TestUser; custody: TestUser; idNumber: string; roomId: string; personId: string };

/**
 * A lawful remote interrogation booked through the real scheduling service: the organiser, a
 * second investigator and a custody officer (created unless given in `others`), a detainee held at
 * the custody officer's center, and a room there. With `admitted`, the host has opened the lobby
 * and admitted everyone (as after an earlier admission in the same hearing).
 */
export async function buildSession(
  db: Db,
  organiser: TestUser,
  others: { user: TestUser; sessionRole: string }[] = [],
  opts: {
    admitted?: boolean;
    startsAt?: Date;
    minutes?: number;
    /** A case, detainee and room made elsewhere (through the UI); built here otherwise. */
    existing?: { caseId: string; personId: string; roomId: string };
  } = {},
): Promise<BuiltSession> {
  const custody = others.find((o) => o.sessionRole === 'custody_officer')?.user ?? (await buildUser(db, 'custody_officer'));
  const investigator2 =
    others.find((o) => o.sessionRole === 'investigator')?.user ?? (await buildUser(db, 'investigator', organiser.agencyId));
  const list = [...others];
  if (!list.some((o) => o.user.id === custody.id)) list.push({ user: custody, sessionRole: 'custody_officer' });
  if (!list.some((o) => o.user.id === investigator2.id)) list.push({ user: investigator2, sessionRole: 'investigator' });
  const caseId = opts.existing?.caseId ?? (await buildCase(db, organiser.agencyId));
  const person = opts.existing
    ? { id: opts.existing.personId, idNumber: '' }
    : await buildDetainee(db, organiser, caseId, custody.agencyId);
  const room = opts.existing ? { id: opts.existing.roomId } : await buildRoom(db, custody.agencyId);
  const actor = await actorOf(db, organiser);
  const s = await bookSession(db, actor, {
    caseId,
    type: 'interrogation',
    title: `测试讯问 ${uniq()}`,
    custodyRoomId: room.id,
    personId: person.id,
    startsAt: (opts.startsAt ?? new Date()).toISOString(),
    minutes: opts.minutes ?? 60,
    participants: [
      { userId: organiser.id, sessionRole: 'investigator' },
      ...list.map((o) => ({ userId: o.user.id, sessionRole: o.sessionRole as never })),
    ],
  });
  if (opts.admitted) {
    const host = { user: actor, participant: s.participants.find((p) => p.userId === organiser.id)!, endpoint: 'user' as const };
    await record.openLobby(db, s.id, host);
    for (const p of s.participants) if (p.userId !== organiser.id) await record.admit(db, s.id, host, p.id);
  }
  return { ...s, investigator2, custody, idNumber: person.idNumber, roomId: room.id, personId: person.id };
}
