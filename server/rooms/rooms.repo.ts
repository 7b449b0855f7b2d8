import type { Db, Trx } from '../db/db';
import type { CustodyCenter, CustodyRoom, Outage, TimeWindow } from './rooms.types';

type Q = Db | Trx;
type RoomRow = { id: string; custody_center_id: string; name: string; equipment: string[]; windows: TimeWindow[] };
const toRoom = (r: RoomRow): CustodyRoom => ({
  id: r.id,
  custodyCenterId: r.custody_center_id,
  name: r.name,
  equipment: r.equipment,
  windows: r.windows,
});
type OutageRow = { id: string; room_id: string; starts_at: Date; ends_at: Date; reason: string };
const toOutage = (r: OutageRow): Outage => ({ id: r.id, roomId: r.room_id, startsAt: r.starts_at, endsAt: r.ends_at, reason: r.reason });

export async function listCenters(q: Q): Promise<CustodyCenter[]> {
  return (await q('agencies').where({ kind: 'custody_center' }).select('id', 'name').orderBy('name')) as CustodyCenter[];
}

export async function isCenter(q: Q, id: string): Promise<boolean> {
  return (await q('agencies').where({ id, kind: 'custody_center' }).first('id')) !== undefined;
}

export async function listRooms(q: Q, centerId: string): Promise<CustodyRoom[]> {
  return ((await q('custody_rooms').where({ custody_center_id: centerId }).orderBy('name')) as RoomRow[]).map(toRoom);
}

export async function findRoom(q: Q, id: string): Promise<CustodyRoom | null> {
  const row = (await q('custody_rooms').where({ id }).first()) as RoomRow | undefined;
  return row ? toRoom(row) : null;
}

export async function findRoomByName(q: Q, centerId: string, name: string): Promise<CustodyRoom | null> {
  const row = (await q('custody_rooms').where({ custody_center_id: centerId, name }).first()) as RoomRow | undefined;
  return row ? toRoom(row) : null;
}

export async function insertRoom(trx: Trx, r: Omit<CustodyRoom, 'id'>): Promise<CustodyRoom> {
  const [row] = await trx('custody_rooms')
    .insert({
      custody_center_id: r.custodyCenterId,
      name: r.name,
      equipment: JSON.stringify(r.equipment),
      windows: JSON.stringify(r.windows),
    })
    .returning('*');
  return toRoom(row as RoomRow);
}

export async function updateWindows(trx: Trx, id: string, windows: TimeWindow[]): Promise<void> {
  await trx('custody_rooms')
    .where({ id })
    .update({ windows: JSON.stringify(windows), updated_at: trx.fn.now() });
}

export async function insertOutage(trx: Trx, o: Omit<Outage, 'id'> & { createdBy: string }): Promise<string> {
  const [row] = await trx('custody_room_outages')
    .insert({
      room_id: o.roomId,
      period: trx.raw("tstzrange(?, ?, '[)')", [o.startsAt, o.endsAt]),
      reason: o.reason,
      created_by: o.createdBy,
    })
    .returning('id');
  return (row as { id: string }).id;
}

const outageCols = (q: Q) => ['id', 'room_id', 'reason', q.raw('lower(period) as starts_at'), q.raw('upper(period) as ends_at')];

/** Outages of the rooms overlapping [from, to). */
export async function listOutages(q: Q, roomIds: string[], from: Date, to: Date): Promise<Outage[]> {
  if (roomIds.length === 0) return [];
  return (
    (await q('custody_room_outages')
      .whereIn('room_id', roomIds)
      .whereRaw("period && tstzrange(?, ?, '[)')", [from, to])
      .select(outageCols(q))
      .orderByRaw('lower(period)')) as OutageRow[]
  ).map(toOutage);
}
