// Golden tests from DOMAIN.md. `npm test` runs this suite in UTC and again in Asia/Shanghai; the
// results must not depend on the process time zone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  calendarYears,
  computeDeadline,
  extendHolidayCalendar,
  hasCalendarFor,
  isNonWorkingDay,
  warningLevel,
} from '../../server/deadlines';

const china = (local: string) => new Date(`${local}+08:00`);

describe('CPL Art. 105 deadline counting', () => {
  it('detained 2024-05-01 22:00 → first interrogation due 2024-05-02 22:00 (D2)', () => {
    const d = computeDeadline({ rule: 'D2', startedAt: china('2024-05-01T22:00:00'), inCustody: true });
    expect(d.dueAt.toISOString()).toBe(china('2024-05-02T22:00:00').toISOString());
    expect(d.dueDate).toBe('2024-05-02');
  });

  it('fast-track accepted 2024-05-01, sentence over one year → concluded by 2024-05-16 (D9)', () => {
    const d = computeDeadline({
      rule: 'D9',
      startedAt: china('2024-05-01T10:30:00'),
      inCustody: true,
      variant: { sentenceOverOneYear: true },
    });
    expect(d.dueDate).toBe('2024-05-16');
    expect(d.dueAt.toISOString()).toBe(china('2024-05-17T00:00:00').toISOString());
    expect(computeDeadline({ rule: 'D9', startedAt: china('2024-05-01T10:30:00'), inCustody: true }).dueDate).toBe('2024-05-11');
  });

  it('does not count the starting day even late in the evening or early in the morning', () => {
    for (const t of ['2024-03-04T00:05:00', '2024-03-04T23:55:00']) {
      expect(computeDeadline({ rule: 'D5', startedAt: china(t), inCustody: true }).dueDate).toBe('2024-03-11');
    }
  });

  it('keeps a custody deadline on a holiday, and rolls a non-custody one to the next working day', () => {
    // Review received 2024-09-21, plea fast-track (10 days): the last day is 2024-10-01, National Day.
    const input = { rule: 'D7' as const, startedAt: china('2024-09-21T09:00:00'), variant: { fastTrack: true } };
    const custody = computeDeadline({ ...input, inCustody: true });
    expect(custody.dueDate).toBe('2024-10-01');
    expect(custody.rolledFrom).toBeUndefined();
    const free = computeDeadline({ ...input, inCustody: false });
    expect(free.dueDate).toBe('2024-10-08');
    expect(free.rolledFrom).toBe('2024-10-01');
  });

  it('treats 调休 working weekends as working days and ordinary weekends as days off', () => {
    expect(isNonWorkingDay('2024-10-12')).toBe(false); // Saturday worked after National Day
    expect(isNonWorkingDay('2024-10-13')).toBe(true); // ordinary Sunday
    expect(isNonWorkingDay('2024-10-03')).toBe(true); // holiday on a weekday
    expect(isNonWorkingDay('2024-10-09')).toBe(false);
  });

  it('counts months to the same day number, or the last day of a shorter month (D6)', () => {
    expect(computeDeadline({ rule: 'D6', startedAt: china('2024-01-31T15:00:00'), inCustody: true }).dueDate).toBe('2024-03-31');
    expect(computeDeadline({ rule: 'D6', startedAt: china('2023-12-31T15:00:00'), inCustody: true }).dueDate).toBe('2024-02-29');
    expect(
      computeDeadline({ rule: 'D6', startedAt: china('2024-01-15T15:00:00'), inCustody: true, variant: { extensionMonths: 1 } }).dueDate,
    ).toBe('2024-04-15');
  });

  it('varies D4 with special extensions and the 30 days for roving or gang crime', () => {
    const at = china('2024-06-03T08:00:00');
    expect(computeDeadline({ rule: 'D4', startedAt: at, inCustody: true }).dueDate).toBe('2024-06-06');
    expect(computeDeadline({ rule: 'D4', startedAt: at, inCustody: true, variant: { specialExtensionDays: 4 } }).dueDate).toBe(
      '2024-06-10',
    );
    expect(computeDeadline({ rule: 'D4', startedAt: at, inCustody: true, variant: { rovingOrGang: true } }).dueDate).toBe('2024-07-03');
  });

  it('uses the China date of an instant given in UTC', () => {
    // 2024-05-01 17:00 UTC is already 2024-05-02 01:00 in China.
    expect(computeDeadline({ rule: 'D5', startedAt: new Date('2024-05-01T17:00:00Z'), inCustody: true }).dueDate).toBe('2024-05-09');
  });
});

describe('graded warnings', () => {
  const due = { dueAt: china('2024-05-02T22:00:00') };
  it.each([
    ['2024-05-01T12:00:00', 'ok'],
    ['2024-05-01T22:00:00', 't-24h'],
    ['2024-05-02T20:00:00', 't-2h'],
    ['2024-05-02T22:00:01', 'overdue'],
  ])('at %s the warning is %s', (now, level) => {
    expect(warningLevel(due, china(now))).toBe(level);
  });
});

describe('a year without a holiday notice', () => {
  // NOTE: 2099 has no notice; the test makes its own calendar file for it rather than relying on the built-in years.
  const input = { rule: 'D7' as const, startedAt: china('2099-09-21T09:00:00'), variant: { fastTrack: true }, inCustody: false };

  it('says so on every non-custody deadline that consulted it, and never on one in custody', () => {
    const free = computeDeadline(input);
    expect(free.calendarMissing).toEqual([2099]);
    expect(computeDeadline({ ...input, inCustody: true }).calendarMissing).toBeUndefined();
    expect(computeDeadline({ ...input, startedAt: china('2024-09-21T09:00:00') }).calendarMissing).toBeUndefined();
    expect(hasCalendarFor('2026-12-31')).toBe(true);
    expect(hasCalendarFor('2099-01-01')).toBe(false);
  });

  it('is extended from an operator file, which is checked date by date', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holidays-'));
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ 2099: { off: ['2098-10-01'], worked: [] } }));
    expect(() => extendHolidayCalendar(bad)).toThrow(/2098-10-01 is listed under 2099/);
    fs.writeFileSync(bad, JSON.stringify({ 2099: { off: ['2099-02-30'], worked: [] } }));
    expect(() => extendHolidayCalendar(bad)).toThrow(/not a calendar date/);
    expect(hasCalendarFor('2099-01-01')).toBe(false);

    const good = path.join(dir, 'holidays.json');
    const days = Array.from({ length: 7 }, (_, i) => `2099-10-0${i + 1}`);
    fs.writeFileSync(good, JSON.stringify({ 2099: { off: days, worked: ['2099-10-10'], source: '测试通知' } }));
    expect(extendHolidayCalendar(good)).toEqual([2099]);
    expect(calendarYears()).toContain(2099);
    // Review received 2099-09-21, plea fast-track: the last day 2099-10-01 is now a known holiday.
    const free = computeDeadline(input);
    expect(free).toMatchObject({ dueDate: '2099-10-08', rolledFrom: '2099-10-01' });
    expect(free.calendarMissing).toBeUndefined();
    expect(isNonWorkingDay('2099-10-10')).toBe(false);
  });
});
