/** The custody center's console: roster, movements (收押, 转押, 出所) and kiosk devices. */
export { admit } from './custody.service';
/** Routes under /api/custody/roster and /api/custody/persons/:id/{movements,admit,transfer,release}. */
export { custodyRoutes } from './custody.routes';
export type { RosterEntry, MovementView } from './custody.types';
/** Kiosk devices: routes under /api/custody/devices, /api/custody/rooms/:id/devices and /api/device. */
export { deviceRoutes } from './custody.devices.routes';
export type { DeviceView } from './custody.devices';
