import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../calendars';
import { addDays, codeDate, nextTetBreak, nextWorkingDay, ordinaryWeeks, workingDaysAfter } from './dates';

// The date finder the time-skipping scenarios rely on, pinned on the official 2026 schedule (Tết 14–22 Feb, make-up
// Saturday 22 Aug for Mon 31 Aug, National Day 1–2 Sep): if it picked a week with a day off, every scenario's
// arithmetic would be wrong.
describe('finding scenario dates in the working calendar', () => {
  const calendar = createWorkingCalendar();

  it('skips weeks with a holiday, a Tết weekend or a make-up Saturday in them when it looks for ordinary weeks', () => {
    expect(ordinaryWeeks(calendar, '2026-02-02', 2)).toBe('2026-02-02'); // 2–13 Feb, the weekend before Tết plain
    expect(ordinaryWeeks(calendar, '2026-02-03', 2)).toBe('2026-02-23'); // not 9 Feb: 16–20 Feb are Tết
    expect(ordinaryWeeks(calendar, '2026-08-10', 1)).toBe('2026-08-10');
    expect(ordinaryWeeks(calendar, '2026-08-11', 1)).toBe('2026-08-24'); // not 17 Aug: Saturday 22 Aug is worked
    expect(ordinaryWeeks(calendar, '2026-08-11', 2)).toBe('2026-09-07'); // not 24 Aug: 31 Aug – 2 Sep are off
  });

  it('finds the last working day before the Tết break and the first after it', () => {
    expect(nextTetBreak(calendar, '2026-01-01')).toEqual({
      tet: '2026-02-17',
      lastWorkingDayBefore: '2026-02-13',
      firstWorkingDayAfter: '2026-02-23',
      daysOff: Array.from({ length: 9 }, (_, i) => addDays('2026-02-14', i)),
    });
    // Once that break has begun, the next one is a year on.
    expect(nextTetBreak(calendar, '2026-02-14').tet.slice(0, 4)).toBe('2027');
  });

  it('counts working days over weekends and holidays, and formats dates as dossier codes do', () => {
    expect(nextWorkingDay(calendar, '2026-04-25')).toBe('2026-04-28'); // Sat, Sun, Hùng Kings (observed Mon 27)
    expect(workingDaysAfter(calendar, '2026-04-29', 1)).toBe('2026-05-04'); // 30/4–3/5 off
    expect(workingDaysAfter(calendar, '2026-04-29', 0)).toBe('2026-04-29');
    expect(codeDate('2026-12-09')).toBe('261209');
  });
});
