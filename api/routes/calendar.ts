import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatInstant, lunarToSolar, parseLocalDate, solarToLunar, type Limit } from '../../calendars';
import { formatDays, formatDeadline } from '../../calendars/json-views';
import { problem, Problem } from '../errors';

// /v1/calendar/…: the working-day calendar as `motcua calendar` answers it (docs/calendar.md), for integrators.

const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const Instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 instant with an offset' });
const Unit = z.object({ unit: z.string().max(40).optional() });
const positive = z.coerce.number().positive().max(3650);

const Json = z.record(z.string(), z.unknown());
const DayView = z.object({
  date: z.string(),
  weekday: z.string(),
  working: z.boolean(),
  reasons: z.array(Json),
  makeUpWorkingDay: Json.optional(),
  receiptOnly: z.boolean().optional(),
  drafted: z.boolean(),
});
const Receipt = z.object({ officialReceiptAt: z.string(), calendarVersion: z.string() });
const DeadlineView = z.object({
  officialReceiptAt: z.string(),
  dueAt: z.string(),
  calendarVersion: z.string(),
  drafted: z.boolean(),
  draftedYears: z.array(z.number()),
  limit: Json,
  unit: z.string(),
  explanation: Json,
});
const LunarView = z.object({ year: z.number(), month: z.number(), day: z.number(), leap: z.boolean() });

const DeadlineQuery = Unit.extend({
  from: Instant,
  workingDays: positive.optional(),
  calendarDays: z.coerce.number().int().positive().max(3650).optional(),
  workingHours: positive.optional(),
  sameDayCutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM').optional(),
});

function limitOf(query: z.infer<typeof DeadlineQuery>): Limit {
  const limits: Limit[] = [
    ...(query.workingDays !== undefined ? [{ unit: 'working_days' as const, value: query.workingDays }] : []),
    ...(query.calendarDays !== undefined ? [{ unit: 'calendar_days' as const, value: query.calendarDays }] : []),
    ...(query.workingHours !== undefined ? [{ unit: 'working_hours' as const, value: query.workingHours }] : []),
    ...(query.sameDayCutoff !== undefined ? [{ unit: 'same_day' as const, cutoff: query.sameDayCutoff }] : []),
  ];
  if (limits.length !== 1) {
    throw problem(400, 'Invalid request', {
      detail: 'give exactly one of workingDays, calendarDays, workingHours, sameDayCutoff',
      field: 'querystring.workingDays',
    });
  }
  return limits[0]!;
}

/** A calendar's RangeError (a date outside 2000–2100, a lunar date that does not exist) is the caller's 400. */
function inRange<T>(field: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw problem(400, 'Invalid request', { detail: `${field}: ${error.message}`, field });
  }
}

export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['calendar'];
  const PUBLIC = { access: 'public' } as const;
  const calendarOf = (unit: string | undefined) => app.deps.calendars(unit ?? 'default');

  app.get(
    '/v1/calendar/days',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Working days and days off, with reasons',
        querystring: Unit.extend({ from: LocalDate, to: LocalDate }),
        response: { 200: z.array(DayView), 400: Problem, 429: Problem },
      },
    },
    async ({ query }) => {
      const from = inRange('querystring.from', () => parseLocalDate(query.from));
      const to = inRange('querystring.to', () => parseLocalDate(query.to));
      if (to < from || to - from > 366) {
        const detail = 'to must be on or after from, at most 366 days later';
        throw problem(400, 'Invalid request', { detail, field: 'querystring.to' });
      }
      return inRange('querystring.from', () => formatDays(calendarOf(query.unit), from, to));
    },
  );

  app.get(
    '/v1/calendar/receipt',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Official receipt time of a submission instant',
        querystring: Unit.extend({ at: Instant }),
        response: { 200: Receipt, 400: Problem, 429: Problem },
      },
    },
    async ({ query }) => {
      const calendar = calendarOf(query.unit);
      const officialReceiptAt = inRange('querystring.at', () => formatInstant(calendar.officialReceiptTime(query.at)));
      return { officialReceiptAt, calendarVersion: calendar.version };
    },
  );

  app.get(
    '/v1/calendar/deadline',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Due date of a limit from a submission instant, explained',
        querystring: DeadlineQuery,
        response: { 200: DeadlineView, 400: Problem, 429: Problem },
      },
    },
    async ({ query }) => {
      const calendar = calendarOf(query.unit);
      const limit = limitOf(query);
      const receipt = (from: string) => calendar.officialReceiptTime(from);
      const deadline = inRange('querystring.from', () => calendar.dueDate(receipt(query.from), limit));
      return formatDeadline(deadline);
    },
  );

  app.get(
    '/v1/calendar/lunar',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Vietnamese lunar date (UTC+7) of a solar date',
        querystring: z.object({ date: LocalDate }),
        response: { 200: LunarView, 400: Problem, 429: Problem },
      },
    },
    async ({ query }) => inRange('querystring.date', () => solarToLunar(query.date)),
  );

  app.get(
    '/v1/calendar/solar',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Solar date of a Vietnamese lunar date',
        querystring: z.object({ lunar: LocalDate, leap: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ date: z.string() }), 400: Problem, 429: Problem },
      },
    },
    async ({ query }) => {
      const [year, month, day] = query.lunar.split('-').map(Number) as [number, number, number];
      const leap = query.leap === 'true';
      return { date: inRange('querystring.lunar', () => lunarToSolar({ year, month, day, leap })) };
    },
  );
};
