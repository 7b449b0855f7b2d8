// Bookable windows are China local times of day (UTC+8 all year; China has no daylight saving).
import { chinaClock } from '../vocabulary';
import type { TimeWindow } from './rooms.types';

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** True when [startsAt, endsAt) lies on one China day inside one window. */
export function fitsWindows(windows: readonly TimeWindow[], startsAt: Date, endsAt: Date): boolean {
  const a = chinaClock(startsAt);
  const b = chinaClock(new Date(endsAt.getTime() - 1));
  if (a.date !== b.date) return false;
  const end = a.minute + (endsAt.getTime() - startsAt.getTime()) / 60_000;
  return windows.some((w) => a.minute >= minutesOf(w.start) && end <= minutesOf(w.end === '24:00' ? '24:00' : w.end));
}

/** Windows must be HH:MM pairs, ordered and not overlapping. */
export function validWindows(windows: readonly TimeWindow[]): boolean {
  let last = -1;
  for (const w of [...windows].sort((x, y) => minutesOf(x.start) - minutesOf(y.start))) {
    const s = minutesOf(w.start);
    const e = minutesOf(w.end);
    if (!(s < e) || s < last || e > 24 * 60) return false;
    last = e;
  }
  return true;
}
