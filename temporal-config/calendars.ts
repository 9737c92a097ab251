import { statSync } from 'node:fs';
import type { CalendarProvider } from '../activities/receipt';
import { calendarData, createWorkingCalendar, findUnit, type YearNotice } from '../calendars';
import { loadStoredNotices, noticeDirectory } from '../calendars/notice-store';
import type { Env } from './env';

/**
 * The working-day calendar activities use: built-in official data, plus notices an administrator loaded
 * (`motcua calendar load-notice`), plus the receiving unit's office hours. A newly loaded notice is picked up by the
 * next computation (the directory is re-read when it changes); deadlines already recorded keep their version.
 */
export function calendarProvider(env: Pick<Env, 'MOTCUA_DATA_DIR'>): CalendarProvider {
  const directory = noticeDirectory({ MOTCUA_DATA_DIR: env.MOTCUA_DATA_DIR });
  let stamp: number | undefined;
  let notices: YearNotice[] = [];
  const currentNotices = () => {
    const modified = modifiedAt(directory);
    if (modified !== stamp) {
      notices = loadStoredNotices(directory);
      stamp = modified;
    }
    return notices;
  };
  return (unitCode) => createWorkingCalendar({ data: calendarData(currentNotices()), unit: findUnit(unitCode).unit });
}

/** Built-in data only: for tests that must not depend on what a developer loaded into .data/. */
export function defaultCalendarProvider(): CalendarProvider {
  return (unitCode) => createWorkingCalendar({ data: calendarData(), unit: findUnit(unitCode).unit });
}

function modifiedAt(directory: string): number {
  try {
    return statSync(directory).mtimeMs;
  } catch {
    return 0;
  }
}
