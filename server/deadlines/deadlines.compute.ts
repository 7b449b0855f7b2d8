// CPL Art. 105 counting. Hour periods run from the event; day and month periods do not count the
// starting day and end at 24:00 (China time) of the last day. A last day on a holiday moves to
// the next working day, except while the person is in custody. Pure functions, no I/O.
import { addChinaDays as addDays, chinaDate, endOfChinaDay, type WarningLevel } from '../vocabulary';
import { hasCalendarFor, isNonWorkingDay } from './deadlines.calendar';
import { RULES, type DeadlineRule, type RuleVariant } from './deadlines.rules';

// NOTE: a month period ends on the same day number of the later month, or its last day if shorter.
const addMonths = (date: string, n: number): string => {
  const [y, m, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + n, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
};

export type Deadline = {
  rule: DeadlineRule;
  what: string;
  law: string;
  startedAt: Date;
  dueAt: Date;
  /** The last day (China civil date) on which the act is still in time. */
  dueDate: string;
  /** Set when the last day fell on a holiday and moved to this working day (never in custody). */
  rolledFrom?: string;
  /**
   * Years consulted for holidays whose official notice is not in the calendar: the due date
   * assumes only weekends are off there, and may be wrong. Absent when nothing was assumed.
   */
  calendarMissing?: number[];
};

export type DeadlineInput = { rule: DeadlineRule; startedAt: Date; inCustody: boolean; variant?: RuleVariant };

/** When a deadline falls due. */
export function computeDeadline(input: DeadlineInput): Deadline {
  const def = RULES[input.rule];
  const period = def.period(input.variant ?? {});
  const base = { rule: def.rule, what: def.what, law: def.law, startedAt: input.startedAt };
  if (period.unit === 'hours') {
    const dueAt = new Date(input.startedAt.getTime() + period.amount * 3_600_000);
    return { ...base, dueAt, dueDate: chinaDate(dueAt) };
  }
  const start = chinaDate(input.startedAt);
  const last = period.unit === 'days' ? addDays(start, period.amount) : addMonths(start, period.amount);
  // NOTE: in custody the date never moves, so the holiday calendar is not consulted at all.
  if (input.inCustody) return { ...base, dueAt: endOfChinaDay(last), dueDate: last };
  const consulted = [last];
  let day = last;
  while (isNonWorkingDay(day)) {
    day = addDays(day, 1);
    consulted.push(day);
  }
  const missing = [...new Set(consulted.filter((d) => !hasCalendarFor(d)).map((d) => Number(d.slice(0, 4))))];
  return {
    ...base,
    dueAt: endOfChinaDay(day),
    dueDate: day,
    ...(day !== last ? { rolledFrom: last } : {}),
    ...(missing.length ? { calendarMissing: missing } : {}),
  };
}

export type { WarningLevel } from '../vocabulary';

/** Graded warning for a deadline at a moment: 24 hours and 2 hours before, and overdue. */
export function warningLevel(d: Pick<Deadline, 'dueAt'>, now: Date): WarningLevel {
  const left = d.dueAt.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  if (left <= 2 * 3_600_000) return 't-2h';
  if (left <= 24 * 3_600_000) return 't-24h';
  return 'ok';
}
