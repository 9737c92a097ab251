// JSON shapes of calendar answers, shared by `motcua calendar` and the API's /v1/calendar routes.

import { formatLocalDate, type Deadline, type WorkingCalendar } from './index';

export function formatDays(calendar: WorkingCalendar, from: number, to: number) {
  const days = [];
  for (let day = from; day <= to; day++) {
    const info = calendar.dayInfo(formatLocalDate(day));
    days.push({
      date: info.date,
      weekday: info.weekday,
      working: info.working,
      reasons: info.reasons,
      ...(info.makeUpWorkingDay ? { makeUpWorkingDay: info.makeUpWorkingDay } : {}),
      ...(info.receiptOnly ? { receiptOnly: true } : {}),
      drafted: info.drafted,
    });
  }
  return days;
}

export function formatDeadline(deadline: Deadline) {
  const { officialReceiptAt, dueAt, calendarVersion, drafted, draftedYears, limit, unit, explanation } = deadline;
  return { officialReceiptAt, dueAt, calendarVersion, drafted, draftedYears, limit, unit, explanation };
}
