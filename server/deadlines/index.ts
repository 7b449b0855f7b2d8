/** Statutory deadline computation (CPL Art. 105) and graded warnings. */
export { computeDeadline, warningLevel, type WarningLevel } from './deadlines.compute';
/** The D1-D15 rules and the facts that vary them. */
export type { DeadlineRule, RuleVariant } from './deadlines.rules';
/** China's holiday calendar as data. */
export { isNonWorkingDay, hasCalendarFor, calendarYears, extendHolidayCalendar } from './deadlines.calendar';
