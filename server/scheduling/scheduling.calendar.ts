// The week calendar of a custody center: its rooms with their windows and outages, and the
// sessions booked in them. Sessions the viewer may not see appear only as busy blocks.
import type { AuthUser } from '../auth';
import type { Db } from '../db/db';
import { Forbidden } from '../errors';
import { listOutages, listRooms, type CustodyRoom } from '../rooms';
import { chinaMidnight } from '../vocabulary';
import { canViewSession } from '../sessions';
import { presentSession } from '../sessions';
import { sessionsRepo as sessions } from '../sessions';
import type { SessionView } from '../sessions';

type CalendarEntry =
  | { busy: false; roomId: string; session: SessionView }
  | { busy: true; roomId: string; startsAt: string; endsAt: string };

export type Calendar = {
  centerId: string;
  weekStart: string;
  from: string;
  to: string;
  rooms: CustodyRoom[];
  outages: { roomId: string; startsAt: string; endsAt: string; reason: string }[];
  entries: CalendarEntry[];
};

const MAY_VIEW = new Set(['investigator', 'prosecutor', 'judge', 'clerk', 'lawyer', 'custody_officer', 'admin']);

export async function weekCalendar(db: Db, user: AuthUser, centerId: string, weekStart: string): Promise<Calendar> {
  if (!MAY_VIEW.has(user.role)) throw Forbidden(`role ${user.role} does not use the custody calendar`);
  const rooms = await listRooms(db, centerId);
  const from = chinaMidnight(weekStart);
  if (Number.isNaN(from.getTime())) throw Forbidden('invalid week');
  const to = new Date(from.getTime() + 7 * 86_400_000);
  const [list, outages] = await Promise.all([
    sessions.listInCenter(db, centerId, from, to),
    listOutages(
      db,
      rooms.map((r) => r.id),
      from,
      to,
    ),
  ]);
  const entries: CalendarEntry[] = list
    .filter((s) => s.state !== 'cancelled')
    .map((s) =>
      canViewSession(user, s)
        ? { busy: false, roomId: s.custodyRoomId as string, session: presentSession(s, user) }
        : { busy: true, roomId: s.custodyRoomId as string, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() },
    );
  return {
    centerId,
    weekStart,
    from: from.toISOString(),
    to: to.toISOString(),
    rooms,
    outages: outages.map((o) => ({
      roomId: o.roomId,
      startsAt: o.startsAt.toISOString(),
      endsAt: o.endsAt.toISOString(),
      reason: o.reason,
    })),
    entries,
  };
}
