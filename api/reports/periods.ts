// Report periods: local (UTC+7) calendar days turned into instants, and the six-monthly windows (docs/reports.md).

const LOCAL_OFFSET = '+07:00';
const DAY_MS = 86_400_000;

/** A period of whole local days, `from` to `to` inclusive, and the half-open instant interval [start, end) it covers. */
export interface ReportPeriod {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

/** The next local day of a `YYYY-MM-DD` date (calendar arithmetic on the date alone, no time zone involved). */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Local days `from`…`to` (inclusive): from 00:00 of `from` to 00:00 of the day after `to`, Vietnam time. */
export function periodOf(from: string, to: string): ReportPeriod {
  return {
    from,
    to,
    start: new Date(`${from}T00:00:00${LOCAL_OFFSET}`),
    end: new Date(`${nextDay(to)}T00:00:00${LOCAL_OFFSET}`),
  };
}

/** Whole days from `from` to `to`, both counted (1 for a single day). */
export function daysIn(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
}

export type Half = 1 | 2;

/** A six-monthly report: its data window and the dates the provincial plan sets for sending it. */
export interface SixMonthlyPeriod extends ReportPeriod {
  year: number;
  half: Half;
  /** Units and agencies report to the province (through the Department of Information and Communications) before this day. */
  unitsReportBefore: string;
  /** The Department reports to the provincial People's Committee before this day. */
  departmentReportBefore: string;
  /** The province reports to the Prime Minister before this day. */
  provinceReportBefore: string;
}

/**
 * The six-monthly window of Decree 09/2019/NĐ-CP Art. 12 (data from the 15th of the month before the period to the
 * 14th of its last month): half 1 of year Y is 15 Dec Y-1 … 14 Jun Y, half 2 is 15 Jun Y … 14 Dec Y. The deadlines
 * are those of the Bình Phước plan of 26 May 2020, section IV (before 1 June / 1 December for units, 10 June /
 * 10 December for the Department, 15 June / 15 December for the province).
 */
export function sixMonthlyPeriod(year: number, half: Half): SixMonthlyPeriod {
  const y = String(year).padStart(4, '0');
  const from = half === 1 ? `${String(year - 1).padStart(4, '0')}-12-15` : `${y}-06-15`;
  const to = half === 1 ? `${y}-06-14` : `${y}-12-14`;
  const month = half === 1 ? '06' : '12';
  return {
    ...periodOf(from, to),
    year,
    half,
    unitsReportBefore: `${y}-${month}-01`,
    departmentReportBefore: `${y}-${month}-10`,
    provinceReportBefore: `${y}-${month}-15`,
  };
}
