// `npm run bench:book`: booking latency through the HTTP API (p50/p95 over N sequential bookings,
// each on its own future slot), and a race of R simultaneous bookings of one slot, which the
// database's exclusion constraint must resolve to exactly one winner. Runs on a private platform.
import { addChinaDays, chinaDate, chinaMidnight } from '../vocabulary';
import { DEMO_PASSWORD } from '../seed';
import { ApiClient } from './apiClient';
import { demoIds, type Ids } from './demoBooking';
import { openTarget } from './localPlatform';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

const body = (ids: Ids, startsAt: Date) => ({
  caseId: ids.caseId,
  type: 'interrogation',
  title: 'bench:book',
  custodyRoomId: ids.roomId,
  personId: ids.personId,
  startsAt: startsAt.toISOString(),
  minutes: 50,
  participants: [
    { userId: ids.users.investigator, sessionRole: 'investigator' },
    { userId: ids.users.investigator2, sessionRole: 'investigator' },
    { userId: ids.users.custody, sessionRole: 'custody_officer' },
  ],
});

export async function runBenchBook(o: { bookings: number; racers: number }): Promise<number> {
  const target = await openTarget(undefined);
  try {
    const inv = (await ApiClient.login(target.url, 'investigator', DEMO_PASSWORD)).client;
    const ids = await demoIds(target.url, inv);
    // One-hour slots from tomorrow 00:00 China time, 20 a day.
    // NOTE: from the second China day ahead on, so every slot is in the future.
    const base = chinaMidnight(addChinaDays(chinaDate(new Date()), 2)).getTime();
    const slot = (n: number) => new Date(base + Math.floor(n / 20) * 86_400_000 + (n % 20) * 3_600_000);
    const samples: number[] = [];
    for (let i = 0; i < o.bookings; i += 1) {
      const t0 = performance.now();
      await inv.call('POST', '/api/sessions', body(ids, slot(i)));
      samples.push(performance.now() - t0);
    }
    const raceSlot = slot(o.bookings + 1);
    const t0 = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: o.racers }, () => inv.call('POST', '/api/sessions', body(ids, raceSlot))),
    );
    const raceMs = performance.now() - t0;
    const winners = results.filter((r) => r.status === 'fulfilled').length;
    const conflicts = results.filter((r) => r.status === 'rejected' && String(r.reason).includes('booking_conflict')).length;
    const sorted = [...samples].sort((a, b) => a - b);
    console.log(
      `bench:book sequential n=${o.bookings} p50=${Math.round(pct(sorted, 50))}ms p95=${Math.round(pct(sorted, 95))}ms max=${Math.round(sorted[sorted.length - 1] ?? 0)}ms`,
    );
    console.log(
      `bench:book race racers=${o.racers} winners=${winners} booking_conflict=${conflicts} all_answered_in=${Math.round(raceMs)}ms`,
    );
    return winners === 1 && conflicts === o.racers - 1 ? 0 : 1;
  } finally {
    await target.close();
  }
}
