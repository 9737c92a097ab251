import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client';
import { createDossierSearch, type DossierFilters, type DossierPage, type SearchSort } from '../../db/repositories/dossier-search';
import { databaseKinds, migratedDatabase, type TestDatabase } from '../support/databases';

// The search splits some pages into per-status or per-unit index ranges merged by UNION ALL, and reads a page's ids
// before its rows (dossier-search.ts). Every shape must return exactly what one plain query would: the same rows, in the
// same order, through every cursor page. The reference here is computed in JavaScript from all the rows.
const COUNT = 3_000;

// Many ties on due_at (40 distinct days) and submitted_at (250 minutes), undated rows in every status.
const SEED = sql.raw(`
  insert into dossiers (id, dossier_code, procedure_code, unit_code, status, channel, applicant, submitted_at, due_at,
    overdue, overdue_at_reception, request_digest, last_sequence)
  select 'dossier-' || lpad(to_hex(g), 32, '0'), 'U' || (g % 12) || '-' || lpad(g::text, 6, '0'),
    'proc-' || (g % 5), 'unit-' || (g % 12), (enum_range(null::dossier_status))[1 + (g * 7 / 3) % 12],
    (array['online', 'counter', 'postal'])[1 + (g / 2) % 3],
    jsonb_build_object('kind', 'citizen', 'fullName', 'Applicant ' || g, 'identifier', lpad((g % 300)::text, 12, '0')),
    timestamptz '2026-01-01T00:00:00Z' + (g % 250) * interval '1 minute',
    case when g % 9 = 0 then null else timestamptz '2026-03-01T00:00:00Z' + ((g * 31) % 40) * interval '1 day' end,
    g % 23 = 0, g % 29 = 0, repeat('a', 64), 1
  from generate_series(1, ${COUNT}) as g`);

interface Row {
  id: string;
  dossierCode: string | null;
  procedureCode: string;
  unitCode: string;
  status: string;
  channel: string;
  applicant: unknown;
  submittedAt: Date;
  dueAt: Date | null;
  overdue: boolean;
  overdueAtReception: boolean;
}

function matches(r: Row, f: DossierFilters): boolean {
  const due = r.dueAt?.getTime() ?? null;
  const overdue = r.overdue || r.overdueAtReception;
  return (
    (!f.status?.length || f.status.includes(r.status as never)) &&
    (f.unitCodes === undefined || f.unitCodes.includes(r.unitCode)) &&
    (f.procedureCode === undefined || r.procedureCode === f.procedureCode) &&
    (f.channel === undefined || r.channel === f.channel) &&
    (f.dueBefore === undefined || (due !== null && due < f.dueBefore.getTime())) &&
    (f.dueAfter === undefined || (due !== null && due >= f.dueAfter.getTime())) &&
    (f.overdue === undefined || overdue === f.overdue) &&
    (f.dossierCode === undefined || r.dossierCode === f.dossierCode) &&
    (f.dossierCodePrefix === undefined || (r.dossierCode ?? '').startsWith(f.dossierCodePrefix)) &&
    (f.applicantIdentifier === undefined || (r.applicant as { identifier: string }).identifier === f.applicantIdentifier)
  );
}

const byId = (a: Row, b: Row) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const ORDER: Record<SearchSort, (a: Row, b: Row) => number> = {
  submittedAt: (a, b) => b.submittedAt.getTime() - a.submittedAt.getTime() || byId(b, a),
  dueAt: (a, b) => {
    const [x, y] = [a.dueAt?.getTime() ?? null, b.dueAt?.getTime() ?? null];
    if (x !== y) return x === null ? 1 : y === null ? -1 : x - y;
    return byId(a, b);
  },
};

const day = (d: number) => new Date(Date.UTC(2026, 2, 1 + d));
const ALL_UNITS = Array.from({ length: 12 }, (_, k) => `unit-${k}`);
const SHAPES: [string, DossierFilters][] = [
  ['no filter', {}],
  ['one status', { status: ['IN_HANDLING'] }],
  ['statuses, one never dated', { status: ['RESULT_READY', 'SUPPLEMENT_REQUESTED'] }],
  ['a repeated status', { status: ['PAUSED', 'PAUSED', 'RATED'] }],
  ['channel', { channel: 'postal' }],
  ['not overdue', { overdue: false }],
  ['overdue', { overdue: true }],
  ['procedure and channel', { procedureCode: 'proc-1', channel: 'online' }],
  ['one unit', { unitCodes: ['unit-1'] }],
  ['two units and a channel', { unitCodes: ['unit-1', 'unit-2'], channel: 'counter' }],
  ['a unit, overdue', { unitCodes: ['unit-3'], overdue: true }],
  ['a due window', { dueAfter: day(5), dueBefore: day(12) }],
  ['a unit and a due window', { unitCodes: ['unit-2'], dueAfter: day(0), dueBefore: day(20) }],
  ['units and statuses', { unitCodes: ['unit-1', 'unit-3'], status: ['ACCEPTED', 'RESULT_RETURNED', 'SUBMITTED'] }],
  ['every unit (more ranges than merged)', { unitCodes: ALL_UNITS, procedureCode: 'proc-2' }],
  ['every unit, statuses, due window', { unitCodes: ALL_UNITS, status: ['WITHDRAWN', 'PAUSED'], dueAfter: day(3) }],
  ['no unit', { unitCodes: [] }],
  ['a code prefix and a status', { dossierCodePrefix: 'U5-0001', status: ['RATED', 'ACCEPTED', 'IN_HANDLING'] }],
  ['an exact code', { dossierCode: 'U7-000007' }],
  ['an applicant', { applicantIdentifier: '000000000042', overdue: false }],
  ['procedure, due window, not overdue', { procedureCode: 'proc-4', dueBefore: day(30), overdue: false }],
];

async function allPages(fetch: (cursor: string | undefined) => Promise<DossierPage>): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    seen.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

describe.each(databaseKinds)('search query shapes against a plain reference (%s)', (kind) => {
  let database: TestDatabase;
  let rows: Row[];
  beforeAll(async () => {
    database = await migratedDatabase(kind);
    await database.db.execute(SEED);
    await database.db.execute(sql`analyze dossiers`);
    rows = rowsOf<Record<string, unknown>>(
      await database.db.execute(sql`select id, dossier_code, procedure_code, unit_code, status::text as status, channel,
        applicant, submitted_at, due_at, overdue, overdue_at_reception from dossiers`),
    ).map((r) => ({
      id: r.id as string,
      dossierCode: r.dossier_code as string | null,
      procedureCode: r.procedure_code as string,
      unitCode: r.unit_code as string,
      status: r.status as string,
      channel: r.channel as string,
      applicant: typeof r.applicant === 'string' ? JSON.parse(r.applicant) : r.applicant,
      submittedAt: new Date(r.submitted_at as string),
      dueAt: r.due_at === null ? null : new Date(r.due_at as string),
      overdue: r.overdue as boolean,
      overdueAtReception: r.overdue_at_reception as boolean,
    }));
    expect(rows).toHaveLength(COUNT);
  }, 120_000);
  afterAll(async () => database?.dispose());

  describe.each(['dueAt', 'submittedAt'] as const)('sorted by %s', (sort) => {
    it.each(SHAPES)('%s: first page, count, every cursor page', async (_name, filters) => {
      const expected = rows.filter((r) => matches(r, filters)).sort(ORDER[sort]).map((r) => r.id);
      const exact = createDossierSearch(database.db, { countLimit: null });
      const capped = createDossierSearch(database.db, { countLimit: 40 });
      const first = await exact.search(filters, { limit: 25, sort });
      expect(first.items.map((r) => r.id)).toEqual(expected.slice(0, 25));
      expect(first).toMatchObject({ total: expected.length, totalIsExact: true });
      const cappedFirst = await capped.search(filters, { limit: 25, sort });
      expect(cappedFirst).toMatchObject(
        expected.length > 40 ? { total: 40, totalIsExact: false } : { total: expected.length, totalIsExact: true },
      );
      expect(first.items.every((r) => matches(r as unknown as Row, filters))).toBe(true);
      // Pages of 7 cross many ties and, by due date, the step from dated to undated rows.
      expect(await allPages((cursor) => capped.search(filters, { limit: 7, cursor, sort }))).toEqual(expected);
    });
  });
});
