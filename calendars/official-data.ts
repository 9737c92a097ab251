// Built-in official schedules, one validated file per year (calendars/data/<year>.json).
// A year without a file here (or a loaded notice) is drafted from the rules in drafting.ts.

import y2020 from './data/2020.json';
import y2021 from './data/2021.json';
import y2022 from './data/2022.json';
import y2023 from './data/2023.json';
import y2024 from './data/2024.json';
import y2025 from './data/2025.json';
import y2026 from './data/2026.json';
import { parseYearNotice, type YearNotice } from './notice-schema';

export const BUILT_IN_NOTICES: readonly YearNotice[] = [y2020, y2021, y2022, y2023, y2024, y2025, y2026].map(
  (data) => parseYearNotice(data),
);

/** Calendar data: official notices by year. Later notices for a year replace earlier ones. */
export type CalendarData = { notices: readonly YearNotice[] };

/** Built-in data plus notices loaded by an administrator (a loaded year replaces the built-in one). */
export function calendarData(loaded: readonly YearNotice[] = []): CalendarData {
  const byYear = new Map<number, YearNotice>();
  for (const notice of [...BUILT_IN_NOTICES, ...loaded]) byYear.set(notice.year, notice);
  return { notices: [...byYear.values()].sort((a, b) => a.year - b.year) };
}
