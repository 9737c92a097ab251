// Working-time arithmetic on a DayTable, in epoch milliseconds.
// A "position" is the number of office milliseconds on working days between the start of the
// table and an instant; moving N working minutes is moving the position by N × 60 000.

import { CLOSED, RECEIPT_ONLY, WORKING, type DayTable } from './day-table';
import { DAY_MS, MINUTE_MS, OFFSET_MS } from './local-time';

const TABLE_ERROR_HINT = '(2000-01-01…2100-12-31, local time)';

export function dayIndexOf(table: DayTable, ms: number): number {
  const i = Math.floor((ms + OFFSET_MS) / DAY_MS) - table.firstDay;
  if (!(i >= 0 && i < table.length)) throw new RangeError(`instant outside the calendar's range ${TABLE_ERROR_HINT}`);
  return i;
}

export function startOfDayMs(table: DayTable, i: number): number {
  return (table.firstDay + i) * DAY_MS - OFFSET_MS;
}

/** End of office hours (end of the last session) of day i. */
export function endOfOfficeMs(table: DayTable, i: number): number {
  return startOfDayMs(table, i) + table.sessions[table.sessions.length - 1]! * MINUTE_MS;
}

/** Office milliseconds on working days before the instant. */
export function positionOf(table: DayTable, ms: number): number {
  const i = dayIndexOf(table, ms);
  const before = table.ordinalBefore[i]! * table.dayMinutes * MINUTE_MS;
  if (table.kind[i] !== WORKING) return before;
  const minute = (ms - startOfDayMs(table, i)) / MINUTE_MS;
  const s = table.sessions;
  let worked = 0;
  for (let k = 0; k < s.length; k += 2) {
    const start = s[k]!;
    const end = s[k + 1]!;
    if (minute <= start) break;
    worked += (minute < end ? minute : end) - start;
  }
  return before + worked * MINUTE_MS;
}

/** The earliest instant at a position (> 0): always inside or at the end of a session of a working day. */
export function instantAt(table: DayTable, position: number): number {
  const dayMs = table.dayMinutes * MINUTE_MS;
  const ordinal = Math.ceil(position / dayMs) - 1;
  const i = table.workingDays[ordinal < 0 ? 0 : ordinal];
  if (i === undefined) throw new RangeError(`result outside the calendar's range ${TABLE_ERROR_HINT}`);
  let rest = ordinal < 0 ? 0 : position - ordinal * dayMs;
  const s = table.sessions;
  for (let k = 0; k < s.length; k += 2) {
    const length = (s[k + 1]! - s[k]!) * MINUTE_MS;
    if (rest <= length || k === s.length - 2) return startOfDayMs(table, i) + s[k]! * MINUTE_MS + rest;
    rest -= length;
  }
  return startOfDayMs(table, i);
}

export function addWorkingMs(table: DayTable, ms: number, amount: number): number {
  if (!(amount >= 0)) throw new RangeError('working time to add must be a non-negative number');
  return amount === 0 ? ms : instantAt(table, positionOf(table, ms) + amount);
}

function openSessions(table: DayTable, i: number): Int32Array | undefined {
  const kind = table.kind[i];
  return kind === WORKING ? table.sessions : kind === RECEIPT_ONLY ? table.receiptSessions : undefined;
}

/** Official receipt time: the instant itself inside a session, else the start of the next session. */
export function officialReceiptMs(table: DayTable, ms: number): number {
  let i = dayIndexOf(table, ms);
  let minute = (ms - startOfDayMs(table, i)) / MINUTE_MS;
  for (; i < table.length; i++, minute = -1) {
    const s = table.kind[i] === CLOSED ? undefined : openSessions(table, i);
    if (!s) continue;
    for (let k = 0; k < s.length; k += 2) {
      if (minute < s[k]!) return startOfDayMs(table, i) + s[k]! * MINUTE_MS;
      if (minute < s[k + 1]!) return ms;
    }
  }
  throw new RangeError(`no office hours left in the calendar's range ${TABLE_ERROR_HINT}`);
}

export function sessionsOfDay(table: DayTable, i: number): Int32Array {
  return openSessions(table, i) ?? new Int32Array(0);
}
