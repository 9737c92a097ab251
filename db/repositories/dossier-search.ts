import { and, eq, getTableColumns, gte, inArray, like, lt, sql, type SQL } from 'drizzle-orm';
import { DOSSIER_STATUSES } from '../../workflows/dossier/statuses';
import { rowsOf, type Executor } from '../client';
import { dossiers, OPEN_STATUSES_SQL, WORKLIST_DEADLINE_SQL, type DossierRow } from '../schema';

type DossierStatus = DossierRow['status'];

export interface DossierFilters {
  status?: DossierStatus[];
  /** Dossiers received by any of these units. */
  unitCodes?: string[];
  procedureCode?: string;
  channel?: string;
  /** Due strictly before this instant (a dossier with no due date never matches). */
  dueBefore?: Date;
  /** Due at or after this instant: with `dueBefore`, a half-open interval. */
  dueAfter?: Date;
  /** `true`: overdue in handling or at the reception check; `false`: neither. */
  overdue?: boolean;
  dossierCode?: string;
  dossierCodePrefix?: string;
  /** The applicant's identifier (CCCD, tax code): personal data, for officers only (enforced by the caller). */
  applicantIdentifier?: string;
}

/** `submittedAt`: newest first; `dueAt`: soonest first, undated last. Ties are broken by id. */
export type SearchSort = 'submittedAt' | 'dueAt';

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
  sort?: SearchSort;
}

/**
 * How many matches a page counts at most. An exact count over a broad filter reads every matching index entry (at a
 * million dossiers, 40–170 ms for the widest filters: docs/performance.md), so counting stops after this many.
 */
export const DEFAULT_COUNT_LIMIT = 10_000;

export interface SearchOptions {
  /** Count at most this many matches; `null` counts them all, however many (reports, exports). */
  countLimit?: number | null;
}

export interface DossierPage {
  items: DossierRow[];
  nextCursor: string | null;
  /**
   * Matches under the same filters (no cursor): exact when `totalIsExact`, otherwise the count limit — more than
   * `total` dossiers match (shown as "10,000+").
   */
  total: number;
  totalIsExact: boolean;
}

/** A cursor that this repository did not issue, or issued for another ordering. */
export class InvalidCursorError extends Error {
  constructor(detail: string) {
    super(`invalid cursor: ${detail}`);
    this.name = 'InvalidCursorError';
  }
}

/** Position after the last row of a page: the ordering it belongs to, its key in epoch microseconds, its id. */
interface Cursor {
  o: string;
  k: string | null;
  i: string;
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(text: string, ordering: string): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor this API issued');
  }
  const c = value as Partial<Cursor> | null;
  const keyOk = c?.k === null || (typeof c?.k === 'string' && /^-?\d{1,18}$/.test(c.k));
  const wellFormed = typeof c === 'object' && c !== null && typeof c.i === 'string' && keyOk;
  if (!wellFormed) throw new InvalidCursorError('not a cursor this API issued');
  if (c.o !== ordering) throw new InvalidCursorError(`issued for ordering ${c.o}, not ${ordering}`);
  return c as Cursor;
}

/** How a page is ordered: one key expression (an instant), its direction, whether it can be null (sorted last). */
interface Ordering {
  name: string;
  key: SQL;
  direction: 'asc' | 'desc';
  nullable: boolean;
}

const ORDERINGS: Record<SearchSort | 'worklist', Ordering> = {
  submittedAt: { name: 'submittedAt', key: sql`${dossiers.submittedAt}`, direction: 'desc', nullable: false },
  dueAt: { name: 'dueAt', key: sql`${dossiers.dueAt}`, direction: 'asc', nullable: true },
  worklist: { name: 'worklist', key: sql.raw(WORKLIST_DEADLINE_SQL), direction: 'asc', nullable: true },
};

// Microseconds since the epoch, exact both ways: a JS Date would drop timestamptz's microseconds and repeat rows.
const keyMicros = (key: SQL) => sql<string | null>`(extract(epoch from ${key}) * 1000000)::bigint::text`;
const fromMicros = (micros: string) => sql`(timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond')`;

/**
 * Dated rows strictly after the cursor in the ordering, as one row comparison so the index range starts at the cursor;
 * undated rows (sorted last) are fetched separately by `page`, as `or key is null` here would scan from the start.
 */
function after(ordering: Ordering, cursor: Cursor): SQL {
  const { key, direction } = ordering;
  if (cursor.k === null) return sql`(${key} is null and ${dossiers.id} > ${cursor.i})`;
  const beyond = direction === 'asc' ? sql`>` : sql`<`;
  return sql`(${key}, ${dossiers.id}) ${beyond} (${fromMicros(cursor.k)}, ${cursor.i})`;
}

/**
 * `nulls last` only where the key can be null: PostgreSQL matches an ORDER BY to an index only with the index's own
 * null ordering (a backward scan gives DESC NULLS FIRST), even on a NOT NULL column; a needless `desc nulls last` on
 * submitted_at made every newest-first page sort the whole match (1 s at a million dossiers, docs/performance.md).
 */
function orderBy(ordering: Ordering): SQL {
  const dir = sql.raw(ordering.direction);
  const nulls = sql.raw(ordering.nullable ? ' nulls last' : '');
  return sql`${ordering.key} ${dir}${nulls}, ${dossiers.id} ${dir}`;
}

function filterConditions(f: DossierFilters): SQL[] {
  const conditions: (SQL | undefined)[] = [
    f.status?.length ? inArray(dossiers.status, f.status) : undefined,
    f.unitCodes !== undefined ? inArray(dossiers.unitCode, f.unitCodes) : undefined,
    f.procedureCode !== undefined ? eq(dossiers.procedureCode, f.procedureCode) : undefined,
    f.channel !== undefined ? eq(dossiers.channel, f.channel) : undefined,
    // Through the column, so the Date is encoded for the driver (postgres.js rejects a bare Date parameter).
    f.dueBefore ? lt(dossiers.dueAt, f.dueBefore) : undefined,
    f.dueAfter ? gte(dossiers.dueAt, f.dueAfter) : undefined,
    f.overdue === true ? sql`(${dossiers.overdue} or ${dossiers.overdueAtReception})` : undefined,
    f.overdue === false ? sql`not (${dossiers.overdue} or ${dossiers.overdueAtReception})` : undefined,
    f.dossierCode !== undefined ? eq(dossiers.dossierCode, f.dossierCode) : undefined,
    f.dossierCodePrefix !== undefined ? like(dossiers.dossierCode, likePrefix(f.dossierCodePrefix)) : undefined,
    // The literal 'identifier' (not a parameter) lets the planner match dossiers_applicant_identifier_idx.
    f.applicantIdentifier !== undefined
      ? sql`(${dossiers.applicant} ->> 'identifier') = ${f.applicantIdentifier}`
      : undefined,
  ];
  return conditions.filter((c): c is SQL => c !== undefined);
}

const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Filters with an index of their own that leaves few matches: a page is read through that index and sorted. */
const selective = (f: DossierFilters) =>
  f.dossierCode !== undefined || f.applicantIdentifier !== undefined || f.dossierCodePrefix !== undefined;

/** At most this many (unit, status) ranges are merged for one page; beyond it, one range per status. */
const MAX_BRANCHES = 60;

/**
 * The index ranges a search page is merged from, each already in the page's order, or `null` for one ordered scan.
 * PostgreSQL 15 cannot read `status in (…)` or `unit_code in (…)` from an index in key order, nor skip over the
 * leading status column, so an ordering the planner would otherwise sort in full is split into one range per
 * (unit,) status and merged with UNION ALL … ORDER BY … LIMIT (a Merge Append that stops after one page):
 * - by due date: one range per status — of the filter, or every status — in (status, due_at, id) or
 *   (unit_code, status, due_at, id). Not for overdue dossiers province-wide (their partial index is in due order) nor
 *   for an exact code, a code prefix or an applicant (their own index leaves a few matches);
 * - newest first: one range per unit when several units are asked for.
 */
function branches(f: DossierFilters, sort: SearchSort): SQL[] | null {
  if (selective(f) || (f.unitCodes !== undefined && f.unitCodes.length === 0)) return null;
  const units = f.unitCodes ? [...new Set(f.unitCodes)] : undefined;
  if (sort === 'submittedAt') {
    return units && units.length > 1 && units.length <= MAX_BRANCHES ? units.map((u) => eq(dossiers.unitCode, u)) : null;
  }
  if (f.overdue === true && !units) return null;
  const statuses = f.status?.length ? [...new Set(f.status)] : [...DOSSIER_STATUSES];
  if (units && units.length * statuses.length <= MAX_BRANCHES) {
    return units.flatMap((u) => statuses.map((s) => and(eq(dossiers.unitCode, u), eq(dossiers.status, s))!));
  }
  return statuses.map((s) => eq(dossiers.status, s));
}

/**
 * Ranges the capped count is split into, or `null` for one scan: a due-date window without a status is one range per
 * (unit,) status of (unit_code, status, due_at, id) or (status, due_at, id) — the window is a range only after the
 * status, and one scan of a unit or of the province reads every entry of it to count a few.
 */
function countBranches(f: DossierFilters): SQL[] | null {
  const dueWindow = f.dueBefore !== undefined || f.dueAfter !== undefined;
  if (!dueWindow || f.status?.length || selective(f)) return null;
  const units = f.unitCodes ? [...new Set(f.unitCodes)] : undefined;
  if (units) {
    if (units.length === 0 || units.length * DOSSIER_STATUSES.length > MAX_BRANCHES) return null;
    return units.flatMap((u) => DOSSIER_STATUSES.map((s) => and(eq(dossiers.unitCode, u), eq(dossiers.status, s))!));
  }
  return f.procedureCode === undefined && f.overdue !== true ? DOSSIER_STATUSES.map((s) => eq(dossiers.status, s)) : null;
}

export function createDossierSearch(db: Executor, options: SearchOptions = {}) {
  const countLimit = options.countLimit === undefined ? DEFAULT_COUNT_LIMIT : options.countLimit;
  /** The number of matches, counting no further than one past the limit; `parts` are counted together (UNION ALL). */
  async function count(where: SQL | undefined, parts: SQL[] | null): Promise<{ total: number; totalIsExact: boolean }> {
    const ones = (parts ?? [undefined]).map((part) => sql`(select 1 from ${dossiers} where ${and(where, part) ?? sql`true`})`);
    const matches = sql.join(ones, sql` union all `);
    const limit = countLimit === null ? sql`` : sql` limit ${countLimit + 1}`;
    const [row] = rowsOf<{ total: number }>(
      await db.execute(sql`select count(*)::int as total from (${matches}${limit}) as matches`),
    );
    const total = Number(row?.total ?? 0);
    if (countLimit === null) return { total, totalIsExact: true };
    return total > countLimit ? { total: countLimit, totalIsExact: false } : { total, totalIsExact: true };
  }

  const rowsWhere = (where: SQL | undefined, ordering: Ordering, limit: number) =>
    db
      .select({ ...getTableColumns(dossiers), cursorKey: keyMicros(ordering.key) })
      .from(dossiers)
      .where(where)
      .orderBy(orderBy(ordering))
      .limit(limit);

  async function pageRows(where: SQL | undefined, ordering: Ordering, cursor: Cursor | undefined, limit: number) {
    const rows = await rowsWhere(cursor ? and(where, after(ordering, cursor)) : where, ordering, limit);
    if (!cursor || cursor.k === null || !ordering.nullable || rows.length >= limit) return rows;
    return rows.concat(await rowsWhere(and(where, sql`${ordering.key} is null`), ordering, limit - rows.length));
  }

  /**
   * A search page in two steps: the ids and keys of the page, read from index entries alone where an index holds every
   * filtered column (an index-only scan, no table row visited for a non-match), merged from `parts` if given; then
   * those rows by primary key.
   */
  async function keysWhere(where: SQL | undefined, parts: SQL[] | null, ordering: Ordering, limit: number) {
    const order = orderBy(ordering);
    const one = (part: SQL | undefined) =>
      sql`select ${dossiers.id} as id, ${ordering.key} as key from ${dossiers} where ${and(where, part) ?? sql`true`} order by ${order} limit ${limit}`;
    const dir = sql.raw(ordering.direction);
    const nulls = sql.raw(ordering.nullable ? ' nulls last' : '');
    const query = parts
      ? sql`select id, ${keyMicros(sql`key`)} as "cursorKey" from (${sql.join(parts.map((p) => sql`(${one(p)})`), sql` union all `)}) as page
          order by key ${dir}${nulls}, id ${dir} limit ${limit}`
      : sql`select id, ${keyMicros(sql`key`)} as "cursorKey" from (${one(undefined)}) as page`;
    return rowsOf<{ id: string; cursorKey: string | null }>(await db.execute(query));
  }

  async function searchRows(where: SQL | undefined, parts: SQL[] | null, ordering: Ordering, cursor: Cursor | undefined, limit: number) {
    let keys = await keysWhere(cursor ? and(where, after(ordering, cursor)) : where, parts, ordering, limit);
    if (cursor && cursor.k !== null && ordering.nullable && keys.length < limit) {
      keys = keys.concat(await keysWhere(and(where, sql`${ordering.key} is null`), parts, ordering, limit - keys.length));
    }
    if (keys.length === 0) return [];
    const rows = await db.select().from(dossiers).where(inArray(dossiers.id, keys.map((k) => k.id)));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return keys.map((k) => ({ ...byId.get(k.id)!, cursorKey: k.cursorKey }));
  }

  type Row = DossierRow & { cursorKey: string | null };
  async function page(
    conditions: SQL[],
    ordering: Ordering,
    request: PageRequest,
    rowsOfPage: (where: SQL | undefined, cursor: Cursor | undefined, limit: number) => Promise<Row[]>,
    countParts: SQL[] | null = null,
  ): Promise<DossierPage> {
    const where = conditions.length ? and(...conditions) : undefined;
    const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor, ordering.name);
    const [rows, counted] = await Promise.all([rowsOfPage(where, cursor, request.limit + 1), count(where, countParts)]);
    const more = rows.length > request.limit;
    const shown = rows.slice(0, request.limit);
    const last = shown.at(-1);
    return {
      items: shown.map(({ cursorKey: _key, ...row }) => row),
      nextCursor: more && last ? encodeCursor({ o: ordering.name, k: last.cursorKey, i: last.id }) : null,
      ...counted,
    };
  }

  return {
    /** Dossiers matching every given filter, one keyset page at a time. */
    search(filters: DossierFilters, request: PageRequest): Promise<DossierPage> {
      const sort = request.sort ?? 'submittedAt';
      const ordering = ORDERINGS[sort];
      const parts = branches(filters, sort);
      const rows = (where: SQL | undefined, cursor: Cursor | undefined, limit: number) => searchRows(where, parts, ordering, cursor, limit);
      return page(filterConditions(filters), ordering, request, rows, countBranches(filters));
    },

    /**
     * Open dossiers of these units, nearest deadline first: the reception-check deadline while awaiting it, else the
     * due date; undated last. Served by the partial index dossiers_worklist_idx.
     */
    worklist(unitCodes: string[], request: Omit<PageRequest, 'sort'>): Promise<DossierPage> {
      const open = sql.raw(`"dossiers"."status" in ${OPEN_STATUSES_SQL}`);
      const ordering = ORDERINGS.worklist;
      const rows = (where: SQL | undefined, cursor: Cursor | undefined, limit: number) => pageRows(where, ordering, cursor, limit);
      return page([inArray(dossiers.unitCode, unitCodes), open], ordering, request, rows);
    },
  };
}

export type DossierSearch = ReturnType<typeof createDossierSearch>;
