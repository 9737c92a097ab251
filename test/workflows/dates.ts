// Dates for scenarios that hold on any day. A scenario does not name a day of the calendar: it asks for the first
// day after the test server's "now" with the property it needs ("a Monday starting three ordinary weeks", "the last
// working day before the next Tết break"), found in the working calendar itself, and states what it expects as plain
// arithmetic on that day. The calendar's own rules are pinned separately by test/calendars (explicit dates there).
import type { WorkingCalendar } from '../../calendars';
import { tetDate } from '../../calendars';

const DAY_MS = 86_400_000;
/** How far ahead a search may look before the test gives up: longer than any gap between ordinary stretches. */
const SEARCH_LIMIT_DAYS = 3 * 366;
const STANDARD_SESSIONS = JSON.stringify([
  { start: '07:30', end: '11:30' },
  { start: '13:00', end: '17:00' },
]);

/** A local date (`YYYY-MM-DD`) moved by whole days. */
export function addDays(localDate: string, days: number): string {
  return new Date(Date.parse(`${localDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Local date-time in Vietnam, as `travelTo` and `vn` take it: `at('2027-03-01', '09:00')` is `2027-03-01T09:00`. */
export const at = (localDate: string, clock: string) => `${localDate}T${clock}`;

/** The `yyMMdd` part of a dossier code issued on a local date. */
export const codeDate = (localDate: string) => localDate.slice(2).replaceAll('-', '');

/** The local date (UTC+7) of an instant. */
export const localDateOf = (epochMs: number) => new Date(epochMs + 7 * 3_600_000).toISOString().slice(0, 10);

const weekday = (localDate: string) => new Date(`${localDate}T00:00:00Z`).getUTCDay();

function search(from: string, found: (date: string) => boolean, what: string): string {
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i++) {
    const date = addDays(from, i);
    if (found(date)) return date;
  }
  throw new Error(`no ${what} within ${SEARCH_LIMIT_DAYS} days of ${from}`);
}

/** A working day with the default office hours (07:30–11:30, 13:00–17:00), no make-up day, no closure. */
function isOrdinaryWorkingDay(calendar: WorkingCalendar, date: string): boolean {
  const info = calendar.dayInfo(date);
  return info.working && !info.makeUpWorkingDay && JSON.stringify(info.sessions) === STANDARD_SESSIONS;
}

/** A weekend day that is simply a day off (not a make-up working day, not a receipt-only morning). */
function isPlainWeekendDay(calendar: WorkingCalendar, date: string): boolean {
  const info = calendar.dayInfo(date);
  return !info.working && !info.receiptOnly && info.reasons.length === 1 && info.reasons[0]!.code === 'weekend';
}

/**
 * The first Monday on or after `from` that starts `weeks` ordinary weeks: Monday to Friday working days with the
 * default office hours, Saturday and Sunday plain days off. Inside them `n` working days from a Monday are plain
 * arithmetic (7 working days from Monday end on the Wednesday of the next week).
 */
export function ordinaryWeeks(calendar: WorkingCalendar, from: string, weeks: number): string {
  const ordinary = (monday: string) =>
    Array.from({ length: weeks * 7 }, (_, i) => addDays(monday, i)).every((date, i) =>
      i % 7 < 5 ? isOrdinaryWorkingDay(calendar, date) : isPlainWeekendDay(calendar, date),
    );
  return search(from, (date) => weekday(date) === 1 && ordinary(date), `Monday starting ${weeks} ordinary weeks`);
}

/** The first working day on or after `from`. */
export function nextWorkingDay(calendar: WorkingCalendar, from: string): string {
  return search(from, (date) => calendar.isWorkingDay(date), 'working day');
}

/** The next Tết break (nghỉ Tết Nguyên đán) whose last working day before is on or after `from`. */
export type TetBreak = {
  /** Mùng 1 Tết. */
  tet: string;
  lastWorkingDayBefore: string;
  firstWorkingDayAfter: string;
  /** Every day between them, none of them working. */
  daysOff: string[];
};

export function nextTetBreak(calendar: WorkingCalendar, from: string): TetBreak {
  for (let year = Number(from.slice(0, 4)); year <= Number(from.slice(0, 4)) + 2; year++) {
    const tet = tetDate(year);
    let before = addDays(tet, -1);
    while (!calendar.isWorkingDay(before)) before = addDays(before, -1);
    if (before < from) continue;
    let after = addDays(tet, 1);
    while (!calendar.isWorkingDay(after)) after = addDays(after, 1);
    const daysOff: string[] = [];
    for (let date = addDays(before, 1); date < after; date = addDays(date, 1)) daysOff.push(date);
    return { tet, lastWorkingDayBefore: before, firstWorkingDayAfter: after, daysOff };
  }
  throw new Error(`no Tết break after ${from}`);
}

/** The `n`th working day after `date` (n ≥ 1), or the first working day on or after it (n = 0). */
export function workingDaysAfter(calendar: WorkingCalendar, date: string, n: number): string {
  let day = nextWorkingDay(calendar, date);
  for (let i = 0; i < n; i++) day = nextWorkingDay(calendar, addDays(day, 1));
  return day;
}
