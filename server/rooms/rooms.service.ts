import * as audit from '../audit';
import type { AuthUser } from '../auth';
import type { Db, Trx } from '../db/db';
import { Forbidden, NotFound } from '../errors';
import * as repo from './rooms.repo';
import type { OutageInput, RoomCreateInput } from './rooms.schema';
import { DEFAULT_WINDOWS, type CustodyRoom, type TimeWindow } from './rooms.types';

type Q = Db | Trx;

/** The custody center's own custody officers, and the installation's administrators, manage its rooms. */
const managesCenter = (user: AuthUser, centerId: string): boolean =>
  user.role === 'admin' || (user.agencyId === centerId && user.role === 'custody_officer');

export const listCenters = (db: Db) => repo.listCenters(db);

export async function listRooms(db: Db, centerId: string): Promise<CustodyRoom[]> {
  if (!(await repo.isCenter(db, centerId))) throw NotFound('custody center', centerId);
  return repo.listRooms(db, centerId);
}

export async function findRoom(q: Q, roomId: string): Promise<CustodyRoom> {
  const room = await repo.findRoom(q, roomId);
  if (!room) throw NotFound('custody room', roomId);
  return room;
}

/** Creates a room (audited); used by the API and by seeding. */
export async function createRoom(
  trx: Trx,
  actor: { userId: string | null; agencyId: string },
  centerId: string,
  input: RoomCreateInput,
): Promise<CustodyRoom> {
  const room = await repo.insertRoom(trx, {
    custodyCenterId: centerId,
    name: input.name,
    equipment: input.equipment,
    windows: input.windows ?? DEFAULT_WINDOWS,
  });
  await audit.record(trx, {
    actorUserId: actor.userId,
    agencyId: actor.agencyId,
    action: 'room.create',
    objectType: 'room',
    objectId: room.id,
    outcome: 'success',
    detail: { name: room.name, windows: room.windows },
  });
  return room;
}

export async function createRoomAs(db: Db, user: AuthUser, centerId: string, input: RoomCreateInput): Promise<CustodyRoom> {
  if (!(await repo.isCenter(db, centerId))) throw NotFound('custody center', centerId);
  if (!managesCenter(user, centerId)) throw Forbidden('only the custody center manages its rooms');
  return db.transaction((trx) => createRoom(trx, { userId: user.id, agencyId: user.agencyId }, centerId, input));
}

export async function setWindows(db: Db, user: AuthUser, roomId: string, windows: TimeWindow[]): Promise<CustodyRoom> {
  return db.transaction(async (trx) => {
    const room = await findRoom(trx, roomId);
    if (!managesCenter(user, room.custodyCenterId)) throw Forbidden('only the custody center manages its rooms');
    await repo.updateWindows(trx, roomId, windows);
    await audit.record(trx, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'room.windows.set',
      objectType: 'room',
      objectId: roomId,
      outcome: 'success',
      detail: { before: room.windows, after: windows },
    });
    return { ...room, windows };
  });
}

/** Takes a room out of service for a period (repairs, inspection); bookings inside it are refused. */
export async function addOutage(db: Db, user: AuthUser, roomId: string, input: OutageInput): Promise<string> {
  return db.transaction(async (trx) => {
    const room = await findRoom(trx, roomId);
    if (!managesCenter(user, room.custodyCenterId)) throw Forbidden('only the custody center manages its rooms');
    const id = await repo.insertOutage(trx, {
      roomId,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      reason: input.reason,
      createdBy: user.id,
    });
    await audit.record(trx, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'room.outage.add',
      objectType: 'room',
      objectId: roomId,
      outcome: 'success',
      detail: { outageId: id, ...input },
    });
    return id;
  });
}

export const listOutages = repo.listOutages;

/** A room's outages still running or to come (the next 180 days), soonest first. */
export async function upcomingOutages(db: Db, roomId: string, now = new Date()) {
  await findRoom(db, roomId);
  return repo.listOutages(db, [roomId], now, new Date(now.getTime() + 180 * 86_400_000));
}
export const findRoomByName = repo.findRoomByName;
