// The authorization matrix, generated: every account role × object (case, session, room, audit) ×
// scope (own, another case of the same agency, another agency) × read/write. Allowed cells must
// succeed; every forbidden cell must answer 403 or 404 and change nothing.
import type { UserRole } from '../../server/auth';
import { STAFF_ROLES, type StaffRole } from '../../server/vocabulary';
import { bookSession } from '../../server/scheduling';
import { actorOf, buildAgency, buildCase, buildDetainee, buildRoom, buildUser, type TestUser } from '../support/factories';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

// NOTE: the mediator takes part only in mediations, which this matrix (interrogations and trials) does not book.
const ROLES: readonly StaffRole[] = STAFF_ROLES.filter((r) => r !== 'mediator');
const OFFICIAL = new Set<UserRole>(['investigator', 'prosecutor', 'judge', 'clerk']);
type Scope = 'own' | 'other_case' | 'other_agency';
type Op = 'read' | 'write';
type Obj = 'case' | 'session' | 'room' | 'audit';
const AGENCY_KIND: Record<StaffRole, 'police' | 'procuratorate' | 'court' | 'custody_center' | 'justice_bureau'> = {
  investigator: 'police',
  prosecutor: 'procuratorate',
  judge: 'court',
  clerk: 'court',
  lawyer: 'justice_bureau',
  custody_officer: 'custody_center',
  interpreter: 'justice_bureau',
  observer: 'court',
  admin: 'custody_center',
  mediator: 'justice_bureau',
};
/** Roles listed in a trial (court case) rather than a police interrogation. */
const IN_TRIAL = new Set<UserRole>(['judge', 'clerk', 'lawyer', 'observer']);
const LISTED_AS: Partial<Record<UserRole, string>> = {
  investigator: 'investigator',
  prosecutor: 'prosecutor',
  judge: 'judge',
  clerk: 'clerk',
  lawyer: 'defence_lawyer',
  custody_officer: 'custody_officer',
  interpreter: 'interpreter',
  observer: 'observer',
};

/** The expected answer for one cell: the law of the platform written out as a table. */
function allowed(role: UserRole, obj: Obj, scope: Scope, op: Op): boolean {
  switch (obj) {
    case 'case':
      return OFFICIAL.has(role) && scope !== 'other_agency';
    case 'session':
      if (scope === 'other_agency') return false;
      if (role === 'custody_officer') return true; // sessions in the center's own rooms
      if (scope === 'other_case' || role === 'admin') return false;
      return op === 'read' || ['investigator', 'judge', 'clerk'].includes(role); // hosts change bookings
    case 'room':
      // NOTE: the installation's administrators set up every custody center's rooms (系统管理).
      return op === 'read' || role === 'admin' || (scope === 'own' && role === 'custody_officer');
    case 'audit':
      return op === 'read' && role === 'admin';
  }
}

let slot = 0;
// NOTE: one-hour slots from tomorrow 00:00 China time, 20 a day, so no booking crosses midnight.
const tomorrow = Date.parse(`${new Date(Date.now() + 32 * 3_600_000).toISOString().slice(0, 10)}T00:00:00+08:00`);
const nextStart = () => {
  const n = slot++;
  return new Date(tomorrow + Math.floor(n / 20) * 86_400_000 + (n % 20) * 3_600_000).toISOString();
};

/** Books a lawful session, optionally listing `listed` in its natural session role. */
async function session(holderAgency: string, centerId: string, listed: TestUser | null, trial: boolean) {
  const custody = listed?.role === 'custody_officer' ? listed : await buildUser(server.db, 'custody_officer', centerId);
  const room = await buildRoom(server.db, centerId);
  const extra = listed && listed.role !== 'custody_officer' ? [{ userId: listed.id, sessionRole: LISTED_AS[listed.role] as never }] : [];
  if (trial) {
    const judge = listed?.role === 'judge' ? listed : await buildUser(server.db, 'judge', holderAgency);
    const clerk = listed?.role === 'clerk' ? listed : await buildUser(server.db, 'clerk', holderAgency);
    const pros = await buildUser(server.db, 'prosecutor');
    const caseId = await buildCase(server.db, holderAgency, { fastTrack: true });
    const person = await buildDetainee(server.db, judge, caseId, centerId);
    const parts = [
      { userId: judge.id, sessionRole: 'judge' },
      { userId: clerk.id, sessionRole: 'clerk' },
      { userId: pros.id, sessionRole: 'prosecutor' },
      { userId: custody.id, sessionRole: 'custody_officer' },
      ...extra.filter((e) => e.userId !== judge.id && e.userId !== clerk.id),
    ];
    return bookSession(server.db, await actorOf(server.db, judge), {
      caseId,
      type: 'fast_track_trial',
      title: '速裁',
      custodyRoomId: room.id,
      personId: person.id,
      startsAt: nextStart(),
      minutes: 60,
      participants: parts as never,
    });
  }
  const inv = listed?.role === 'investigator' ? listed : await buildUser(server.db, 'investigator', holderAgency);
  const inv2 = await buildUser(server.db, 'investigator', holderAgency);
  const caseId = await buildCase(server.db, holderAgency);
  const person = await buildDetainee(server.db, inv, caseId, centerId);
  const parts = [
    { userId: inv.id, sessionRole: 'investigator' },
    { userId: inv2.id, sessionRole: 'investigator' },
    { userId: custody.id, sessionRole: 'custody_officer' },
    ...extra.filter((e) => e.userId !== inv.id),
  ];
  return bookSession(server.db, await actorOf(server.db, inv), {
    caseId,
    type: 'interrogation',
    title: '讯问',
    custodyRoomId: room.id,
    personId: person.id,
    startsAt: nextStart(),
    minutes: 60,
    participants: parts as never,
  });
}

it('answers every forbidden cell with 403 or 404 and every allowed cell with success', async () => {
  const cells: { role: UserRole; obj: Obj; scope: Scope; op: Op; status: number; ok: boolean }[] = [];
  const cancelTargets: string[] = [];
  const cancelAttempt = (sessionId: string, token: string) => {
    cancelTargets.push(sessionId);
    return server.request('POST', `/api/sessions/${sessionId}/cancel`, { token, body: { reason: '权限矩阵测试' } });
  };
  for (const role of ROLES) {
    const agency = await buildAgency(server.db, AGENCY_KIND[role]);
    const user = await buildUser(server.db, role, agency);
    const token = await server.login(user.username);
    const trial = IN_TRIAL.has(role);
    // The holder of "own" sessions is the user's agency when it can hold cases of that kind.
    const ownHolder =
      (trial && (role === 'judge' || role === 'clerk')) || role === 'investigator'
        ? agency
        : await buildAgency(server.db, trial ? 'court' : 'police');
    const ownCenter = role === 'custody_officer' || role === 'admin' ? agency : await buildAgency(server.db, 'custody_center');
    const farAgency = await buildAgency(server.db, trial ? 'court' : 'police');
    const farCenter = await buildAgency(server.db, 'custody_center');

    const fixtures: Record<Scope, () => Promise<{ caseId: string; sessionId: string; roomId: string }>> = {
      own: async () => {
        const s = await session(ownHolder, ownCenter, role === 'admin' ? null : user, trial);
        return { caseId: OFFICIAL.has(role) ? await buildCaseFor(agency) : s.caseId, sessionId: s.id, roomId: s.custodyRoomId as string };
      },
      other_case: async () => {
        const s = await session(ownHolder, ownCenter, null, trial);
        return { caseId: await buildCaseFor(agency), sessionId: s.id, roomId: (await buildRoom(server.db, farCenter)).id };
      },
      other_agency: async () => {
        const s = await session(farAgency, farCenter, null, trial);
        return { caseId: s.caseId, sessionId: s.id, roomId: s.custodyRoomId as string };
      },
    };
    for (const scope of ['own', 'other_case', 'other_agency'] as Scope[]) {
      for (const op of ['read', 'write'] as Op[]) {
        // NOTE: a fresh set of objects per cell, so an allowed write cannot hide a later forbidden one.
        const f = await fixtures[scope]();
        const centerOf = async (roomId: string) =>
          (await server.db('custody_rooms').where({ id: roomId }).first()).custody_center_id as string;
        const requests: Record<Obj, () => Promise<{ status: number }>> = {
          case: () =>
            op === 'read'
              ? server.request('GET', `/api/cases/${f.caseId}`, { token })
              : server.request('PATCH', `/api/cases/${f.caseId}`, { token, body: { stage: 'prosecution_review' } }),
          session: () =>
            op === 'read' ? server.request('GET', `/api/sessions/${f.sessionId}`, { token }) : cancelAttempt(f.sessionId, token),
          room: async () =>
            op === 'read'
              ? server.request('GET', `/api/custody-centers/${await centerOf(f.roomId)}/rooms`, { token })
              : server.request('PUT', `/api/rooms/${f.roomId}/windows`, { token, body: { windows: [{ start: '08:00', end: '12:00' }] } }),
          audit: () =>
            op === 'read'
              ? server.request('GET', '/api/audit/verify', { token })
              : server.request('DELETE', '/api/audit/entries/1', { token }),
        };
        for (const obj of ['case', 'session', 'room', 'audit'] as Obj[]) {
          const { status } = await requests[obj]();
          const ok = allowed(role, obj, scope, op);
          cells.push({ role, obj, scope, op, status, ok });
        }
      }
    }
  }
  const wrong = cells.filter((c) => (c.ok ? c.status >= 300 : c.status !== 403 && c.status !== 404));
  expect(wrong).toEqual([]);
  expect(cells).toHaveLength(ROLES.length * 4 * 3 * 2);
  expect(cells.filter((c) => !c.ok).length).toBeGreaterThan(cells.length / 2);
  // Nothing a forbidden write touched changed: only the allowed cells cancelled their session.
  const cancelled = await server
    .db('sessions')
    .whereIn('id', cancelTargets)
    .where({ state: 'cancelled' })
    .count<{ count: string }[]>('id as count');
  expect(Number(cancelled[0]?.count)).toBe(cells.filter((c) => c.obj === 'session' && c.op === 'write' && c.ok).length);
});

async function buildCaseFor(agencyId: string): Promise<string> {
  return buildCase(server.db, agencyId);
}
