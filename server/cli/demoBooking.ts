// The demo session's ids and slot, shared by `hearing demo` and `hearing bench-join`: looked up
// through the API as the booking form would, and booked for "now" in the 24-hour duty room.
import { DEMO_CASE, DEMO_PASSWORD } from '../seed';
import { DEMO_DUTY_ROOM } from '../seed';
import { ApiClient } from './apiClient';

const DEMO_CAST = ['custody', 'investigator', 'investigator2', 'prosecutor'] as const;

export type Ids = { caseId: string; personId: string; centerId: string; roomId: string; users: Record<string, string> };

/** Looks up the demo case, detainee, room and people through the API (as the booking form would). */
export async function demoIds(baseUrl: string, inv: ApiClient, cast: readonly string[] = DEMO_CAST): Promise<Ids> {
  const users: Record<string, string> = {};
  for (const u of cast) users[u] = (await ApiClient.login(baseUrl, u, DEMO_PASSWORD)).userId;
  const { cases } = await inv.call<{ cases: { id: string; caseNumber: string }[] }>('GET', '/api/cases');
  const kase = cases.find((c) => c.caseNumber === DEMO_CASE.caseNumber);
  if (!kase) throw new Error('the demo case is missing; is the demo data seeded?');
  const { case: view } = await inv.call<{ case: { persons: { id: string; name: string; custodyCenterId: string }[] } }>(
    'GET',
    `/api/cases/${kase.id}`,
  );
  const person = view.persons.find((p) => p.name === DEMO_CASE.detaineeName);
  if (!person) throw new Error('the demo detainee is missing');
  const { rooms } = await inv.call<{ rooms: { id: string; name: string }[] }>(
    'GET',
    `/api/custody-centers/${person.custodyCenterId}/rooms`,
  );
  const room = rooms.find((r) => r.name === DEMO_DUTY_ROOM);
  if (!room) throw new Error('the demo duty room is missing');
  return { caseId: kase.id, personId: person.id, centerId: person.custodyCenterId, roomId: room.id, users };
}

/** Frees the slot: a demo re-run cancels (with a reason) whatever earlier session holds these people now. */
export async function clearSlot(
  inv: ApiClient,
  ids: Ids,
  startsAt: Date,
  minutes: number,
  booking: { type: string; participants: { userId: string | undefined; sessionRole: string }[] } = {
    type: 'interrogation',
    participants: [
      { userId: ids.users.investigator, sessionRole: 'investigator' },
      { userId: ids.users.investigator2, sessionRole: 'investigator' },
      { userId: ids.users.prosecutor, sessionRole: 'prosecutor' },
      { userId: ids.users.custody, sessionRole: 'custody_officer' },
    ],
  },
): Promise<number> {
  const check = await inv.call<{ conflicts: { sessionId: string }[] }>('POST', '/api/scheduling/check', {
    caseId: ids.caseId,
    type: booking.type,
    title: 'check',
    custodyRoomId: ids.roomId,
    personId: ids.personId,
    startsAt: startsAt.toISOString(),
    minutes,
    participants: booking.participants,
  });
  const seen = new Set(check.conflicts.map((c) => c.sessionId));
  for (const id of seen) await inv.call('POST', `/api/sessions/${id}/cancel`, { reason: '演示脚本重新安排本时段' });
  return seen.size;
}

/** Now, rounded down to the minute, and how long a session may last without crossing China midnight. */
export function demoSlot(): { start: Date; minutes: number } {
  const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const minutes = Math.max(5, Math.min(60, 24 * 60 - Math.floor((start.getTime() / 60_000 + 8 * 60) % (24 * 60))));
  return { start, minutes };
}

/** Books the demo interrogation through the API (for benchmarks; the demo uses the booking form). */
export async function bookDemoSession(inv: ApiClient, ids: Ids, title: string): Promise<string> {
  const { start, minutes } = demoSlot();
  await clearSlot(inv, ids, start, minutes);
  const { session } = await inv.call<{ session: { id: string } }>('POST', '/api/sessions', {
    caseId: ids.caseId,
    type: 'interrogation',
    title,
    custodyRoomId: ids.roomId,
    personId: ids.personId,
    startsAt: start.toISOString(),
    minutes,
    participants: [
      { userId: ids.users.investigator, sessionRole: 'investigator' },
      { userId: ids.users.investigator2, sessionRole: 'investigator' },
      { userId: ids.users.prosecutor, sessionRole: 'prosecutor' },
      { userId: ids.users.custody, sessionRole: 'custody_officer' },
    ],
  });
  return session.id;
}
