// Drafting a year that has no official notice yet, from the rules of the Labour Code 2019
// (Bộ luật Lao động 2019, Điều 111–112). A drafted year is always marked as such.
//
// Rules:
// - New Year 1/1; Victory Day 30/4; Labour Day 1/5; Hùng Kings 10/3 lunar.
// - Tết: the last day of the lunar year plus days 1–4 of the new year (5 days).
// - National Day 2/9 plus one adjacent day, chosen to join the nearest weekend:
//   2/9 on Mon → 3/9; Tue → 1/9; Wed → 1/9; Thu → 3/9; Fri → 1/9; Sat → 1/9; Sun → 3/9.
//   This matches every official choice of 2021–2026.
// - A holiday date on Saturday or Sunday gives one compensatory day on the next weekday that is
//   neither a holiday nor already a compensatory day (khoản 3 Điều 111).
// - No swapped days or make-up days are invented: those are decided yearly by the government.

import { formatLocalDate, parseLocalDate, weekdayOf } from './local-time';
import { lunarToSolarDay } from './lunar';
import type { NoticeEntry, YearNotice } from './notice-schema';
import type { HolidayCode } from './reasons';

export const DRAFT_RULES_VERSION = 'vn-labour-code-2019/draft-1';
const DRAFT_SOURCE = 'draft-rules';
/** Offset (days from 2/9) of the adjacent National Day holiday, by weekday of 2/9 (0 = Sunday). */
const NATIONAL_DAY_ADJACENT = [1, 1, -1, -1, 1, -1, -1] as const;

type Holiday = { day: number; holiday: HolidayCode };

function holidaysOf(year: number): Holiday[] {
  const solar = (month: number, day: number) => parseLocalDate(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  const tet = lunarToSolarDay({ year, month: 1, day: 1, leap: false });
  const nationalDay = solar(9, 2);
  const list: Holiday[] = [
    { day: solar(1, 1), holiday: 'new_year' },
    ...[-1, 0, 1, 2, 3].map((offset) => ({ day: tet + offset, holiday: 'tet' as const })),
    { day: lunarToSolarDay({ year, month: 3, day: 10, leap: false }), holiday: 'hung_kings' },
    { day: solar(4, 30), holiday: 'victory_day' },
    { day: solar(5, 1), holiday: 'labour_day' },
    { day: nationalDay, holiday: 'national_day' },
    { day: nationalDay + NATIONAL_DAY_ADJACENT[weekdayOf(nationalDay)]!, holiday: 'national_day' },
  ];
  return list.sort((a, b) => a.day - b.day);
}

function isWeekend(day: number): boolean {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6;
}

const cache = new Map<number, YearNotice>();

/** The drafted schedule of a year, in the same shape as an official notice. */
export function draftYear(year: number): YearNotice {
  const cached = cache.get(year);
  if (cached) return cached;
  const holidays = holidaysOf(year);
  const taken = new Set(holidays.map((h) => h.day));
  const entries: NoticeEntry[] = holidays.map((h) => ({
    date: formatLocalDate(h.day),
    kind: 'holiday',
    holiday: h.holiday,
    source: DRAFT_SOURCE,
  }));
  const compensated = new Set<number>();
  for (const h of holidays) {
    if (!isWeekend(h.day) || compensated.has(h.day)) continue;
    compensated.add(h.day);
    let day = h.day + 1;
    while (isWeekend(day) || taken.has(day)) day++;
    taken.add(day);
    entries.push({
      date: formatLocalDate(day),
      kind: 'compensatory',
      for: { holiday: h.holiday, date: formatLocalDate(h.day) },
      source: DRAFT_SOURCE,
    });
  }
  const notice: YearNotice = {
    schema: 'motcua.calendar-notice/v1',
    year,
    scope: 'civil_service',
    summary: `Drafted from the rules (${DRAFT_RULES_VERSION}); not an official schedule.`,
    sources: [{ id: DRAFT_SOURCE, document: `Drafted by Motcua (${DRAFT_RULES_VERSION})`, issuer: 'Motcua' }],
    entries: entries.filter((e) => e.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date)),
  };
  cache.set(year, notice);
  return notice;
}
