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
