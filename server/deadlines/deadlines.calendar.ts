// China's public-holiday calendar as data: days off (休) and the weekend days that are worked
// instead (调休上班). Source: the State Council General Office's yearly notices
// (国务院办公厅关于部分节假日安排的通知) for 2024, 2025 and 2026.
// NOTE: a year missing here is unknown: weekends count as days off, and every deadline computed
// with that year says so (`calendarMissing`). Operators add each new notice as data, without a
// release, through HOLIDAY_CALENDAR_FILE (see README, "The holiday calendar").
import fs from 'node:fs';
import { z } from 'zod';

type YearCalendar = { off: string[]; worked: string[] };

const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
};

const BUILT_IN: Readonly<Record<number, YearCalendar>> = {
  2024: {
    off: [
      '2024-01-01',
      ...range('2024-02-10', '2024-02-17'),
      ...range('2024-04-04', '2024-04-06'),
      ...range('2024-05-01', '2024-05-05'),
      '2024-06-10',
      ...range('2024-09-15', '2024-09-17'),
      ...range('2024-10-01', '2024-10-07'),
    ],
    worked: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  2025: {
    off: [
      '2025-01-01',
      ...range('2025-01-28', '2025-02-04'),
      ...range('2025-04-04', '2025-04-06'),
      ...range('2025-05-01', '2025-05-05'),
      ...range('2025-05-31', '2025-06-02'),
      ...range('2025-10-01', '2025-10-08'),
    ],
    worked: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    off: [
      ...range('2026-01-01', '2026-01-03'),
      ...range('2026-02-15', '2026-02-23'),
      ...range('2026-04-04', '2026-04-06'),
      ...range('2026-05-01', '2026-05-05'),
      ...range('2026-06-19', '2026-06-21'),
      ...range('2026-09-25', '2026-09-27'),
      ...range('2026-10-01', '2026-10-07'),
    ],
    worked: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

const years = new Map<number, YearCalendar>(Object.entries(BUILT_IN).map(([y, c]) => [Number(y), c]));
let off = new Set<string>();
let worked = new Set<string>();
const reindex = () => {
  off = new Set([...years.values()].flatMap((y) => y.off));
  worked = new Set([...years.values()].flatMap((y) => y.worked));
};
reindex();

/** True when the civil date (YYYY-MM-DD, China) is a statutory holiday or a weekend not worked. */
export function isNonWorkingDay(date: string): boolean {
  if (off.has(date)) return true;
  if (worked.has(date)) return false;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6;
}

/** True when the holiday notice for the year of `date` (YYYY-MM-DD) is known. */
export const hasCalendarFor = (date: string): boolean => years.has(Number(date.slice(0, 4)));

/** The years whose holiday notices are known, ascending. */
export const calendarYears = (): number[] => [...years.keys()].sort((a, b) => a - b);

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'not a calendar date',
  );
const fileSchema = z.record(
  z.string().regex(/^\d{4}$/),
  z.object({ off: z.array(isoDay), worked: z.array(isoDay), source: z.string().optional() }),
);

/**
 * Adds (or replaces) years of the holiday calendar from an operator's JSON file:
 * `{ "2027": { "off": ["2027-01-01", …], "worked": ["2027-02-07", …], "source": "国办发明电〔2026〕…" } }`.
 * Throws naming the problem; every date must lie in the year it is listed under.
 */
export function extendHolidayCalendar(file: string): number[] {
  const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const added: number[] = [];
  for (const [year, cal] of Object.entries(parsed.data)) {
    const stray = [...cal.off, ...cal.worked].find((d) => !d.startsWith(`${year}-`));
    if (stray) throw new Error(`${file}: ${stray} is listed under ${year}`);
    years.set(Number(year), { off: cal.off, worked: cal.worked });
    added.push(Number(year));
  }
  reindex();
  return added;
}
