// China time: UTC+8 all year (Asia/Shanghai has no daylight saving). Every civil date, clock time
// and 24:00 of a day in the law is China time, whatever the server's or browser's time zone.
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The China civil date (YYYY-MM-DD) of an instant. */
export const chinaDate = (at: Date): string => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** The China civil date and the minute of that day (with seconds as a fraction) of an instant. */
export function chinaClock(at: Date): { date: string; minute: number } {
  const shifted = new Date(at.getTime() + OFFSET_MS);
  return {
    date: shifted.toISOString().slice(0, 10),
    minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() + shifted.getUTCSeconds() / 60,
  };
}

/** The instant China's civil date `date` (YYYY-MM-DD) begins. */
export const chinaMidnight = (date: string): Date => new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS);

/** The instant of 24:00 at the end of China's civil date `date`. */
export const endOfChinaDay = (date: string): Date => new Date(chinaMidnight(date).getTime() + DAY_MS);

/** "YYYY-MM-DDTHH:MM" in China time: the value of a datetime-local input. */
export const chinaLocalInput = (at: Date): string => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 16);

/** The instant of a China local "YYYY-MM-DDTHH:MM" (a datetime-local input's value). */
export const fromChinaLocalInput = (value: string): Date => new Date(`${value}:00+08:00`);

/** The China date plus `n` civil days (YYYY-MM-DD). */
export function addChinaDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** "2026年11月21日 09时30分": how records and documents print an instant. */
export function chinaWritten(at: Date): string {
  const s = new Date(at.getTime() + OFFSET_MS).toISOString();
  return `${s.slice(0, 4)}年${s.slice(5, 7)}月${s.slice(8, 10)}日 ${s.slice(11, 13)}时${s.slice(14, 16)}分`;
}

/** "2026/11/21 09:30:00" in China time, as the UI shows instants. */
export function chinaDisplay(at: Date | string): string {
  const s = new Date(typeof at === 'string' ? Date.parse(at) : at.getTime()).getTime() + OFFSET_MS;
  const iso = new Date(s).toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)} ${iso.slice(11, 19)}`;
}
