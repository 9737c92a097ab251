// INTERIM (replaced by the real calendar before commit)
import type { CalendarProvider } from '../activities/receipt';
import type { Env } from './env';
export const defaultCalendarProvider = (): CalendarProvider => () => ({
  version: 'interim',
  officialReceiptTime: (d) => d,
  addWorkingMinutes: (d, m) => new Date(d.getTime() + m * 60000),
});
export const calendarProvider = (_env: Env) => defaultCalendarProvider();
