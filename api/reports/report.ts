import { z } from 'zod';
import {
  REPORT_COUNTS,
  REPORT_DIMENSIONS,
  type DossierReports,
  type ReportCount,
  type ReportDimension,
  type ReportResult,
  type ReportRow,
} from '../../db/repositories/dossier-reports';
import { procedureName } from '../forms/dossier-forms';
import { formatInstant } from '../forms/format';
import { CHANNEL_LABELS, FIGURE_COLUMNS, reportColumns, type ReportColumn, type ReportTable, type TableLine } from './columns';
import type { ReportPeriod, SixMonthlyPeriod } from './periods';

// The JSON bodies of the report routes, and the same figures as tables for CSV and XLSX.

const Count = z.number().int();
const counts = Object.fromEntries(REPORT_COUNTS.map((name) => [name, Count])) as Record<ReportCount, typeof Count>;
export const ReportFiguresView = z.object({
  ...counts,
  onlineRate: z.number().nullable().describe('receivedOnline / received, 0–1; null when nothing was received'),
  onTimeRate: z.number().nullable().describe('(early + on time) / (early + on time + late), 0–1'),
  averageResolutionDays: z.number().nullable().describe('calendar days from official receipt to resolution'),
});

export const ReportRowView = ReportFiguresView.extend({
  unitCode: z.string().optional(),
  procedureCode: z.string().optional(),
  procedureName: z.string().optional(),
  channel: z.string().optional(),
});

export const PeriodView = z.object({
  from: z.string().meta({ example: '2026-01-01' }),
  to: z.string().meta({ example: '2026-06-30' }),
  start: z.string().describe('first instant of the period (00:00 of `from`, UTC+7)'),
  end: z.string().describe('first instant after the period (00:00 of the day after `to`, UTC+7)'),
  asOf: z.string().describe('when the figures were taken'),
  complete: z.boolean().describe('false while the period has not ended: figures are as of `asOf`'),
});

export const Scope = z.object({
  unitCodes: z.array(z.string()).nullable().describe('null: every unit'),
  procedureCode: z.string().nullable(),
  channel: z.string().nullable(),
});
export type Scope = z.infer<typeof Scope>;

export const DossierReportView = z.object({
  period: PeriodView,
  groupBy: z.array(z.enum(REPORT_DIMENSIONS)),
  scope: Scope,
  rows: z.array(ReportRowView),
  totals: ReportFiguresView,
});

export const SixMonthlyReportView = z.object({
  year: z.number().int(),
  half: z.number().int(),
  period: PeriodView,
  deadlines: z.object({ units: z.string(), department: z.string(), province: z.string() }).describe('report before these days'),
  scope: Scope,
  byUnit: z.array(ReportRowView),
  byProcedure: z.array(ReportRowView),
  byChannel: z.array(ReportRowView),
  totals: ReportFiguresView,
});

function periodView(period: ReportPeriod, asOf: Date) {
  const { from, to, start, end } = period;
  return { from, to, start: start.toISOString(), end: end.toISOString(), asOf: asOf.toISOString(), complete: end <= asOf };
}

const withNames = (rows: ReportRow[]) =>
  rows.map((row) => (row.procedureCode ? { ...row, procedureName: procedureName(row.procedureCode) } : row));

const query = (period: ReportPeriod, scope: Scope, groupBy: ReportDimension[]) => ({
  start: period.start,
  end: period.end,
  groupBy,
  unitCodes: scope.unitCodes ?? undefined,
  procedureCode: scope.procedureCode ?? undefined,
  channel: scope.channel ?? undefined,
});

export async function dossierReport(reports: DossierReports, period: ReportPeriod, groupBy: ReportDimension[], scope: Scope) {
  const asOf = new Date();
  const { rows, totals } = await reports.figures(query(period, scope, groupBy));
  return { period: periodView(period, asOf), groupBy, scope, rows: withNames(rows), totals };
}

export async function sixMonthlyReport(reports: DossierReports, period: SixMonthlyPeriod, scope: Scope) {
  const asOf = new Date();
  const figures = (groupBy: ReportDimension[]): Promise<ReportResult> => reports.figures(query(period, scope, groupBy));
  const [byUnit, byProcedure, byChannel] = [await figures(['unit']), await figures(['procedure']), await figures(['channel'])];
  return {
    year: period.year,
    half: period.half,
    period: periodView(period, asOf),
    deadlines: { units: period.unitsReportBefore, department: period.departmentReportBefore, province: period.provinceReportBefore },
    scope,
    byUnit: byUnit.rows,
    byProcedure: withNames(byProcedure.rows),
    byChannel: byChannel.rows,
    totals: byUnit.totals,
  };
}

const TITLE = 'TÌNH HÌNH, KẾT QUẢ TIẾP NHẬN VÀ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH';
const day = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The lines above a table: the period, when the figures were taken, and the scope. */
export function subtitle(period: { from: string; to: string; asOf: string; complete: boolean }, scope: Scope): string[] {
  const parts = [
    scope.unitCodes ? `đơn vị ${scope.unitCodes.join(', ')}` : 'tất cả đơn vị',
    scope.procedureCode && `thủ tục ${scope.procedureCode}`,
    scope.channel && `kênh ${CHANNEL_LABELS[scope.channel] ?? scope.channel}`,
  ].filter(Boolean);
  return [
    `Kỳ báo cáo: từ ngày ${day(period.from)} đến ngày ${day(period.to)} (giờ Việt Nam, UTC+7)`,
    `Số liệu tính đến ${formatInstant(period.asOf)}${period.complete ? '' : ' — kỳ báo cáo chưa kết thúc'}`,
    `Phạm vi: ${parts.join('; ')}`,
  ];
}

/** A report's rows as a table; channel rows get their Vietnamese name. */
export function tableOf(title: string, groupBy: ReportDimension[], rows: ReportRow[], totals: ReportTable['totals']): ReportTable {
  const lines = rows.map((row): TableLine => ({ ...row, ...(row.channel ? { channelName: CHANNEL_LABELS[row.channel] ?? row.channel } : {}) }));
  return { title, columns: reportColumns(groupBy), lines, totals };
}

export const dossierReportTitle = TITLE;
export const sixMonthlyTitle = (year: number, half: number) => `BÁO CÁO 6 THÁNG ${half === 1 ? 'ĐẦU' : 'CUỐI'} NĂM ${year}: ${TITLE}`;

type SixMonthlyReport = Awaited<ReturnType<typeof sixMonthlyReport>>;

const GROUP_COLUMNS: ReportColumn[] = [
  { key: 'group', label: 'Phân nhóm', kind: 'text' },
  { key: 'code', label: 'Mã', kind: 'text' },
  { key: 'name', label: 'Tên', kind: 'text' },
];

/** The six-monthly report as one table (for CSV): by unit, then by procedure, then by channel, then the totals. */
export function sixMonthlyTable(report: SixMonthlyReport): ReportTable {
  const line = (group: string, code: string, name: string, row: ReportRow): TableLine => ({ ...row, group, code, name });
  const lines = [
    ...report.byUnit.map((r) => line('Đơn vị', r.unitCode!, r.unitCode!, r)),
    ...report.byProcedure.map((r) => line('Thủ tục', r.procedureCode!, procedureName(r.procedureCode!), r)),
    ...report.byChannel.map((r) => line('Kênh', r.channel!, CHANNEL_LABELS[r.channel!] ?? r.channel!, r)),
  ];
  return { title: sixMonthlyTitle(report.year, report.half), columns: [...GROUP_COLUMNS, ...FIGURE_COLUMNS], lines, totals: report.totals };
}

/** The six-monthly report as sheets (for XLSX): by unit, by procedure, by channel, each with the totals. */
export function sixMonthlySheets(report: SixMonthlyReport): { name: string; table: ReportTable }[] {
  const title = sixMonthlyTitle(report.year, report.half);
  return [
    { name: 'Theo đơn vị', table: tableOf(title, ['unit'], report.byUnit, report.totals) },
    { name: 'Theo thủ tục', table: tableOf(title, ['procedure'], report.byProcedure, report.totals) },
    { name: 'Theo kênh', table: tableOf(title, ['channel'], report.byChannel, report.totals) },
  ];
}
