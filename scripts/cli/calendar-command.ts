// `motcua calendar …`: working days, receipt times, deadlines and lunar dates as JSON.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  calendarData,
  createWorkingCalendar,
  findUnit,
  formatInstant,
  lunarToSolar,
  parseInstant,
  parseLocalDate,
  solarToLunar,
  type Limit,
  type WorkingCalendar,
} from '../../calendars/index';
import { loadStoredNotices, noticeDirectory, storeNoticeFile } from '../../calendars/notice-store';
import { CliError, type CliResult } from './cli-result';
import { formatDays, formatDeadline } from '../../calendars/json-views';

type Env = Record<string, string | undefined>;
type Values = Record<string, string | boolean | undefined>;

const OPTIONS = {
  json: { type: 'boolean' },
  unit: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  at: { type: 'string' },
  'working-days': { type: 'string' },
  'calendar-days': { type: 'string' },
  'working-hours': { type: 'string' },
  'same-day': { type: 'boolean' },
  cutoff: { type: 'string' },
  date: { type: 'string' },
  lunar: { type: 'string' },
  leap: { type: 'boolean' },
  file: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const ALLOWED: Record<string, readonly string[]> = {
  days: ['from', 'to', 'unit'],
  receipt: ['at', 'unit'],
  deadline: ['from', 'unit', 'working-days', 'calendar-days', 'working-hours', 'same-day', 'cutoff'],
  lunar: ['date'],
  solar: ['lunar', 'leap'],
  'load-notice': ['file'],
  version: ['unit'],
};

function parse(args: readonly string[]): Values {
  try {
    return parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliError((error as Error).message.split('. ')[0]!.replace(/'/g, ''));
  }
}

function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new CliError(`--${name} is required`);
  return value;
}

function checked<T>(name: string, value: string, read: (text: string) => T, what: string): T {
  try {
    return read(value);
  } catch {
    throw new CliError(`--${name} must be ${what} (got "${value}")`);
  }
}

function positive(values: Values, name: string, whole = false): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  const n = Number(text);
  const ok = typeof text === 'string' && /^\d+(\.\d+)?$/.test(text.trim()) && n > 0 && (!whole || Number.isInteger(n));
  if (!ok) throw new CliError(`--${name} must be a positive ${whole ? 'whole ' : ''}number (got "${String(text)}")`);
  return n;
}

function limitOf(values: Values): Limit {
  const given = ['working-days', 'calendar-days', 'working-hours', 'same-day'].filter((k) => values[k] !== undefined);
  if (given.length !== 1) {
    throw new CliError('give exactly one of --working-days, --calendar-days, --working-hours, --same-day');
  }
  if (values['same-day']) {
    const cutoff = required(values, 'cutoff');
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(cutoff)) throw new CliError(`--cutoff must be HH:MM (got "${cutoff}")`);
    return { unit: 'same_day', cutoff };
  }
  if (values.cutoff !== undefined) throw new CliError('--cutoff is only valid with --same-day');
  const wd = positive(values, 'working-days');
  if (wd !== undefined) return { unit: 'working_days', value: wd };
  const cd = positive(values, 'calendar-days', true);
  if (cd !== undefined) return { unit: 'calendar_days', value: cd };
  return { unit: 'working_hours', value: positive(values, 'working-hours')! };
}

function calendarFor(values: Values, env: Env): { calendar: WorkingCalendar; warning: string } {
  const code = typeof values.unit === 'string' ? values.unit : undefined;
  const { unit, known } = findUnit(code);
  const data = calendarData(loadStoredNotices(noticeDirectory(env)));
  const warning = known ? '' : `motcua: unknown unit "${code}": default office hours used\n`;
  return { calendar: createWorkingCalendar({ data, unit }), warning };
}

function output(values: Values, json: unknown, text: string, stderr = ''): CliResult {
  const stdout = values.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`;
  return { exitCode: 0, stdout, stderr };
}

function instant(values: Values, name: string): number {
  return checked(name, required(values, name), parseInstant, 'an ISO 8601 instant with an offset, e.g. 2025-06-02T08:00:00+07:00');
}

const LOCAL_DATE = 'a date YYYY-MM-DD';

export function runCalendarCommand(args: readonly string[], env: Env): CliResult {
  const [sub, ...rest] = args;
  if (!sub || !(sub in ALLOWED)) throw new CliError(`unknown calendar subcommand "${sub ?? ''}" (${Object.keys(ALLOWED).join(', ')})`);
  const values = parse(rest);
  const stray = Object.keys(values).find((k) => k !== 'json' && !ALLOWED[sub]!.includes(k));
  if (stray) throw new CliError(`--${stray} is not an option of "calendar ${sub}"`);
  try {
    return run(sub, values, env);
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(error.message);
    throw error;
  }
}

type Handler = (values: Values, env: Env) => CliResult;

const HANDLERS: Record<string, Handler> = {
  days(values, env) {
    const from = checked('from', required(values, 'from'), parseLocalDate, LOCAL_DATE);
    const to = checked('to', required(values, 'to'), parseLocalDate, LOCAL_DATE);
    if (to < from || to - from > 3660) throw new CliError('--to must be on or after --from and at most 3660 days later');
    const { calendar, warning } = calendarFor(values, env);
    const days = formatDays(calendar, from, to);
    return output(values, days, days.map((d) => `${d.date} ${d.weekday} ${d.working ? 'working' : 'off'}`).join('\n'), warning);
  },
  receipt(values, env) {
    const at = instant(values, 'at');
    const { calendar, warning } = calendarFor(values, env);
    const officialReceiptAt = formatInstant(calendar.officialReceiptTime(at));
    return output(values, { officialReceiptAt, calendarVersion: calendar.version }, officialReceiptAt, warning);
  },
  deadline(values, env) {
    const submitted = instant(values, 'from');
    const limit = limitOf(values);
    const { calendar, warning } = calendarFor(values, env);
    const deadline = formatDeadline(calendar.dueDate(calendar.officialReceiptTime(submitted), limit));
    return output(values, deadline, `${deadline.dueAt}${deadline.drafted ? ' (drafted calendar)' : ''}`, warning);
  },
  lunar(values) {
    const lunar = checked('date', required(values, 'date'), solarToLunar, `${LOCAL_DATE} between 1900-01-01 and 2100-12-31`);
    return output(values, lunar, `${lunar.day}/${lunar.month}${lunar.leap ? ' (nhuận)' : ''}/${lunar.year}`);
  },
  solar(values) {
    const text = required(values, 'lunar');
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    const lunar = { year: Number(m?.[1]), month: Number(m?.[2]), day: Number(m?.[3]), leap: values.leap === true };
    const date = checked('lunar', text, () => lunarToSolar(lunar), 'an existing lunar date YYYY-MM-DD');
    return output(values, { date }, date);
  },
  'load-notice'(values, env) {
    const file = required(values, 'file');
    const before = calendarFor({}, env).calendar.version;
    const { notice, path } = storeNoticeFile(file, noticeDirectory(env));
    const after = calendarFor({}, env).calendar.version;
    const result = { year: notice.year, storedAt: path, previousVersion: before, calendarVersion: after };
    return output(values, result, `stored ${notice.year} notice; calendar version ${after}`);
  },
  version(values, env) {
    const { calendar, warning } = calendarFor(values, env);
    const info = { calendarVersion: calendar.version, unit: calendar.unit.code, draftedYears: calendar.draftedYears };
    return output(values, info, calendar.version, warning);
  },
};

function run(sub: string, values: Values, env: Env): CliResult {
  return HANDLERS[sub]!(values, env);
}
