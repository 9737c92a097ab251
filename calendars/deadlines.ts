// Due dates (hạn giải quyết) from an official receipt instant, by domain spec §6.1:
// Civil Code 2015 Arts. 147–148 — the first day is not counted; a period ends at the end of its
// last day; a last day that is not a working day moves to the end of the next working day.

import { WORKING, dateOfIndex, reasonsOf, type DayTable } from './day-table';
import { MINUTE_MS, parseClock } from './local-time';
import type { Reason } from './reasons';
import { addWorkingMs, dayIndexOf, endOfOfficeMs, instantAt, positionOf, startOfDayMs } from './working-time';

export type Limit =
  | { unit: 'working_days'; value: number }
  | { unit: 'calendar_days'; value: number }
  | { unit: 'working_hours'; value: number }
  | { unit: 'same_day'; cutoff: string };

export type CountedDay = { date: string; ordinal: number; workingMinutes: number };
export type SkippedDay = { date: string; reasons: Reason[] };
export type Explanation = {
  rule: { en: string; vi: string };
  receiptDate: string;
  dueDate: string;
  countedDays: CountedDay[];
  skippedDays: SkippedDay[];
  notes: { en: string; vi: string }[];
};

function checkLimit(limit: Limit): void {
  if (limit.unit === 'same_day') {
    parseClock(limit.cutoff);
    return;
  }
  const ok = Number.isFinite(limit.value) && (limit.unit === 'working_hours' ? limit.value >= 0 : limit.value > 0);
  if (!ok) throw new RangeError(`${limit.unit} must be a positive number (got ${limit.value})`);
  if (limit.unit === 'calendar_days' && !Number.isInteger(limit.value)) {
    throw new RangeError(`calendar_days must be a whole number (got ${limit.value})`);
  }
}

function firstWorkingDayFrom(table: DayTable, i: number): number {
  const day = i < table.length ? table.workingDays[table.ordinalBefore[i]!] : undefined;
  if (day === undefined) throw new RangeError("due date outside the calendar's range");
  return day;
}

/** The due instant in epoch ms (no explanation: the fast path). */
export function dueAtMs(table: DayTable, receiptMs: number, limit: Limit): number {
  checkLimit(limit);
  const r = dayIndexOf(table, receiptMs);
  switch (limit.unit) {
    case 'working_days': {
      const dayMs = table.dayMinutes * MINUTE_MS;
      return instantAt(table, table.ordinalBefore[r + 1]! * dayMs + Math.round(limit.value * dayMs));
    }
    case 'calendar_days':
      return endOfOfficeMs(table, firstWorkingDayFrom(table, r + limit.value));
    case 'working_hours':
      return addWorkingMs(table, receiptMs, Math.round(limit.value * 60 * MINUTE_MS));
    case 'same_day': {
      const sameDay = table.kind[r] === WORKING && receiptMs - startOfDayMs(table, r) <= parseClock(limit.cutoff) * MINUTE_MS;
      return endOfOfficeMs(table, sameDay ? r : firstWorkingDayFrom(table, r + 1));
    }
  }
}

function ruleText(limit: Limit, dayMinutes: number): { en: string; vi: string } {
  switch (limit.unit) {
    case 'working_days': {
      const whole = Math.floor(limit.value);
      const fraction = limit.value - whole;
      const extra = fraction > 0 ? `, then ${fraction} × ${dayMinutes} office minutes` : '';
      const extraVi = fraction > 0 ? `, cộng thêm ${fraction} × ${dayMinutes} phút làm việc` : '';
      return {
        en: `${limit.value} working days: end of office hours of working day ${whole} after the receipt date${extra}; the receipt date is not counted (Civil Code 2015, Art. 147)`,
        vi: `${limit.value} ngày làm việc: hết giờ làm việc của ngày làm việc thứ ${whole} sau ngày tiếp nhận${extraVi}; không tính ngày tiếp nhận (Điều 147 BLDS 2015)`,
      };
    }
    case 'calendar_days':
      return {
        en: `${limit.value} calendar days: end of office hours of day ${limit.value} after the receipt date, or of the next working day if that day is not one (Civil Code 2015, Arts. 147–148)`,
        vi: `${limit.value} ngày: hết giờ làm việc của ngày thứ ${limit.value} sau ngày tiếp nhận; nếu là ngày nghỉ thì hết ngày làm việc tiếp theo (Điều 147–148 BLDS 2015)`,
      };
    case 'working_hours':
      return {
        en: `${limit.value} working hours of office time from the official receipt time`,
        vi: `${limit.value} giờ làm việc tính từ thời điểm tiếp nhận chính thức`,
      };
    case 'same_day':
      return {
        en: `same day if received by ${limit.cutoff} on a working day, else end of the next working day`,
        vi: `trả trong ngày nếu tiếp nhận trước ${limit.cutoff} của ngày làm việc; sau đó thì hết ngày làm việc tiếp theo`,
      };
  }
}

/** Office minutes of day i that lie between two instants. */
function minutesWithin(table: DayTable, i: number, fromMs: number, toMs: number): number {
  if (table.kind[i] !== WORKING) return 0;
  const from = Math.max(fromMs, startOfDayMs(table, i));
  const to = Math.min(toMs, endOfOfficeMs(table, i));
  return to > from ? Math.round((positionOf(table, to) - positionOf(table, from)) / MINUTE_MS) : 0;
}

/**
 * Which days were counted and which were skipped (with their reasons) between receipt and due date.
 * Calendar days: days 1…N are counted whatever they are; the N-th day and the days after it that
 * are not working days are listed as skipped when they moved the end to the next working day.
 */
export function explain(table: DayTable, receiptMs: number, dueMs: number, limit: Limit): Explanation {
  const r = dayIndexOf(table, receiptMs);
  const due = dayIndexOf(table, dueMs);
  const countedDays: CountedDay[] = [];
  const skippedDays: SkippedDay[] = [];
  const from = limit.unit === 'working_hours' || limit.unit === 'same_day' ? r : r + 1;
  const lastCalendarDay = limit.unit === 'calendar_days' ? r + limit.value : -1;
  const notes: { en: string; vi: string }[] = [];
  for (let i = from; i <= due; i++) {
    const date = dateOfIndex(table, i);
    const working = table.kind[i] === WORKING;
    const inCalendarPeriod = i <= lastCalendarDay;
    if (working && limit.unit === 'same_day' && i !== due) {
      notes.push({ en: `received after the ${limit.cutoff} cut-off on ${date}`, vi: `tiếp nhận sau ${limit.cutoff} ngày ${date}` });
    } else if (working || inCalendarPeriod) {
      const minutes = limit.unit === 'same_day' ? minutesWithin(table, i, 0, dueMs) : minutesWithin(table, i, receiptMs, dueMs);
      countedDays.push({ date, ordinal: countedDays.length + 1, workingMinutes: minutes });
    }
    if (!working && (!inCalendarPeriod || i === lastCalendarDay)) skippedDays.push({ date, reasons: reasonsOf(table, i) });
  }
  const rule = ruleText(limit, table.dayMinutes);
  return { rule, receiptDate: dateOfIndex(table, r), dueDate: dateOfIndex(table, due), countedDays, skippedDays, notes };
}
