// Public entry of the Vietnamese working-day calendar. Pure and synchronous; no I/O.

export { createWorkingCalendar, isInRange } from './working-calendar';
export type { DayInfo, Deadline, WorkingCalendar, WorkingCalendarOptions } from './working-calendar';
export type { Limit, Explanation, CountedDay, SkippedDay } from './deadlines';
export { BUILT_IN_NOTICES, calendarData, type CalendarData } from './official-data';
export { draftYear, DRAFT_RULES_VERSION } from './drafting';
export { parseYearNotice, YearNoticeSchema, type YearNotice, type NoticeEntry } from './notice-schema';
export { DEFAULT_UNIT, findUnit, parseUnitSettings, UnitSettingsSchema, type UnitSettings } from './units';
export { HOLIDAYS, type HolidayCode, type Reason, type ReasonCode, type MakeUpWorkingDay } from './reasons';
export { lunarToSolar, solarToLunar, tetDate, leapMonthOf, type LunarDate } from './lunar';
export { formatInstant, parseInstant, parseLocalDate, formatLocalDate, type InstantInput } from './local-time';
export { calendarVersion } from './version';
