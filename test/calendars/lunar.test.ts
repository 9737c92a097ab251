import { describe, expect, it } from 'vitest';
import { formatLocalDate, parseLocalDate } from '../../calendars/local-time';
import { leapMonthOf, lunarToSolar, lunarToSolarDay, solarDayToLunar, solarToLunar, tetDate } from '../../calendars/lunar';
import published from './fixtures/tet-hung-kings.json';

describe('Vietnamese lunisolar calendar', () => {
  it('round-trips every solar day from 1900 to 2100 through the lunar calendar', () => {
    const first = parseLocalDate('1900-01-01');
    const last = parseLocalDate('2100-12-31');
    let mismatches = 0;
    for (let day = first; day <= last; day++) {
      if (lunarToSolarDay(solarDayToLunar(day)) !== day) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(last - first + 1).toBe(73_414);
  });

  it('gives lunar days that run 1…29 or 1…30 without gaps across 1900–2100', () => {
    let previous = solarDayToLunar(parseLocalDate('1900-01-01'));
    for (let day = parseLocalDate('1900-01-02'); day <= parseLocalDate('2100-12-31'); day++) {
      const current = solarDayToLunar(day);
      if (current.day !== 1) expect(current.day).toBe(previous.day + 1);
      else expect([29, 30]).toContain(previous.day);
      previous = current;
    }
  });

  it("matches Hồ Ngọc Đức's published tables for Tết and Hùng Kings in every year 1968–2100", () => {
    const years = Object.entries(published.years);
    expect(years).toHaveLength(133);
    for (const [year, expected] of years) {
      const y = Number(year);
      expect({ year: y, tet: tetDate(y) }).toEqual({ year: y, tet: expected.tet });
      expect(lunarToSolar({ year: y, month: 3, day: 10, leap: false })).toBe(expected.hungKings);
      expect(leapMonthOf(y) ?? null).toBe(expected.leapMonth);
    }
  });

  it.each([
    [1968, '1968-01-29', '1968-01-30'],
    [1985, '1985-01-21', '1985-02-20'],
    [2007, '2007-02-17', '2007-02-18'],
    [2030, '2030-02-02', '2030-02-03'],
    [2053, '2053-02-18', '2053-02-19'],
  ])('puts Tết %i on the Vietnamese date %s, not the Chinese (UTC+8) date %s', (year, vietnam, china) => {
    expect(tetDate(year)).toBe(vietnam);
    expect(formatLocalDate(lunarToSolarDay({ year, month: 1, day: 1, leap: false }, 8))).toBe(china);
  });

  it.each([
    [2020, '2020-01-25', '2020-04-02'],
    [2021, '2021-02-12', '2021-04-21'],
    [2022, '2022-02-01', '2022-04-10'],
    [2023, '2023-01-22', '2023-04-29'],
    [2024, '2024-02-10', '2024-04-18'],
    [2025, '2025-01-29', '2025-04-07'],
    [2026, '2026-02-17', '2026-04-26'],
    [2027, '2027-02-06', '2027-04-16'],
  ])('dates Tết %i on %s and the Hùng Kings day on %s', (year, tet, hungKings) => {
    expect(tetDate(year)).toBe(tet);
    expect(lunarToSolar({ year, month: 3, day: 10, leap: false })).toBe(hungKings);
  });

  it('converts the last day of a lunar year and a leap month day', () => {
    expect(solarToLunar('2025-01-28')).toEqual({ year: 2024, month: 12, day: 29, leap: false });
    expect(solarToLunar('2024-02-09')).toEqual({ year: 2023, month: 12, day: 30, leap: false });
    expect(solarToLunar('2025-07-25')).toEqual({ year: 2025, month: 6, day: 1, leap: true });
    expect(lunarToSolar({ year: 2025, month: 6, day: 1, leap: true })).toBe('2025-07-25');
    expect(lunarToSolar({ year: 2025, month: 6, day: 1, leap: false })).toBe('2025-06-25');
  });

  it('refuses lunar dates that do not exist and dates outside 1900–2100', () => {
    expect(() => lunarToSolar({ year: 2026, month: 6, day: 1, leap: true })).toThrow(/does not exist/);
    expect(() => lunarToSolar({ year: 2023, month: 12, day: 30, leap: false })).not.toThrow();
    expect(() => lunarToSolar({ year: 2024, month: 12, day: 30, leap: false })).toThrow(/29 days/);
    expect(() => lunarToSolar({ year: 2025, month: 12, day: 30, leap: false })).toThrow(/29 days/);
    expect(() => solarToLunar('1899-12-31')).toThrow(RangeError);
    expect(() => solarToLunar('2101-01-01')).toThrow(RangeError);
    expect(() => solarToLunar('2025-02-30')).toThrow(RangeError);
  });
});
