import { describe, expect, it } from 'vitest';
import { createWorkingCalendar, findUnit, formatInstant } from '../../calendars/index';

const calendar = createWorkingCalendar();
const receipt = (at: string) => formatInstant(calendar.officialReceiptTime(at));

describe('official receipt time', () => {
  it.each([
    ['07:29', '2025-06-02T07:30:00+07:00'],
    ['07:30', '2025-06-02T07:30:00+07:00'],
    ['11:29', '2025-06-02T11:29:00+07:00'],
    ['11:30', '2025-06-02T13:00:00+07:00'],
    ['12:00', '2025-06-02T13:00:00+07:00'],
    ['13:00', '2025-06-02T13:00:00+07:00'],
    ['16:59', '2025-06-02T16:59:00+07:00'],
    ['17:00', '2025-06-03T07:30:00+07:00'],
    ['23:59', '2025-06-03T07:30:00+07:00'],
  ])('moves a submission at %s on a Monday to %s', (time, expected) => {
    expect(receipt(`2025-06-02T${time}:00+07:00`)).toBe(expected);
  });

  it('keeps the exact instant, seconds and milliseconds, inside office hours', () => {
    expect(receipt('2025-06-02T09:15:42.123+07:00')).toBe('2025-06-02T09:15:42.123+07:00');
  });

  it('moves Saturday and Sunday submissions to Monday 07:30', () => {
    expect(receipt('2025-06-07T09:00:00+07:00')).toBe('2025-06-09T07:30:00+07:00');
    expect(receipt('2025-06-08T15:00:00+07:00')).toBe('2025-06-09T07:30:00+07:00');
  });

  it('reads instants in any offset as the same moment', () => {
    expect(receipt('2025-06-02T00:29:00Z')).toBe('2025-06-02T07:30:00+07:00');
    expect(receipt('2025-06-01T17:40:00-07:00')).toBe('2025-06-02T07:40:00+07:00');
    expect(calendar.officialReceiptTime(new Date('2025-06-02T03:00:00Z')).toISOString()).toBe('2025-06-02T03:00:00.000Z');
  });

  it('moves a submission on the eve of Tết to the first working day after the break', () => {
    expect(receipt('2026-02-13T17:30:00+07:00')).toBe('2026-02-23T07:30:00+07:00');
    expect(receipt('2025-01-28T10:00:00+07:00')).toBe('2025-02-03T07:30:00+07:00');
    expect(receipt('2025-01-24T16:00:00+07:00')).toBe('2025-01-24T16:00:00+07:00');
  });

  it('receives on a make-up Saturday as on a weekday', () => {
    expect(receipt('2025-04-26T09:00:00+07:00')).toBe('2025-04-26T09:00:00+07:00');
    expect(receipt('2025-04-25T18:00:00+07:00')).toBe('2025-04-26T07:30:00+07:00');
    expect(receipt('2026-08-21T17:05:00+07:00')).toBe('2026-08-22T07:30:00+07:00');
  });

  it('skips a swapped day off', () => {
    expect(receipt('2025-05-02T09:00:00+07:00')).toBe('2025-05-05T07:30:00+07:00');
    expect(receipt('2026-01-01T09:00:00+07:00')).toBe('2026-01-05T07:30:00+07:00');
  });
});

describe('official receipt time at a unit that receives on Saturday mornings', () => {
  const { unit } = findUnit('DEMO.SAT');
  const saturdayUnit = createWorkingCalendar({ unit });
  const at = (t: string) => formatInstant(saturdayUnit.officialReceiptTime(t));

  it('receives on an ordinary Saturday morning, and moves a Friday evening submission to it', () => {
    expect(at('2025-06-07T09:00:00+07:00')).toBe('2025-06-07T09:00:00+07:00');
    expect(at('2025-06-06T18:00:00+07:00')).toBe('2025-06-07T07:30:00+07:00');
    expect(at('2025-06-07T11:30:00+07:00')).toBe('2025-06-09T07:30:00+07:00');
    expect(saturdayUnit.dayInfo('2025-06-07')).toMatchObject({ working: false, receiptOnly: true });
  });

  it('does not receive on a Saturday inside an official break or on its own closure day', () => {
    expect(at('2026-02-14T09:00:00+07:00')).toBe('2026-02-23T07:30:00+07:00');
    expect(at('2025-05-03T09:00:00+07:00')).toBe('2025-05-05T07:30:00+07:00');
    expect(at('2026-03-13T09:00:00+07:00')).toBe('2026-03-14T07:30:00+07:00');
    expect(saturdayUnit.dayInfo('2026-03-13').reasons).toMatchObject([{ code: 'unit_closure' }]);
  });

  it('uses the default office hours for a unit that is not configured', () => {
    const { unit: unknown, known } = findUnit('NO.SUCH.UNIT');
    expect(known).toBe(false);
    expect(createWorkingCalendar({ unit: unknown }).version).toBe(calendar.version);
  });
});
