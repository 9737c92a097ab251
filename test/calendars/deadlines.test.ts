import { describe, expect, it } from 'vitest';
import { createWorkingCalendar, parseUnitSettings, type Limit } from '../../calendars/index';

const calendar = createWorkingCalendar();
const due = (receipt: string, limit: Limit) => calendar.dueDate(receipt, limit).dueAt;
const wd = (value: number): Limit => ({ unit: 'working_days', value });

describe('due dates in working days', () => {
  it('ends at 17:00 of the N-th working day after the receipt date', () => {
    expect(due('2025-06-02T10:00:00+07:00', wd(1))).toBe('2025-06-03T17:00:00+07:00');
    expect(due('2025-06-02T10:00:00+07:00', wd(3))).toBe('2025-06-05T17:00:00+07:00');
    expect(due('2025-06-05T10:00:00+07:00', wd(3))).toBe('2025-06-10T17:00:00+07:00');
  });

  it('does not count the receipt date even when received at 07:30 (Civil Code Art. 147)', () => {
    expect(due('2025-06-02T07:30:00+07:00', wd(1))).toBe('2025-06-03T17:00:00+07:00');
  });

  it('adds half a working day as 4 office hours: 8.5 working days end at 11:30 of the 9th', () => {
    expect(due('2025-06-02T10:00:00+07:00', wd(8.5))).toBe('2025-06-13T11:30:00+07:00');
    expect(due('2025-06-02T10:00:00+07:00', wd(1.5))).toBe('2025-06-04T11:30:00+07:00');
    expect(due('2025-06-02T10:00:00+07:00', wd(0.5))).toBe('2025-06-03T11:30:00+07:00');
    expect(due('2025-06-02T10:00:00+07:00', wd(0.75))).toBe('2025-06-03T15:00:00+07:00');
  });

  it('counts a make-up Saturday and skips the 2025 break of 30 April', () => {
    expect(due('2025-04-25T10:00:00+07:00', wd(3))).toBe('2025-04-29T17:00:00+07:00');
    expect(due('2025-04-29T10:00:00+07:00', wd(1))).toBe('2025-05-05T17:00:00+07:00');
  });

  it('crosses Tết 2026 and explains each skipped day: 7 working days from 11 February end on 27 February', () => {
    const deadline = calendar.dueDate('2026-02-11T09:00:00+07:00', wd(7));
    expect(deadline.dueAt).toBe('2026-02-27T17:00:00+07:00');
    const { countedDays, skippedDays, receiptDate } = deadline.explanation;
    expect(receiptDate).toBe('2026-02-11');
    expect(countedDays.map((d) => d.date)).toEqual([
      '2026-02-12', '2026-02-13', '2026-02-23', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27',
    ]);
    expect(countedDays.every((d) => d.workingMinutes === 480)).toBe(true);
    expect(skippedDays.map((d) => d.date)).toEqual([
      '2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22',
    ]);
    expect(skippedDays[2]!.reasons).toMatchObject([{ code: 'holiday', holiday: 'tet' }]);
    expect(skippedDays[0]!.reasons).toMatchObject([{ code: 'weekend' }]);
    expect(deadline).toMatchObject({ calendarVersion: calendar.version, drafted: false, draftedYears: [] });
  });

  it('records the drafted years a deadline depends on', () => {
    const deadline = calendar.dueDate('2026-12-28T09:00:00+07:00', wd(10));
    expect(deadline).toMatchObject({ drafted: true, draftedYears: [2027], dueAt: '2027-01-12T17:00:00+07:00' });
  });
});

describe('due dates in calendar days, same day and working hours', () => {
  it('ends a calendar-day period at 17:00 of the N-th day, or of the next working day', () => {
    expect(due('2025-06-02T10:00:00+07:00', { unit: 'calendar_days', value: 3 })).toBe('2025-06-05T17:00:00+07:00');
    expect(due('2025-06-02T10:00:00+07:00', { unit: 'calendar_days', value: 5 })).toBe('2025-06-09T17:00:00+07:00');
    expect(due('2026-02-04T10:00:00+07:00', { unit: 'calendar_days', value: 10 })).toBe('2026-02-23T17:00:00+07:00');
    const skipped = calendar.dueDate('2025-06-02T10:00:00+07:00', { unit: 'calendar_days', value: 5 }).explanation.skippedDays;
    expect(skipped.map((d) => d.date)).toEqual(['2025-06-07', '2025-06-08']);
  });

  it('returns a same-day result by 17:00 when received at or before the cut-off, else the next working day', () => {
    const sameDay: Limit = { unit: 'same_day', cutoff: '15:00' };
    expect(due('2025-06-02T15:00:00+07:00', sameDay)).toBe('2025-06-02T17:00:00+07:00');
    expect(due('2025-06-02T15:00:01+07:00', sameDay)).toBe('2025-06-03T17:00:00+07:00');
    expect(due('2025-06-06T16:00:00+07:00', sameDay)).toBe('2025-06-09T17:00:00+07:00');
    expect(due('2025-04-29T15:30:00+07:00', sameDay)).toBe('2025-05-05T17:00:00+07:00');
    const late = calendar.dueDate('2025-06-02T15:30:00+07:00', sameDay).explanation;
    expect(late.notes[0]!.en).toMatch(/after the 15:00 cut-off/);
  });

  it('counts working hours in office time from the official receipt time', () => {
    expect(due('2025-06-02T10:15:00+07:00', { unit: 'working_hours', value: 8 })).toBe('2025-06-03T10:15:00+07:00');
    expect(due('2025-06-02T07:30:00+07:00', { unit: 'working_hours', value: 8 })).toBe('2025-06-02T17:00:00+07:00');
    expect(due('2025-06-06T16:00:00+07:00', { unit: 'working_hours', value: 2 })).toBe('2025-06-09T08:30:00+07:00');
    expect(due('2025-06-02T11:00:00+07:00', { unit: 'working_hours', value: 1 })).toBe('2025-06-02T13:30:00+07:00');
  });

  it('measures working time between two instants, e.g. a pause across a weekend', () => {
    expect(calendar.workingMinutesBetween('2025-06-06T16:00:00+07:00', '2025-06-09T08:30:00+07:00')).toBe(120);
    expect(calendar.workingMinutesBetween('2025-06-02T12:00:00+07:00', '2025-06-02T12:30:00+07:00')).toBe(0);
    expect(calendar.workingMinutesBetween('2025-06-03T07:30:00+07:00', '2025-06-02T07:30:00+07:00')).toBe(-480);
  });

  it('refuses limits that are not positive numbers', () => {
    expect(() => calendar.dueDate('2025-06-02T10:00:00+07:00', wd(0))).toThrow(RangeError);
    expect(() => calendar.dueDate('2025-06-02T10:00:00+07:00', wd(Number.NaN))).toThrow(RangeError);
    expect(() => calendar.dueDate('2025-06-02T10:00:00+07:00', { unit: 'calendar_days', value: 1.5 })).toThrow(/whole/);
    expect(() => calendar.dueDate('2025-06-02T10:00:00+07:00', { unit: 'same_day', cutoff: '3pm' })).toThrow(RangeError);
    expect(() => calendar.dueDate('2025-06-02T10:00:00', wd(1))).toThrow(/offset/);
  });
});

describe('due dates at a unit with its own office hours', () => {
  const unit = parseUnitSettings({
    code: 'EARLY',
    sessions: [
      { start: '07:00', end: '11:00' },
      { start: '13:30', end: '17:30' },
    ],
  });
  const early = createWorkingCalendar({ unit });

  it("ends working days at the end of the unit's last session and halves its own day", () => {
    expect(early.dueDate('2025-06-02T10:00:00+07:00', wd(1)).dueAt).toBe('2025-06-03T17:30:00+07:00');
    expect(early.dueDate('2025-06-02T10:00:00+07:00', wd(0.5)).dueAt).toBe('2025-06-03T11:00:00+07:00');
    expect(formatIso(early.officialReceiptTime('2025-06-02T11:10:00+07:00'))).toBe('2025-06-02T06:30:00.000Z');
    expect(early.version).not.toBe(calendar.version);
  });
});

function formatIso(date: Date): string {
  return date.toISOString();
}
