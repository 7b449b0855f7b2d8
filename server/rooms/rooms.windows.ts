// Bookable windows are China local times of day (UTC+8 all year; China has no daylight saving).
import { chinaClock, endOfChinaDay } from '../vocabulary';
import type { TimeWindow } from './rooms.types';

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * True when every part of [startsAt, endsAt) on each China day lies inside one window of that
 * day. A slot runs past midnight only where a window ending at 24:00 meets one starting at 00:00
 * (a duty room open around the clock takes a 23:30 interrogation of an hour).
 */
export function fitsWindows(windows: readonly TimeWindow[], startsAt: Date, endsAt: Date): boolean {
  let from = startsAt.getTime();
  const to = endsAt.getTime();
  while (from < to) {
    const c = chinaClock(new Date(from));
    const pieceEnd = Math.min(to, endOfChinaDay(c.date).getTime());
    const end = c.minute + (pieceEnd - from) / 60_000;
    if (!windows.some((w) => c.minute >= minutesOf(w.start) && end <= minutesOf(w.end))) return false;
    from = pieceEnd;
  }
  return true;
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
