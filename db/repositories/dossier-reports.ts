import { inArray, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Executor } from '../client';
import { dossiers } from '../schema';

// Periodic figures of dossier handling (domain spec §7), computed in one SQL pass over the read model: aggregates with
// FILTER clauses, one GROUPING SETS query giving the groups and their total. Definitions and their legal basis:
// docs/reports.md. Every instant is compared on the half-open period [start, end).

export const REPORT_DIMENSIONS = ['unit', 'procedure', 'channel'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

const DIMENSION_COLUMNS: Record<ReportDimension, string> = {
  unit: 'unit_code',
  procedure: 'procedure_code',
  channel: 'channel',
};

export interface ReportQuery {
  start: Date;
  end: Date;
  /** Group rows by these, in this order; none gives the totals only. */
  groupBy: readonly ReportDimension[];
  /** Dossiers received by these units only (a caller's scope); absent: every unit. */
  unitCodes?: readonly string[] | undefined;
  procedureCode?: string | undefined;
  channel?: string | undefined;
}

/** The counts of one group; `docs/reports.md` defines each. */
export const REPORT_COUNTS = [
  'carriedOver',
  'received',
  'receivedOnline',
  'receivedCounter',
  'receivedPostal',
  'resolved',
  'resolvedEarly',
  'resolvedOnTime',
  'resolvedLate',
  'resolvedLateWithApology',
  'resolvedLateWithoutApology',
  'refusedToResolve',
  'withdrawn',
  'inProgress',
  'inProgressInTime',
  'inProgressOverdue',
  'refusedAtReception',
  'withdrawnBeforeAcceptance',
  'receptionCheckLate',
  'returned',
  'returnedOnline',
] as const;
export type ReportCount = (typeof REPORT_COUNTS)[number];

export type ReportFigures = Record<ReportCount, number> & {
  /** receivedOnline / received; null when nothing was received. */
  onlineRate: number | null;
  /** (resolvedEarly + resolvedOnTime) / (resolvedEarly + resolvedOnTime + resolvedLate); null when none was graded. */
  onTimeRate: number | null;
  /** Mean calendar days from official receipt to resolution, over the dossiers resolved in the period. */
  averageResolutionDays: number | null;
};

export interface ReportKey {
  unitCode?: string;
  procedureCode?: string;
  channel?: string;
}
export type ReportRow = ReportKey & ReportFigures;

export interface ReportResult {
  rows: ReportRow[];
  totals: ReportFigures;
}

const KEY_OF: Record<ReportDimension, keyof ReportKey> = { unit: 'unitCode', procedure: 'procedureCode', channel: 'channel' };

/** The condition of each count, over the columns of the `facts` CTE below. */
function countConditions(start: SQL, end: SQL): Record<ReportCount, SQL> {
  const during = (column: string) => sql`(${sql.raw(column)} >= ${start} and ${sql.raw(column)} < ${end})`;
  const received = during('accepted_at');
  const resolved = sql`(accepted_at is not null and ${during('resolved_at')})`;
  const late = sql`(${resolved} and timeliness = 'LATE')`;
  const inProgress = sql`(accepted_at < ${end} and (closed_at is null or closed_at >= ${end}))`;
  const overdue = sql`(overdue_at is not null and overdue_at < ${end})`;
  const withdrawnInPeriod = sql`(status = 'WITHDRAWN' and resolved_at is null and ${during('withdrawn_at')})`;
  const refusedAtReception = sql`(status = 'REFUSED_AT_RECEPTION' and ${during('resolved_at')})`;
  return {
    carriedOver: sql`(accepted_at < ${start} and (closed_at is null or closed_at >= ${start}))`,
    received,
    receivedOnline: sql`(${received} and channel = 'online')`,
    receivedCounter: sql`(${received} and channel = 'counter')`,
    receivedPostal: sql`(${received} and channel = 'postal')`,
    resolved,
    resolvedEarly: sql`(${resolved} and timeliness = 'EARLY')`,
    resolvedOnTime: sql`(${resolved} and timeliness = 'ON_TIME')`,
    resolvedLate: late,
    resolvedLateWithApology: sql`(${late} and apologised_at is not null)`,
    resolvedLateWithoutApology: sql`(${late} and apologised_at is null)`,
    refusedToResolve: sql`(${resolved} and status = 'REFUSED_TO_RESOLVE')`,
    withdrawn: sql`(accepted_at is not null and ${withdrawnInPeriod})`,
    inProgress,
    inProgressInTime: sql`(${inProgress} and not ${overdue})`,
    inProgressOverdue: sql`(${inProgress} and ${overdue})`,
    refusedAtReception,
    withdrawnBeforeAcceptance: sql`(accepted_at is null and ${withdrawnInPeriod})`,
    receptionCheckLate: sql`(overdue_at_reception and (${received} or ${refusedAtReception}))`,
    returned: during('returned_at'),
    returnedOnline: sql`(${during('returned_at')} and return_channel = 'online')`,
  };
}

/** The first (or last) event of a type, looked up only where `guard` holds (a CASE evaluates its branch lazily). */
const eventAt = (guard: string, type: string, pick: 'min' | 'max') =>
  sql.raw(`case when ${guard} then (select ${pick}(e.occurred_at) from dossier_events e
    where e.dossier_id = dossiers.id and e.type = '${type}') end`);

function scope(query: ReportQuery): SQL[] {
  return [
    query.unitCodes !== undefined ? inArray(dossiers.unitCode, [...query.unitCodes]) : undefined,
    query.procedureCode !== undefined ? sql`procedure_code = ${query.procedureCode}` : undefined,
    query.channel !== undefined ? sql`channel = ${query.channel}` : undefined,
  ].filter((c): c is SQL => c !== undefined);
}

function reportSql(query: ReportQuery): SQL {
  const start = sql`${query.start.toISOString()}::timestamptz`;
  const end = sql`${query.end.toISOString()}::timestamptz`;
  const conditions = countConditions(start, end);
  const dims = query.groupBy.map((d) => DIMENSION_COLUMNS[d]);
  const dimList = sql.raw(dims.join(', '));
  // A dossier matters to the period if it was open at some point of it, or closed, returned or withdrawn in it.
  const relevant = sql`((accepted_at < ${end} and (resolved_at is null or resolved_at >= ${start}))
    or (resolved_at >= ${start} and resolved_at < ${end})
    or (returned_at >= ${start} and returned_at < ${end})
    or (status = 'WITHDRAWN' and submitted_at < ${end}))`;
  const where = sql.join([...scope(query), relevant], sql` and `);
  const counts = REPORT_COUNTS.map((name) => sql`count(*) filter (where ${conditions[name]})::int as ${sql.identifier(name)}`);
  const resolutionSeconds = sql`avg(extract(epoch from resolved_at - official_receipt_at))
    filter (where ${conditions.resolved})::float8 as "resolutionSeconds"`;
  const grouping = dims.length
    ? { select: sql`${dimList}, grouping(${dimList})::int as "isTotal", `, by: sql`group by grouping sets ((${dimList}), ())` }
    : { select: sql`1 as "isTotal", `, by: sql`` };
  return sql`
    with facts as (
      select unit_code, procedure_code, channel, status, accepted_at, resolved_at, returned_at, return_channel,
        official_receipt_at, timeliness, overdue_at_reception,
        ${eventAt(`status = 'WITHDRAWN'`, 'WITHDRAWN', 'max')} as withdrawn_at,
        ${eventAt('overdue', 'OVERDUE', 'min')} as overdue_at,
        ${eventAt(`overdue or timeliness = 'LATE'`, 'APOLOGISED', 'min')} as apologised_at
      from dossiers
      where ${where}
    ), closed as (
      select *, coalesce(resolved_at, withdrawn_at) as closed_at from facts
    )
    select ${grouping.select}${sql.join(counts, sql`, `)}, ${resolutionSeconds}
    from closed
    ${grouping.by}`;
}

type RawRow = Record<ReportCount, number> & Record<string, unknown> & { isTotal: number; resolutionSeconds: number | null };

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

function figuresOf(raw: RawRow): ReportFigures {
  const counts = Object.fromEntries(REPORT_COUNTS.map((name) => [name, Number(raw[name])])) as Record<ReportCount, number>;
  const inTime = counts.resolvedEarly + counts.resolvedOnTime;
  const seconds = raw.resolutionSeconds === null ? null : Number(raw.resolutionSeconds);
  return {
    ...counts,
    onlineRate: ratio(counts.receivedOnline, counts.received),
    onTimeRate: ratio(inTime, inTime + counts.resolvedLate),
    averageResolutionDays: seconds === null ? null : Math.round((seconds / 86_400) * 100) / 100,
  };
}

const EMPTY = figuresOf({ ...Object.fromEntries(REPORT_COUNTS.map((n) => [n, 0])), isTotal: 1, resolutionSeconds: null } as RawRow);

export function createDossierReports(db: Executor) {
  return {
    /** The figures of each group (ordered by its key) and of all of them together. */
    async figures(query: ReportQuery): Promise<ReportResult> {
      const raw = rowsOf<RawRow>(await db.execute(reportSql(query)));
      const totalRow = raw.find((r) => Number(r.isTotal) !== 0);
      const rows = raw
        .filter((r) => Number(r.isTotal) === 0)
        .map((r) => {
          const key = Object.fromEntries(query.groupBy.map((d) => [KEY_OF[d], String(r[DIMENSION_COLUMNS[d]])])) as ReportKey;
          return { ...key, ...figuresOf(r) };
        })
        .sort((a, b) => compareKeys(a, b, query.groupBy));
      return { rows, totals: totalRow ? figuresOf(totalRow) : EMPTY };
    },
  };
}

function compareKeys(a: ReportKey, b: ReportKey, groupBy: readonly ReportDimension[]): number {
  for (const d of groupBy) {
    const [x, y] = [a[KEY_OF[d]] ?? '', b[KEY_OF[d]] ?? ''];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export type DossierReports = ReturnType<typeof createDossierReports>;
