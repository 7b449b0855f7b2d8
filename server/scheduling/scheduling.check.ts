// What the booking form shows while the user picks: conflicts, problems, warnings and the deadlines
// of the case (the 48-hour D11 for a lawyer meeting). Writes nothing.
import type { AuthUser } from '../auth';
import { deadlinesOf, findRepresentation, type DeadlineView } from '../cases';
import type { Db } from '../db/db';
import { computeDeadline, warningLevel } from '../deadlines';
import { AppError, toWire, type BookingConflict, type WireError } from '../errors';
import * as repo from './scheduling.repo';
import type { BookInput } from './scheduling.schema';
import { plan, toConflicts, type Plan } from './scheduling.plan';

export type BookingCheck = {
  ok: boolean;
  conflicts: BookingConflict[];
  problems: WireError[];
  warnings: { code: string; message: string }[];
  deadlines: DeadlineView[];
};

/** What the booking form shows as the user picks: conflicts, problems and the case's deadlines. */
export async function checkBooking(db: Db, user: AuthUser, input: BookInput, now = new Date()): Promise<BookingCheck> {
  const problems: WireError[] = [];
  const warnings: { code: string; message: string }[] = [];
  let conflicts: BookingConflict[] = [];
  let p: Plan | undefined;
  try {
    p = await plan(db, user, input, now);
    conflicts = toConflicts(await repo.findClaims(db, p.resources, p.startsAt, p.endsAt));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    problems.push(toWire(err));
  }
  let deadlines: DeadlineView[] = [];
  if (input.type === 'lawyer_meeting' && input.personId) {
    const rep = await findRepresentation(db, input.personId, user.id);
    if (rep) {
      const d = computeDeadline({ rule: 'D11', startedAt: rep.papersPresentedAt, inCustody: true });
      const late = new Date(input.startsAt) > d.dueAt;
      deadlines = [
        {
          rule: 'D11',
          what: d.what,
          law: d.law,
          personId: rep.personId,
          personName: p?.person?.name ?? null,
          startedAt: d.startedAt.toISOString(),
          dueAt: d.dueAt.toISOString(),
          dueDate: d.dueDate,
          inCustody: true,
          status: 'open',
          warning: late ? 'overdue' : warningLevel(d, now),
          extensions: 0,
        },
      ];
      if (late) warnings.push({ code: 'after_d11', message: `the meeting would be after the 48-hour deadline (${d.dueAt.toISOString()})` });
    }
  } else if (input.caseId) {
    deadlines = (await deadlinesOf(db, user, input.caseId, now).catch(() => [])).filter(
      (d) => d.status === 'open' && (!input.personId || d.personId === input.personId || d.personId === null),
    );
  }
  for (const d of deadlines) {
    if (d.warning !== 'ok') warnings.push({ code: `deadline_${d.warning}`, message: `${d.rule} ${d.what}: due ${d.dueAt}` });
    if (d.status === 'open' && d.calendarMissing) {
      warnings.push({
        code: 'deadline_calendar_unknown',
        message:
          `${d.rule} ${d.what}: due ${d.dueDate} assumes only weekends are off in ` +
          `${d.calendarMissing.join(', ')} (no holiday notice in the calendar)`,
      });
    }
  }
  return { ok: problems.length === 0 && conflicts.length === 0, conflicts, problems, warnings, deadlines };
}
