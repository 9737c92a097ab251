// The Vietnamese lunisolar calendar (âm lịch), computed for the UTC+7 meridian.
//
// Rules (Hồ Ngọc Đức, "Computing the Vietnamese lunar calendar", calrules_v02, see astronomy.ts):
// 1. A month begins on the local day of an astronomical new moon (ngày Sóc).
// 2. Month 11 is the month containing the winter solstice (Đông chí).
// 3. When 13 months lie between two months 11, the first month after month 11 without a major
//    solar term (trung khí) is the leap month (tháng nhuận) and repeats the previous month's number.
// Vietnam computes on UTC+7 and China on UTC+8, which is why Tết differs in some years
// (1985, 2007, 2030 …). Never substitute a Chinese lunar library.

import { JDN_UNIX_EPOCH, newMoonDay, solarSector } from './astronomy';
import { formatLocalDate, parseLocalDate } from './local-time';

export const VIETNAM_UTC_HOURS = 7;
/** Solar dates from 1900-01-01 to 2100-12-31 are supported. */
export const LUNAR_RANGE = { from: '1900-01-01', to: '2100-12-31' } as const;

export type LunarDate = { year: number; month: number; day: number; leap: boolean };

type MonthTable = {
  starts: number[]; // epoch day of each month's first day, ascending, plus one sentinel
  months: LunarDate[]; // day is always 1
  index: Map<string, number>;
};

const SYNODIC_MONTH = 29.530588853;
const tables = new Map<number, MonthTable>();

function month11Start(solarYear: number, hours: number): number {
  const dec31 = parseLocalDate(`${solarYear}-12-31`) + JDN_UNIX_EPOCH;
  const k = Math.floor((dec31 - 2415021) / SYNODIC_MONTH);
  const day = newMoonDay(k, hours);
  return solarSector(day, hours) >= 9 ? newMoonDay(k - 1, hours) : day;
}

function lunationOf(jdn: number): number {
  return Math.floor((jdn - 2415021.076998695) / SYNODIC_MONTH + 0.5);
}

/** Offset (1–12) from month 11 of the leap month: the first month with no major solar term. */
function leapOffset(k11: number, hours: number): number {
  for (let i = 1; i < 14; i++) {
    if (solarSector(newMoonDay(k11 + i, hours), hours) === solarSector(newMoonDay(k11 + i + 1, hours), hours)) {
      return i;
    }
  }
  return 13;
}

function buildTable(hours: number): MonthTable {
  const starts: number[] = [];
  const months: LunarDate[] = [];
  for (let year = 1899; year <= 2101; year++) {
    const k11 = lunationOf(month11Start(year - 1, hours));
    const count = lunationOf(month11Start(year, hours)) - k11;
    const leapAt = count === 13 ? leapOffset(k11, hours) : -1;
    for (let i = 0; i < count; i++) {
      const number = leapAt >= 0 && i >= leapAt ? i + 10 : i + 11;
      const month = number > 12 ? number - 12 : number;
      const lunarYear = month >= 11 && i < 4 ? year - 1 : year;
      starts.push(newMoonDay(k11 + i, hours) - JDN_UNIX_EPOCH);
      months.push({ year: lunarYear, month, day: 1, leap: i === leapAt });
    }
  }
  starts.push(newMoonDay(lunationOf(month11Start(2101, hours)), hours) - JDN_UNIX_EPOCH);
  const index = new Map(months.map((m, i) => [monthKey(m), i] as const));
  return { starts, months, index };
}

function monthKey(m: { year: number; month: number; leap: boolean }): string {
  return `${m.year}/${m.month}/${m.leap ? 'L' : ''}`;
}

function tableFor(hours: number): MonthTable {
  let table = tables.get(hours);
  if (!table) {
    table = buildTable(hours);
    tables.set(hours, table);
  }
  return table;
}

const RANGE_FROM = parseLocalDate(LUNAR_RANGE.from);
const RANGE_TO = parseLocalDate(LUNAR_RANGE.to);

/** Lunar date of a local solar day given as days since 1970-01-01. */
export function solarDayToLunar(epochDay: number, hours = VIETNAM_UTC_HOURS): LunarDate {
  if (epochDay < RANGE_FROM || epochDay > RANGE_TO) {
    throw new RangeError(`date outside the lunar calendar's range ${LUNAR_RANGE.from}…${LUNAR_RANGE.to}`);
  }
  const { starts, months } = tableFor(hours);
  let lo = 0;
  let hi = months.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= epochDay) lo = mid;
    else hi = mid - 1;
  }
  const month = months[lo] as LunarDate;
  return { ...month, day: epochDay - (starts[lo] as number) + 1 };
}

/** Lunar date of a local solar date 'YYYY-MM-DD' (Vietnamese calendar, UTC+7). */
export function solarToLunar(localDate: string): LunarDate {
  return solarDayToLunar(parseLocalDate(localDate));
}

/** Local solar day (days since 1970-01-01) of a lunar date; throws if that lunar date does not exist. */
export function lunarToSolarDay(lunar: LunarDate, hours = VIETNAM_UTC_HOURS): number {
  const { starts, index } = tableFor(hours);
  const i = index.get(monthKey(lunar));
  const start = i === undefined ? undefined : starts[i];
  const next = i === undefined ? undefined : starts[i + 1];
  if (start === undefined || next === undefined) {
    const what = `${lunar.year}-${lunar.month}${lunar.leap ? ' (leap)' : ''}`;
    throw new RangeError(`lunar month ${what} does not exist or is outside the supported range`);
  }
  if (!Number.isInteger(lunar.day) || lunar.day < 1 || lunar.day > next - start) {
    throw new RangeError(`lunar month ${lunar.year}-${lunar.month} has ${next - start} days, not day ${lunar.day}`);
  }
  const day = start + lunar.day - 1;
  if (day < RANGE_FROM || day > RANGE_TO) throw new RangeError('lunar date outside the supported range');
  return day;
}

/** Local solar date 'YYYY-MM-DD' of a lunar date (Vietnamese calendar, UTC+7). */
export function lunarToSolar(lunar: LunarDate): string {
  return formatLocalDate(lunarToSolarDay(lunar));
}

/** Number of days (29 or 30) of a lunar month. */
export function lunarMonthLength(year: number, month: number, leap = false): number {
  const { starts, index } = tableFor(VIETNAM_UTC_HOURS);
  const i = index.get(monthKey({ year, month, leap }));
  if (i === undefined) throw new RangeError(`lunar month ${year}-${month} does not exist`);
  return (starts[i + 1] as number) - (starts[i] as number);
}

/** The leap month of a lunar year, or undefined. */
export function leapMonthOf(year: number): number | undefined {
  for (let month = 1; month <= 12; month++) {
    if (tableFor(VIETNAM_UTC_HOURS).index.has(monthKey({ year, month, leap: true }))) return month;
  }
  return undefined;
}

/** Tết Nguyên đán: day 1 of month 1 of a lunar year, as a local solar date. */
export function tetDate(lunarYear: number): string {
  return lunarToSolar({ year: lunarYear, month: 1, day: 1, leap: false });
}
