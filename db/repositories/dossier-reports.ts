import { inArray, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Executor } from '../client';
import { dossiers, REPORT_EVENT_TYPES_SQL } from '../schema';

// Periodic figures of dossier handling (domain spec §7), computed in one SQL pass over the read model: aggregates with
// FILTER clauses, one row per group (the totals are the groups added up). Definitions and their legal basis:
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

// Each instant of a dossier becomes a phase: 0 before the period, 1 in it, 2 after it, null when it never happened;
// the counts below are then tests on small integers.

/** The condition of each count, over the columns of the inner query of `reportSql`. */
const COUNT_CONDITIONS: Record<ReportCount, string> = {
  carriedOver: 'acc = 0 and coalesce(closed, 1) >= 1',
  received: 'acc = 1',
  receivedOnline: "acc = 1 and channel = 'online'",
  receivedCounter: "acc = 1 and channel = 'counter'",
  receivedPostal: "acc = 1 and channel = 'postal'",
  resolved: 'acc is not null and res = 1',
  resolvedEarly: "acc is not null and res = 1 and timeliness = 'EARLY'",
  resolvedOnTime: "acc is not null and res = 1 and timeliness = 'ON_TIME'",
  resolvedLate: "acc is not null and res = 1 and timeliness = 'LATE'",
  resolvedLateWithApology: "acc is not null and res = 1 and timeliness = 'LATE' and apologised",
  resolvedLateWithoutApology: "acc is not null and res = 1 and timeliness = 'LATE' and not apologised",
  refusedToResolve: "acc is not null and res = 1 and status = 'REFUSED_TO_RESOLVE'",
  withdrawn: 'acc is not null and res is null and wd = 1',
  inProgress: 'acc <= 1 and coalesce(closed, 2) = 2',
  inProgressInTime: 'acc <= 1 and coalesce(closed, 2) = 2 and not overdue_by_end',
  inProgressOverdue: 'acc <= 1 and coalesce(closed, 2) = 2 and overdue_by_end',
  refusedAtReception: "status = 'REFUSED_AT_RECEPTION' and res = 1",
  withdrawnBeforeAcceptance: 'acc is null and res is null and wd = 1',
  receptionCheckLate: "overdue_at_reception and (acc = 1 or (status = 'REFUSED_AT_RECEPTION' and res = 1))",
  returned: 'ret = 1',
  returnedOnline: "ret = 1 and return_channel = 'online'",
};

function scope(query: ReportQuery): SQL[] {
  return [
    query.unitCodes !== undefined ? inArray(dossiers.unitCode, [...query.unitCodes]) : undefined,
    query.procedureCode !== undefined ? sql`procedure_code = ${query.procedureCode}` : undefined,
    query.channel !== undefined ? sql`channel = ${query.channel}` : undefined,
  ].filter((c): c is SQL => c !== undefined);
}

// The events a dossier's row does not carry (withdrawn, overdue, apologised), as an array of three instants, read
// only for the dossiers that can have them (a CASE evaluates its branch lazily), from the covering index
// dossier_events_report_idx.
const EVENTS = sql.raw(`case when status = 'WITHDRAWN' or overdue or timeliness = 'LATE' then (
    select array[max(e.occurred_at) filter (where e.type = 'WITHDRAWN'), min(e.occurred_at) filter (where e.type = 'OVERDUE'),
      min(e.occurred_at) filter (where e.type = 'APOLOGISED')]
    from dossier_events e where e.dossier_id = dossiers.id and e.type in ${REPORT_EVENT_TYPES_SQL}) end`);

export function reportSql(query: ReportQuery): SQL {
  const start = sql`${query.start.toISOString()}::timestamptz`;
  const end = sql`${query.end.toISOString()}::timestamptz`;
  const phase = (instant: string) =>
    sql`(case when ${sql.raw(instant)} is null then null when ${sql.raw(instant)} < ${start} then 0
      when ${sql.raw(instant)} < ${end} then 1 else 2 end)`;
  // A dossier matters to the period if it was open at some point of it, or closed, returned or withdrawn in it.
  const relevant = sql`((accepted_at < ${end} and (resolved_at is null or resolved_at >= ${start}))
    or (resolved_at >= ${start} and resolved_at < ${end})
    or (returned_at >= ${start} and returned_at < ${end})
    or (status = 'WITHDRAWN' and submitted_at < ${end}))`;
  const dims = sql.raw(query.groupBy.map((d) => `${DIMENSION_COLUMNS[d]}, `).join(''));
  const counts = REPORT_COUNTS.map((name) => sql.raw(`count(*) filter (where ${COUNT_CONDITIONS[name]})::int as "${name}"`));
  const groupBy = query.groupBy.length ? sql.raw(`group by ${query.groupBy.map((d) => DIMENSION_COLUMNS[d]).join(', ')}`) : sql``;
  // `offset 0` keeps each level from being merged into the next, so its expressions are computed once per row.
  return sql`
    select ${dims}${sql.join(counts, sql`, `)},
      coalesce(sum(resolution_seconds) filter (where ${sql.raw(COUNT_CONDITIONS.resolved)}), 0)::float8 as "resolutionSeconds"
    from (
      select unit_code, procedure_code, channel, status, timeliness, return_channel, overdue_at_reception,
        ${phase('accepted_at')} as acc, ${phase('resolved_at')} as res, ${phase('ev[1]')} as wd,
        ${phase('returned_at')} as ret, ${phase('coalesce(resolved_at, ev[1])')} as closed,
        coalesce(ev[2] < ${end}, false) as overdue_by_end, ev[3] is not null as apologised,
        extract(epoch from resolved_at - official_receipt_at) as resolution_seconds
      from (
        select unit_code, procedure_code, channel, status, timeliness, return_channel, overdue_at_reception,
          accepted_at, resolved_at, returned_at, official_receipt_at, ${EVENTS} as ev
        from dossiers
        where ${sql.join([...scope(query), relevant], sql` and `)}
        offset 0
      ) rows
      offset 0
    ) facts
    ${groupBy}`;
}

/** A group's counts and the sum of its resolution times, in seconds (averaged once groups are added up). */
type Sums = Record<ReportCount, number> & { resolutionSeconds: number };

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

function sumsOf(raw: Record<string, unknown>): Sums {
  const sums = Object.fromEntries(REPORT_COUNTS.map((name) => [name, Number(raw[name])])) as Sums;
  sums.resolutionSeconds = Number(raw.resolutionSeconds);
  return sums;
}

function add(a: Sums, b: Sums): Sums {
  const sum = { ...a };
  for (const name of [...REPORT_COUNTS, 'resolutionSeconds'] as const) sum[name] += b[name];
  return sum;
}

function figuresOf({ resolutionSeconds, ...counts }: Sums): ReportFigures {
  const inTime = counts.resolvedEarly + counts.resolvedOnTime;
  const days = counts.resolved === 0 ? null : Math.round((resolutionSeconds / counts.resolved / 86_400) * 100) / 100;
  return {
    ...counts,
    onlineRate: ratio(counts.receivedOnline, counts.received),
    onTimeRate: ratio(inTime, inTime + counts.resolvedLate),
    averageResolutionDays: days,
  };
}

const ZERO = sumsOf({ ...Object.fromEntries(REPORT_COUNTS.map((n) => [n, 0])), resolutionSeconds: 0 });

export function createDossierReports(db: Executor) {
  return {
    /** The figures of each group (ordered by its key) and of all of them together. */
    async figures(query: ReportQuery): Promise<ReportResult> {
      // JIT compilation of the many FILTER expressions costs more than it saves here (seconds at a million rows).
      const raw = await db.transaction(async (tx) => {
        await tx.execute(sql`set local jit = off`);
        return rowsOf<Record<string, unknown>>(await tx.execute(reportSql(query)));
      });
      const groups = raw.map((r) => ({
        key: Object.fromEntries(query.groupBy.map((d) => [KEY_OF[d], String(r[DIMENSION_COLUMNS[d]])])) as ReportKey,
        sums: sumsOf(r),
      }));
      const rows = groups
        .filter((g) => query.groupBy.length > 0)
        .map((g) => ({ ...g.key, ...figuresOf(g.sums) }))
        .sort((a, b) => compareKeys(a, b, query.groupBy));
      return { rows, totals: figuresOf(groups.map((g) => g.sums).reduce(add, ZERO)) };
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
