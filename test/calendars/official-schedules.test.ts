import { describe, expect, it } from 'vitest';
import { BUILT_IN_NOTICES, createWorkingCalendar, draftYear, formatLocalDate, parseLocalDate } from '../../calendars/index';

const calendar = createWorkingCalendar();

/** Expands "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD" into dates. */
function dates(...ranges: string[]): string[] {
  return ranges.flatMap((range) => {
    const [from, to = from] = range.split('..') as [string, string?];
    const out: string[] = [];
    for (let d = parseLocalDate(from); d <= parseLocalDate(to!); d++) out.push(formatLocalDate(d));
    return out;
  });
}

/** Every day of a year: working exactly when Mon–Fri and not off, or a make-up day. */
function expectYear(year: number, off: string[], makeUp: string[]) {
  const wrong: string[] = [];
  for (let d = parseLocalDate(`${year}-01-01`); d <= parseLocalDate(`${year}-12-31`); d++) {
    const date = formatLocalDate(d);
    const weekday = new Date(d * 86_400_000).getUTCDay();
    const expected = makeUp.includes(date) || (weekday !== 0 && weekday !== 6 && !off.includes(date));
    if (calendar.isWorkingDay(date) !== expected) wrong.push(date);
  }
  expect(wrong).toEqual([]);
}

describe('official schedules', () => {
  it('follows every entry of the 2025 schedule (domain spec §6.4) on every day of the year', () => {
    const off = dates('2025-01-01', '2025-01-25..2025-02-02', '2025-04-07', '2025-04-30..2025-05-04', '2025-08-30..2025-09-02');
    expectYear(2025, off, ['2025-04-26']);
  });

  it('follows every entry of the 2026 schedule (domain spec §6.4) on every day of the year', () => {
    const off = dates('2026-01-01..2026-01-04', '2026-02-14..2026-02-22', '2026-04-25..2026-04-27', '2026-04-30..2026-05-03', '2026-08-29..2026-09-02');
    expectYear(2026, off, ['2026-01-10', '2026-08-22']);
  });

  it('follows the confirmed notices of 2020–2024', () => {
    expectYear(2020, dates('2020-01-01', '2020-01-23..2020-01-29', '2020-04-02', '2020-04-30..2020-05-01', '2020-09-02'), []);
    expectYear(2021, dates('2021-01-01', '2021-02-10..2021-02-16', '2021-04-21', '2021-04-30', '2021-05-03', '2021-09-02..2021-09-03'), []);
    expectYear(2022, dates('2022-01-03', '2022-01-31..2022-02-04', '2022-04-11', '2022-05-02..2022-05-03', '2022-09-01..2022-09-02'), []);
    expectYear(2023, dates('2023-01-02', '2023-01-20..2023-01-26', '2023-05-01..2023-05-03', '2023-09-01', '2023-09-04'), []);
    expectYear(2024, dates('2024-01-01', '2024-02-08..2024-02-14', '2024-04-18', '2024-04-29..2024-05-01', '2024-09-02..2024-09-03'), ['2024-05-04']);
  });

  it('names the swap on a swapped Friday and on its make-up Saturday', () => {
    expect(calendar.dayInfo('2025-05-02')).toMatchObject({
      working: false,
      reasons: [{ code: 'swapped_day_off', makeUpDate: '2025-04-26' }],
    });
    const saturday = calendar.dayInfo('2025-04-26');
    expect(saturday).toMatchObject({ working: true, reasons: [], makeUpWorkingDay: { swappedDate: '2025-05-02' } });
    expect(saturday.sessions).toEqual([
      { start: '07:30', end: '11:30' },
      { start: '13:00', end: '17:00' },
    ]);
  });

  it('names the holiday, the compensatory day and the swapped Monday of 2026', () => {
    expect(calendar.dayInfo('2026-02-17').reasons).toMatchObject([{ code: 'holiday', holiday: 'tet' }]);
    expect(calendar.dayInfo('2026-04-26').reasons.map((r) => r.code)).toEqual(['weekend', 'holiday']);
    expect(calendar.dayInfo('2026-04-27').reasons).toMatchObject([
      { code: 'compensatory', for: { holiday: 'hung_kings', date: '2026-04-26' } },
    ]);
    expect(calendar.dayInfo('2026-08-31').reasons).toMatchObject([{ code: 'swapped_day_off', makeUpDate: '2026-08-22' }]);
    expect(calendar.dayInfo('2026-01-02').reasons).toMatchObject([{ code: 'swapped_day_off', makeUpDate: '2026-01-10' }]);
    expect(calendar.dayInfo('2026-01-10').makeUpWorkingDay).toMatchObject({ swappedDate: '2026-01-02' });
    expect(calendar.dayInfo('2026-02-14').reasons).toMatchObject([{ code: 'weekend' }]);
  });

  it('cites a source document for every built-in entry', () => {
    for (const notice of BUILT_IN_NOTICES) {
      for (const entry of notice.entries) {
        const info = calendar.dayInfo(entry.date);
        const cited = info.makeUpWorkingDay ? [info.makeUpWorkingDay] : info.reasons.filter((r) => r.code !== 'weekend');
        expect(cited.length, entry.date).toBeGreaterThan(0);
        for (const r of cited) expect(r.source, entry.date).toMatch(/\S{3,}/);
      }
    }
    expect(BUILT_IN_NOTICES.map((n) => n.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('marks a year without an official notice as drafted', () => {
    expect(calendar.draftedYears).toContain(2027);
    expect(calendar.draftedYears).not.toContain(2026);
    expect(calendar.dayInfo('2027-02-10')).toMatchObject({
      drafted: true,
      working: false,
      reasons: [{ code: 'compensatory', for: { holiday: 'tet', date: '2027-02-06' } }],
    });
    expect(calendar.dayInfo('2026-12-31').drafted).toBe(false);
  });

  it('drafts 2027 from the rules: Tết 5–11 February, Hùng Kings 16 April, National Day 2–3 September', () => {
    const off = dates('2027-01-01', '2027-02-05..2027-02-11', '2027-04-16', '2027-04-30', '2027-05-03', '2027-09-02..2027-09-03');
    expectYear(2027, off, []);
  });

  it('drafts exactly the official 2022 schedule from the rules alone', () => {
    const official = BUILT_IN_NOTICES.find((n) => n.year === 2022)!;
    const key = (e: { date: string; kind: string }) => `${e.date}:${e.kind}`;
    expect(draftYear(2022).entries.map(key)).toEqual(official.entries.map(key));
  });
});
