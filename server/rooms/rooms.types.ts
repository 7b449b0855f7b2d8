export type TimeWindow = { start: string; end: string };
export const DEFAULT_WINDOWS: TimeWindow[] = [
  { start: '09:00', end: '11:00' },
  { start: '14:00', end: '16:00' },
];

export type CustodyRoom = { id: string; custodyCenterId: string; name: string; equipment: string[]; windows: TimeWindow[] };
export type Outage = { id: string; roomId: string; startsAt: Date; endsAt: Date; reason: string };
export type CustodyCenter = { id: string; name: string };
