// Calendar days for tests, computed from the moment the test runs: a test never books on a date
// that will one day be in the past.
import { chinaDate } from '../../server/vocabulary';

const DAY_MS = 86_400_000;

/** A generator of distinct China civil dates (YYYY-MM-DD), the first `fromDaysAhead` days after today. */
export function futureDays(fromDaysAhead = 2): () => string {
  let cursor = fromDaysAhead;
  return () => chinaDate(new Date(Date.now() + cursor++ * DAY_MS));
}

/** The instant of a China local time (HH:MM) on a civil date, as ISO 8601 in UTC. */
export const chinaAt = (day: string, hm: string): string => new Date(`${day}T${hm}:00+08:00`).toISOString();
