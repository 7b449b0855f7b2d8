/** Custody rooms: windows, outages, management by the custody center. */
export {
  listRooms,
  findRoom,
  createRoom,
  listOutages,
  findRoomByName,
} from './rooms.service';
export { roomsRoutes } from './rooms.routes';
export { fitsWindows } from './rooms.windows';
/** Whether an agency is a custody center. */
export { isCenter } from './rooms.repo';
export type { CustodyRoom, CustodyCenter } from './rooms.types';
/** Used by other domains (re-exported so they need not reach into this folder's files). */
export { CenterIdParam } from './rooms.schema';
