// A working calendar for one unit, built once from data; every method is pure and synchronous.

import { buildDayTable, reasonsOf, TABLE_RANGE, RECEIPT_ONLY, WORKING, type DayTable } from './day-table';
import { dueAtMs, explain, type Explanation, type Limit } from './deadlines';
import {
  MINUTE_MS,
  WEEKDAY_NAMES,
  formatClock,
  formatInstant,
  formatLocalDate,
  localDayOf,
  parseLocalDate,
  toEpochMs,
  yearOfDay,
  type InstantInput,
} from './local-time';
import { calendarData, type CalendarData } from './official-data';
import type { MakeUpWorkingDay, Reason } from './reasons';
import { DEFAULT_UNIT, type UnitSettings } from './units';
import { calendarVersion } from './version';
import { addWorkingMs, officialReceiptMs, positionOf, sessionsOfDay } from './working-time';

export type DayInfo = {
  date: string;
  weekday: (typeof WEEKDAY_NAMES)[number];
  working: boolean;
  /** Why the day is not a working day (weekend, holiday, compensatory, swap, unit closure). */
  reasons: Reason[];
  /** Set on a make-up working day (ngày làm bù). */
  makeUpWorkingDay?: MakeUpWorkingDay;
  /** The unit receives dossiers that day although it is not a working day (Saturday morning). */
  receiptOnly: boolean;
  /** Sessions in which the office is open that day. */
  sessions: { start: string; end: string }[];
  /** The day's year has no official notice: its holidays are drafted from the rules. */
  drafted: boolean;
};

/** A computed deadline, JSON-ready, as recorded on a dossier. */
export type Deadline = {
  officialReceiptAt: string;
  dueAt: string;
  limit: Limit;
  unit: string;
  calendarVersion: string;
  drafted: boolean;
  draftedYears: number[];
  explanation: Explanation;
};

export type WorkingCalendar = {
  readonly version: string;
  readonly unit: UnitSettings;
  readonly range: { from: string; to: string };
  /** Years of the range with no official notice (their days off are drafted). */
  readonly draftedYears: readonly number[];
  dayInfo(localDate: string): DayInfo;
  isWorkingDay(localDate: string): boolean;
  officialReceiptTime(submittedAt: InstantInput): Date;
  addWorkingMinutes(from: InstantInput, minutes: number): Date;
  workingMinutesBetween(from: InstantInput, to: InstantInput): number;
  /** The due instant only, without explanation (fast path for bulk computation). */
  dueAt(officialReceiptAt: InstantInput, limit: Limit): Date;
  dueDate(officialReceiptAt: InstantInput, limit: Limit): Deadline;
  /** Recomputes a recorded deadline under this calendar: only on explicit request. */
  recompute(deadline: Deadline): Deadline;
};

export type WorkingCalendarOptions = { data?: CalendarData; unit?: UnitSettings };

function dayInfoOf(table: DayTable, i: number): DayInfo {
  const epochDay = table.firstDay + i;
  const sessions = sessionsOfDay(table, i);
  const list: { start: string; end: string }[] = [];
  for (let k = 0; k < sessions.length; k += 2) list.push({ start: formatClock(sessions[k]!), end: formatClock(sessions[k + 1]!) });
  const info: DayInfo = {
    date: formatLocalDate(epochDay),
    weekday: WEEKDAY_NAMES[new Date(epochDay * 86_400_000).getUTCDay()]!,
    working: table.kind[i] === WORKING,
    reasons: table.kind[i] === WORKING ? [] : reasonsOf(table, i),
    receiptOnly: table.kind[i] === RECEIPT_ONLY,
    sessions: list,
    drafted: table.draftedYears.has(yearOfDay(epochDay)),
  };
  const makeUp = table.makeUps.get(i);
  if (makeUp && info.working) info.makeUpWorkingDay = makeUp;
  return info;
}

function indexOfDate(table: DayTable, localDate: string): number {
  const i = parseLocalDate(localDate) - table.firstDay;
  if (i < 0 || i >= table.length) throw new RangeError(`date ${localDate} outside ${TABLE_RANGE.from}…${TABLE_RANGE.to}`);
  return i;
}

function draftedBetween(table: DayTable, fromMs: number, toMs: number): number[] {
  const years: number[] = [];
  for (let y = yearOfDay(localDayOf(fromMs)); y <= yearOfDay(localDayOf(toMs)); y++) {
    if (table.draftedYears.has(y)) years.push(y);
  }
  return years;
}

const cache = new Map<string, WorkingCalendar>();
const CACHE_LIMIT = 32;

export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const data = options.data ?? calendarData();
  const unit = options.unit ?? DEFAULT_UNIT;
  const version = calendarVersion(data.notices, unit);
  const key = `${version}/${unit.code}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const calendar = build(buildDayTable(data.notices, unit), unit, version);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, calendar);
  return calendar;
}

function build(table: DayTable, unit: UnitSettings, version: string): WorkingCalendar {
  const dueDate = (receipt: InstantInput, limit: Limit): Deadline => {
    const receiptMs = toEpochMs(receipt);
    const dueMs = dueAtMs(table, receiptMs, limit);
    const draftedYears = draftedBetween(table, receiptMs, dueMs);
    return {
      officialReceiptAt: formatInstant(receiptMs),
      dueAt: formatInstant(dueMs),
      limit,
      unit: unit.code,
      calendarVersion: version,
      drafted: draftedYears.length > 0,
      draftedYears,
      explanation: explain(table, receiptMs, dueMs, limit),
    };
  };
  return Object.freeze({
    version,
    unit,
    range: { ...TABLE_RANGE },
    draftedYears: [...table.draftedYears].sort((a, b) => a - b),
    dayInfo: (localDate: string) => dayInfoOf(table, indexOfDate(table, localDate)),
    isWorkingDay: (localDate: string) => table.kind[indexOfDate(table, localDate)] === WORKING,
    officialReceiptTime: (at: InstantInput) => new Date(officialReceiptMs(table, toEpochMs(at))),
    addWorkingMinutes: (from: InstantInput, minutes: number) =>
      new Date(addWorkingMs(table, toEpochMs(from), Math.round(minutes * MINUTE_MS))),
    workingMinutesBetween: (from: InstantInput, to: InstantInput) =>
      (positionOf(table, toEpochMs(to)) - positionOf(table, toEpochMs(from))) / MINUTE_MS,
    dueAt: (receipt: InstantInput, limit: Limit) => new Date(dueAtMs(table, toEpochMs(receipt), limit)),
    dueDate,
    recompute: (deadline: Deadline) => dueDate(deadline.officialReceiptAt, deadline.limit),
  });
}

/** Whether an instant's local date lies in the calendar's range. */
export function isInRange(calendar: WorkingCalendar, at: InstantInput): boolean {
  const date = formatLocalDate(localDayOf(toEpochMs(at)));
  return date >= calendar.range.from && date <= calendar.range.to;
}
