import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar, findUnit, type WorkingCalendar } from '../../calendars/index';

const FROM = Date.parse('2020-01-01T00:00:00+07:00');
const TO = Date.parse('2030-12-31T00:00:00+07:00');
const instant = fc.integer({ min: FROM, max: TO });
const minutes = fc.integer({ min: 1, max: 60 * 8 * 40 });
const OFFSET = 7 * 3_600_000;

/** Inside (or at the end of) a session of a working day, in local time. */
function inOfficeHours(calendar: WorkingCalendar, ms: number, endInclusive: boolean): boolean {
  const local = new Date(ms + OFFSET);
  const info = calendar.dayInfo(local.toISOString().slice(0, 10));
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60 + local.getUTCMilliseconds() / 60000;
  return info.sessions.some((s) => {
    const [sh, sm] = s.start.split(':').map(Number) as [number, number];
    const [eh, em] = s.end.split(':').map(Number) as [number, number];
    return minute >= sh * 60 + sm && (endInclusive ? minute <= eh * 60 + em : minute < eh * 60 + em);
  });
}

describe.each([
  ['default unit', createWorkingCalendar()],
  ['Saturday-receipt unit', createWorkingCalendar({ unit: findUnit('DEMO.SAT').unit })],
])('working-time properties (%s)', (_name, calendar) => {
  it('puts every official receipt time inside office hours, never earlier than the submission, and is idempotent', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const r = calendar.officialReceiptTime(t).getTime();
        expect(r).toBeGreaterThanOrEqual(t);
        expect(inOfficeHours(calendar, r, false)).toBe(true);
        expect(calendar.officialReceiptTime(r).getTime()).toBe(r);
      }),
      { numRuns: 2000 },
    );
  });

  it('lands every addition of working minutes inside office hours of a working day', () => {
    fc.assert(
      fc.property(instant, minutes, (t, m) => {
        const result = calendar.addWorkingMinutes(t, m);
        const info = calendar.dayInfo(new Date(result.getTime() + OFFSET).toISOString().slice(0, 10));
        expect(info.working).toBe(true);
        expect(inOfficeHours(calendar, result.getTime(), true)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('adds x then y working minutes exactly as it adds x + y', () => {
    fc.assert(
      fc.property(instant, minutes, minutes, (t, x, y) => {
        const stepwise = calendar.addWorkingMinutes(calendar.addWorkingMinutes(t, x), y).getTime();
        expect(stepwise).toBe(calendar.addWorkingMinutes(t, x + y).getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('measures exactly h working minutes between a and a + h working minutes', () => {
    fc.assert(
      fc.property(instant, minutes, (t, h) => {
        expect(calendar.workingMinutesBetween(t, calendar.addWorkingMinutes(t, h))).toBe(h);
      }),
      { numRuns: 2000 },
    );
  });

  it('never moves a due date earlier when the limit grows', () => {
    const value = fc.integer({ min: 1, max: 120 }).map((n) => n / 2);
    fc.assert(
      fc.property(instant, value, value, (t, a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        const receipt = calendar.officialReceiptTime(t);
        for (const unit of ['working_days', 'working_hours'] as const) {
          const early = calendar.dueAt(receipt, { unit, value: small }).getTime();
          expect(calendar.dueAt(receipt, { unit, value: large }).getTime()).toBeGreaterThanOrEqual(early);
        }
        const days = [Math.ceil(small), Math.ceil(large)] as const;
        const c1 = calendar.dueAt(receipt, { unit: 'calendar_days', value: days[0] }).getTime();
        expect(calendar.dueAt(receipt, { unit: 'calendar_days', value: days[1] }).getTime()).toBeGreaterThanOrEqual(c1);
      }),
      { numRuns: 1000 },
    );
  });

  it('ends every whole working-day limit at the end of office hours of a working day after the receipt date', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 60 }), (t, n) => {
        const receipt = calendar.officialReceiptTime(t);
        const deadline = calendar.dueDate(receipt, { unit: 'working_days', value: n });
        expect(deadline.dueAt.slice(11, 19)).toBe('17:00:00');
        expect(deadline.explanation.countedDays).toHaveLength(n);
        expect(deadline.explanation.countedDays[0]!.date > deadline.explanation.receiptDate).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
