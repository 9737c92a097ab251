import { calendarData, createWorkingCalendar, parseUnitSettings } from '../../calendars';
import { createDeadlineActivities } from '../../activities/deadlines';
import type { CalendarProvider } from '../../activities/receipt';
import { defaultCalendarProvider } from '../../temporal-config/calendars';
import type { TimeLimit } from '../../workflows/dossier/procedure';

// Shared by the deadline activity tests: the real 2026 calendar, and instants written in local time (UTC+7).

export const UNIT = 'default';
export const calendars = defaultCalendarProvider();
export const activities = createDeadlineActivities(calendars);
export const calendar = calendars(UNIT);

/** 'YYYY-MM-DD HH:MM' in Asia/Ho_Chi_Minh → an ISO instant. */
export const vn = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`).toISOString();

export const workingDays = (value: number): TimeLimit => ({ unit: 'working_days', value });

/** The same data, but every unit is closed on the given days (unit closures, as an admin would add). */
export function providerWithClosures(dates: string[]): CalendarProvider {
  const closures = dates.map((date) => ({ date, note: 'test closure' }));
  return (code) => createWorkingCalendar({ data: calendarData(), unit: parseUnitSettings({ code, closures }) });
}

/** A started 7-working-day clock from Thursday 23 April 2026, 09:00 (due Thursday 7 May, 17:00). */
export const sevenDaysFromApril23 = () =>
  activities.startDeadline({ unitCode: UNIT, limit: workingDays(7), countsFrom: vn('2026-04-23 09:00') });
