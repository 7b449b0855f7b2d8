/** Custody rooms: windows, outages, management by the custody center. */
export {
  listRooms,
  findRoom,
  createRoom,
  createRoomAs,
  setWindows,
  addOutage,
  listOutages,
  listCenters,
  findRoomByName,
} from './rooms.service';
export { roomsRoutes } from './rooms.routes';
export { fitsWindows } from './rooms.windows';
export type { CustodyRoom, Outage, TimeWindow, CustodyCenter } from './rooms.types';
export { DEFAULT_WINDOWS } from './rooms.types';
/** Used by other domains (re-exported so they need not reach into this folder's files). */
export { CenterIdParam } from './rooms.schema';
