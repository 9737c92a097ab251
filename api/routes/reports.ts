import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createDossierReports, REPORT_DIMENSIONS, type ReportDimension } from '../../db/repositories/dossier-reports';
import { Channel, ProcedureCode, UnitCode } from '../../workflows/dossier/inputs';
import { authenticated, requireUnit } from '../auth/scope';
import { Problem } from '../errors';
import type { ReportTable } from '../reports/columns';
import { renderCsv } from '../reports/csv';
import { daysIn, periodOf, sixMonthlyPeriod } from '../reports/periods';
import {
  DossierReportView,
  dossierReport,
  dossierReportTitle,
  sixMonthlyReport,
  sixMonthlySheets,
  sixMonthlyTable,
  SixMonthlyReportView,
  subtitle,
  tableOf,
  type Scope,
} from '../reports/report';
import { renderXlsx } from '../reports/xlsx';

// GET /v1/reports/dossiers and GET /v1/reports/six-monthly: figures from the read model as JSON, CSV or XLSX
// (definitions: docs/reports.md). Officers and leaders see their own units, admins every unit.

export const MAX_REPORT_DAYS = 366;
const LocalDay = z.iso.date({ error: 'must be a date YYYY-MM-DD' });
const Format = z.enum(['json', 'csv', 'xlsx']).default('json').describe('json (default), csv (UTF-8 with BOM) or xlsx');
const DIMENSION = REPORT_DIMENSIONS.join('|');
const GroupBy = z
  .string()
  .regex(new RegExp(`^(${DIMENSION})(,(${DIMENSION})){0,2}$`), 'must be unit, procedure or channel, or several comma-separated')
  .default('unit')
  .transform((text) => [...new Set(text.split(','))] as ReportDimension[])
  .describe('unit, procedure, channel, or several comma-separated (e.g. `unit,procedure`)');

const ScopeQuery = z.object({
  unitCode: UnitCode.optional().describe("one unit; officers and leaders: one of their own (default: all of theirs)"),
  format: Format,
});

const DossierReportQuery = ScopeQuery.extend({
  from: LocalDay.meta({ example: '2026-01-01' }),
  to: LocalDay.meta({ example: '2026-06-30' }),
  groupBy: GroupBy,
  procedureCode: ProcedureCode.optional(),
  channel: Channel.optional(),
})
  .refine((q) => q.from <= q.to, { path: ['to'], error: 'must not be before from' })
  .refine((q) => q.from > q.to || daysIn(q.from, q.to) <= MAX_REPORT_DAYS, {
    path: ['to'],
    error: `the period must be at most ${MAX_REPORT_DAYS} days`,
  });

const SixMonthlyQuery = ScopeQuery.extend({
  year: z.coerce.number().int().min(2000).max(2100).meta({ example: 2026 }),
  half: z.enum(['1', '2'], { error: 'must be 1 (15 Dec – 14 Jun) or 2 (15 Jun – 14 Dec)' }).transform(Number),
});

const ERRORS = { 400: Problem, 401: Problem, 403: Problem };
const ACCESS = ['officer', 'leader', 'admin'] as const;

/** The units the caller may report on: the one asked (if theirs), else all of theirs; admins every unit. */
function unitScope(request: FastifyRequest, unitCode: string | undefined): string[] | null {
  const caller = authenticated(request);
  if (unitCode !== undefined) {
    requireUnit(request, unitCode);
    return [unitCode];
  }
  return caller.role === 'admin' ? null : [...caller.units];
}

const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');

async function sendFile(reply: FastifyReply, format: 'csv' | 'xlsx', name: string, render: () => Promise<Buffer> | string) {
  reply.header('cache-control', 'private, no-store').header('content-disposition', `attachment; filename="${safeName(`${name}.${format}`)}"`);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(await render());
  return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await render());
}

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const reports = createDossierReports(app.deps.database.db);

  app.get(
    '/v1/reports/dossiers',
    {
      config: { access: ACCESS },
      schema: {
        tags: ['reports'],
        summary: 'Dossier figures for a period, grouped by unit, procedure or channel',
        description:
          'Carried over, received (online / counter / postal), resolved early / on time / late (late with and without ' +
          'apology), in progress in time / overdue, withdrawn, refused, online and on-time rates, mean resolution time. ' +
          '`from`…`to` are local (UTC+7) days, inclusive, at most 366. `format=csv|xlsx` downloads a file. ' +
          'Definitions: docs/reports.md.',
        querystring: DossierReportQuery,
        response: { 200: DossierReportView, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { from, to, groupBy, unitCode, procedureCode, channel, format } = request.query;
      const scope: Scope = { unitCodes: unitScope(request, unitCode), procedureCode: procedureCode ?? null, channel: channel ?? null };
      const report = await dossierReport(reports, periodOf(from, to), groupBy, scope);
      if (format === 'json') return report;
      const table = tableOf(dossierReportTitle, groupBy, report.rows, report.totals);
      const name = ['bao-cao-ho-so', from, to, groupBy.join('-'), unitCode].filter(Boolean).join('_');
      return sendTable(reply, format, name, table, subtitle(report.period, scope));
    },
  );

  app.get(
    '/v1/reports/six-monthly',
    {
      config: { access: ACCESS },
      schema: {
        tags: ['reports'],
        summary: 'The six-monthly report of the provincial plan (by unit, procedure and channel)',
        description:
          'Half 1 of `year`: 15 December of the year before – 14 June; half 2: 15 June – 14 December (Decree 09/2019 ' +
          'Art. 12 data window). Reports are due before 1 June / 1 December (units), 10 June / 10 December ' +
          '(department), 15 June / 15 December (province); before the window ends the figures are as of `period.asOf`.',
        querystring: SixMonthlyQuery,
        response: { 200: SixMonthlyReportView, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { year, half, unitCode, format } = request.query;
      const scope: Scope = { unitCodes: unitScope(request, unitCode), procedureCode: null, channel: null };
      const report = await sixMonthlyReport(reports, sixMonthlyPeriod(year, half as 1 | 2), scope);
      if (format === 'json') return report;
      const name = ['bao-cao-6-thang', `${year}-H${half}`, unitCode].filter(Boolean).join('_');
      const lines = subtitle(report.period, scope);
      if (format === 'csv') return sendFile(reply, 'csv', name, () => renderCsv(sixMonthlyTable(report)));
      return sendFile(reply, 'xlsx', name, () => renderXlsx(sixMonthlySheets(report), { subtitle: lines }));
    },
  );
};

function sendTable(reply: FastifyReply, format: 'csv' | 'xlsx', name: string, table: ReportTable, lines: string[]) {
  if (format === 'csv') return sendFile(reply, 'csv', name, () => renderCsv(table));
  return sendFile(reply, 'xlsx', name, () => renderXlsx([{ name: 'Báo cáo', table }], { subtitle: lines }));
}
