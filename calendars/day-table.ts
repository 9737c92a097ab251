// The precomputed per-day table behind every calculation: built once per (data, unit), then
// working-day and working-minute arithmetic is O(1) array look-ups.
//
// Every working day has the same sessions (the unit's), so working time is linear in the
// ordinal of the working day: position = ordinal × dayMinutes + minutes worked that day.

import { draftYear } from './drafting';
import { formatLocalDate, parseClock, parseLocalDate, weekdayOf, yearOfDay } from './local-time';
import type { NoticeEntry, NoticeSource, YearNotice } from './notice-schema';
import * as reasons from './reasons';
import type { MakeUpWorkingDay, Reason } from './reasons';
import type { UnitSettings } from './units';

export const TABLE_RANGE = { from: '2000-01-01', to: '2100-12-31' } as const;
export const CLOSED = 0;
export const WORKING = 1;
export const RECEIPT_ONLY = 2;

export type DayTable = {
  firstDay: number; // epoch day of index 0
  length: number;
  kind: Uint8Array; // CLOSED | WORKING | RECEIPT_ONLY
  ordinalBefore: Int32Array; // working days strictly before index i (length + 1 entries)
  workingDays: Int32Array; // index of the n-th working day
  sessions: Int32Array; // [start, end, start, end…] minutes after midnight, working days
  receiptSessions: Int32Array; // same, receipt-only Saturdays
  dayMinutes: number; // office minutes in a working day
  reasons: Map<number, Reason[]>; // reasons from notices and closures (weekends: see reasonsOf)
  makeUps: Map<number, MakeUpWorkingDay>;
  draftedYears: ReadonlySet<number>;
};

function cite(source: NoticeSource | undefined): string | undefined {
  if (!source) return undefined;
  return [source.document, source.issuer, source.date].filter(Boolean).join(', ');
}

function entryReason(entry: NoticeEntry, source: string | undefined): Reason | MakeUpWorkingDay {
  switch (entry.kind) {
    case 'holiday':
      return reasons.holidayReason(entry.holiday, source);
    case 'compensatory':
      return reasons.compensatoryReason(entry.for.holiday, entry.for.date, source);
    case 'swapped_day_off':
      return reasons.swappedReason(entry.makeUpDate, source);
    case 'special_day_off':
      return reasons.specialReason(entry.note, source);
    case 'make_up_working_day':
      return reasons.makeUpDay(entry.swappedDate, source);
  }
}

function flatSessions(list: { start: string; end: string }[]): Int32Array {
  return Int32Array.from(list.flatMap((s) => [parseClock(s.start), parseClock(s.end)]));
}

/** Notices for every year of the table: official where given, drafted otherwise. */
function effectiveYears(notices: readonly YearNotice[]): { byYear: Map<number, YearNotice>; drafted: Set<number> } {
  const byYear = new Map(notices.map((n) => [n.year, n] as const));
  const drafted = new Set<number>();
  for (let year = yearOfDay(parseLocalDate(TABLE_RANGE.from)); year <= 2100; year++) {
    if (!byYear.has(year)) {
      byYear.set(year, draftYear(year));
      drafted.add(year);
    }
  }
  return { byYear, drafted };
}

export function buildDayTable(notices: readonly YearNotice[], unit: UnitSettings): DayTable {
  const firstDay = parseLocalDate(TABLE_RANGE.from);
  const length = parseLocalDate(TABLE_RANGE.to) - firstDay + 1;
  const { byYear, drafted } = effectiveYears(notices);
  const dayReasons = new Map<number, Reason[]>();
  const makeUps = new Map<number, MakeUpWorkingDay>();
  const officialOff = new Uint8Array(length); // a notice (not the weekend) makes the day off
  const closed = new Uint8Array(length);
  const add = (i: number, r: Reason) => {
    const list = dayReasons.get(i);
    if (list) list.push(r);
    else dayReasons.set(i, [r]);
  };
  for (const notice of byYear.values()) {
    const sources = new Map(notice.sources.map((s) => [s.id, s] as const));
    for (const entry of notice.entries) {
      const i = parseLocalDate(entry.date) - firstDay;
      if (i < 0 || i >= length) continue;
      const result = entryReason(entry, cite(sources.get(entry.source)));
      if ('code' in result) {
        add(i, result);
        officialOff[i] = 1;
      } else makeUps.set(i, result);
    }
  }
  for (const closure of unit.closures) {
    const i = parseLocalDate(closure.date) - firstDay;
    if (i < 0 || i >= length) continue;
    add(i, reasons.closureReason(closure.note, closure.source));
    closed[i] = 1;
  }
  const kind = classifyDays(firstDay, officialOff, closed, makeUps, unit.saturdayReceipt.length > 0);
  const { ordinalBefore, workingDays } = ordinals(kind);
  const sessions = flatSessions(unit.sessions);
  let dayMinutes = 0;
  for (let s = 0; s < sessions.length; s += 2) dayMinutes += sessions[s + 1]! - sessions[s]!;
  const receiptSessions = flatSessions(unit.saturdayReceipt);
  return { firstDay, length, kind, ordinalBefore, workingDays, sessions, receiptSessions, dayMinutes, reasons: dayReasons, makeUps, draftedYears: drafted };
}

function classifyDays(
  firstDay: number,
  officialOff: Uint8Array,
  closed: Uint8Array,
  makeUps: Map<number, MakeUpWorkingDay>,
  saturdayReceipt: boolean,
): Uint8Array {
  const kind = new Uint8Array(officialOff.length);
  for (let i = 0; i < kind.length; i++) {
    const weekday = weekdayOf(firstDay + i);
    const weekend = weekday === 0 || weekday === 6;
    if (closed[i] || officialOff[i]) continue;
    if (!weekend || makeUps.has(i)) kind[i] = WORKING;
    else if (weekday === 6 && saturdayReceipt) {
      // Saturday receipt is not offered inside an official break (a day off on Friday or Monday).
      kind[i] = officialOff[i - 1] === 1 || officialOff[i + 2] === 1 ? CLOSED : RECEIPT_ONLY;
    }
  }
  return kind;
}

const WEEKEND: readonly Reason[] = Object.freeze([Object.freeze(reasons.weekendReason())]);

/** Every reason of day i (weekly rest day first), whether or not the day is worked. */
export function reasonsOf(table: DayTable, i: number): Reason[] {
  const weekday = weekdayOf(table.firstDay + i);
  const listed = table.reasons.get(i);
  if (weekday !== 0 && weekday !== 6) return listed ? [...listed] : [];
  return listed ? [...WEEKEND, ...listed] : [...WEEKEND];
}

function ordinals(kind: Uint8Array): { ordinalBefore: Int32Array; workingDays: Int32Array } {
  const ordinalBefore = new Int32Array(kind.length + 1);
  const list: number[] = [];
  for (let i = 0; i < kind.length; i++) {
    ordinalBefore[i + 1] = ordinalBefore[i]! + (kind[i] === WORKING ? 1 : 0);
    if (kind[i] === WORKING) list.push(i);
  }
  return { ordinalBefore, workingDays: Int32Array.from(list) };
}

export function dateOfIndex(table: DayTable, i: number): string {
  return formatLocalDate(table.firstDay + i);
}
