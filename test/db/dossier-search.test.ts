import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client';
import {
  createDossierSearch,
  InvalidCursorError,
  type DossierFilters,
  type DossierPage,
  type PageRequest,
} from '../../db/repositories/dossier-search';
import { OPEN_STATUSES } from '../../db/schema';
import { DOSSIER_STATUSES } from '../../workflows/dossier/statuses';
import { databaseKinds, migratedDatabase, type TestDatabase } from '../support/databases';

const COUNT = 100_000;

// One set-based insert; every column is a function of g, mirrored by `seedRow` so expectations are computed in the test.
// due_at carries g % 3 microseconds, so a cursor that rounded to milliseconds would repeat or skip rows.
const SEED = sql.raw(`
  insert into dossiers (id, dossier_code, procedure_code, unit_code, status, channel, applicant, submitted_at,
    reception_check_due_at, due_at, overdue, overdue_at_reception, request_digest, last_sequence)
  select 'dossier-' || lpad(to_hex(g), 32, '0'), 'U' || (g % 10) || '-' || lpad(g::text, 6, '0'),
    'proc-' || (g % 7), 'unit-' || (g % 10), (enum_range(null::dossier_status))[1 + (g / 10) % 12],
    (array['online', 'counter', 'postal'])[1 + g % 3],
    jsonb_build_object('kind', 'citizen', 'fullName', 'Applicant ' || g, 'identifier', lpad((g % 2000)::text, 12, '0')),
    timestamptz '2026-01-01T00:00:00Z' + (g % 5000) * interval '1 minute',
    case when g % 11 = 0 then null else timestamptz '2026-02-01T00:00:00Z' + (g % 997) * interval '1 hour' end,
    case when g % 13 = 0 then null
      else timestamptz '2026-03-01T00:00:00Z' + ((g * 7919) % 50000) * interval '1 minute' + (g % 3) * interval '1 microsecond' end,
    g % 17 = 0, g % 19 = 0, repeat('a', 64), 1
  from generate_series(1, ${COUNT}) as g`);

const MINUTE = 60_000_000; // microseconds
const micros = (iso: string) => Date.parse(iso) * 1000;

function seedRow(g: number) {
  return {
    id: `dossier-${g.toString(16).padStart(32, '0')}`,
    code: `U${g % 10}-${String(g).padStart(6, '0')}`,
    procedureCode: `proc-${g % 7}`,
    unitCode: `unit-${g % 10}`,
    status: DOSSIER_STATUSES[Math.floor(g / 10) % 12]!,
    channel: ['online', 'counter', 'postal'][g % 3]!,
    identifier: String(g % 2000).padStart(12, '0'),
    submitted: micros('2026-01-01T00:00:00Z') + (g % 5000) * MINUTE,
    receptionDue: g % 11 === 0 ? null : micros('2026-02-01T00:00:00Z') + (g % 997) * 60 * MINUTE,
    due: g % 13 === 0 ? null : micros('2026-03-01T00:00:00Z') + ((g * 7919) % 50000) * MINUTE + (g % 3),
    overdue: g % 17 === 0 || g % 19 === 0,
  };
}
type Seeded = ReturnType<typeof seedRow>;
const seeded: Seeded[] = Array.from({ length: COUNT }, (_, i) => seedRow(i + 1));

const byId = (a: Seeded, b: Seeded) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** Ascending on the key with nulls last, then id: the repository's dueAt and worklist order. */
const ascending = (key: (r: Seeded) => number | null) => (a: Seeded, b: Seeded) => {
  const [x, y] = [key(a), key(b)];
  if (x !== y) return x === null ? 1 : y === null ? -1 : x - y;
  return byId(a, b);
};
const newestFirst = (a: Seeded, b: Seeded) => b.submitted - a.submitted || byId(b, a);
const worklistKey = (r: Seeded) => (r.status === 'AWAITING_RECEPTION_CHECK' ? r.receptionDue : r.due);
const isOpen = (r: Seeded) => (OPEN_STATUSES as readonly string[]).includes(r.status);
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

/** Every page from the first, following nextCursor: the ids in the order served. */
async function allPages(fetch: (cursor: string | undefined) => Promise<DossierPage>): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    seen.push(...ids(page.items));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, Math.round((performance.now() - start) * 10) / 10];
}

describe.each(databaseKinds)('dossier search over 100,000 dossiers (%s)', (kind) => {
  let database: TestDatabase;
  let search: ReturnType<typeof createDossierSearch>;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
    const [, seconds] = await timed(async () => {
      await database.db.execute(SEED);
      await database.db.execute(sql`analyze dossiers`);
    });
    console.log(`[${kind}] seeded ${COUNT} dossiers in ${seconds} ms`);
    search = createDossierSearch(database.db);
  }, 300_000);
  afterAll(async () => database?.dispose());

  it('orders a worklist by the nearest deadline, reception check first while awaiting it', async () => {
    const expected = seeded.filter((r) => ['unit-3', 'unit-7'].includes(r.unitCode) && isOpen(r)).sort(ascending(worklistKey));
    const first = await search.worklist(['unit-3', 'unit-7'], { limit: 25 });
    expect(expected.length).toBe(10_002); // more than the count limit: counting stops there
    expect(first).toMatchObject({ total: 10_000, totalIsExact: false });
    expect(ids(first.items)).toEqual(ids(expected.slice(0, 25)));
    expect(first.items.every((row) => (OPEN_STATUSES as readonly string[]).includes(row.status))).toBe(true);
    const second = await search.worklist(['unit-3', 'unit-7'], { limit: 25, cursor: first.nextCursor! });
    expect(ids(second.items)).toEqual(ids(expected.slice(25, 50)));
  });

  it('visits every open dossier of a unit once, undated ones last', async () => {
    const expected = seeded.filter((r) => r.unitCode === 'unit-6' && isOpen(r)).sort(ascending(worklistKey));
    const served = await allPages((cursor) => search.worklist(['unit-6'], { limit: 250, cursor }));
    expect(served).toEqual(ids(expected));
    expect(worklistKey(expected.at(-1)!)).toBeNull();
  });

  it('counts a combination of filters exactly and serves its first page by due date', async () => {
    const filters: DossierFilters = {
      status: ['ACCEPTED', 'IN_HANDLING', 'PAUSED'],
      unitCodes: ['unit-4'],
      channel: 'online',
      dueAfter: new Date('2026-03-05T00:00:00Z'),
      dueBefore: new Date('2026-03-20T00:00:00Z'),
      overdue: false,
    };
    const expected = seeded
      .filter((r) => ['ACCEPTED', 'IN_HANDLING', 'PAUSED'].includes(r.status) && r.unitCode === 'unit-4' && r.channel === 'online')
      .filter((r) => r.due !== null && r.due >= micros('2026-03-05T00:00:00Z') && r.due < micros('2026-03-20T00:00:00Z'))
      .filter((r) => !r.overdue)
      .sort(ascending((r) => r.due));
    expect(expected.length).toBeGreaterThan(100);
    const page = await search.search(filters, { limit: 30, sort: 'dueAt' });
    expect(page.total).toBe(expected.length);
    expect(ids(page.items)).toEqual(ids(expected.slice(0, 30)));
  });

  it('counts overdue dossiers of a procedure, in handling or at reception', async () => {
    const expected = seeded.filter((r) => r.procedureCode === 'proc-3' && r.overdue).sort(newestFirst);
    const page = await search.search({ procedureCode: 'proc-3', overdue: true }, { limit: 20 });
    expect(page.total).toBe(expected.length);
    expect(ids(page.items)).toEqual(ids(expected.slice(0, 20)));
  });

  it.each(['submittedAt', 'dueAt'] as const)('pages by %s through every match exactly once', async (sort) => {
    const filters: DossierFilters = { unitCodes: ['unit-2'], procedureCode: 'proc-3' };
    const matching = seeded.filter((r) => r.unitCode === 'unit-2' && r.procedureCode === 'proc-3');
    const expected = matching.sort(sort === 'dueAt' ? ascending((r) => r.due) : newestFirst);
    const served = await allPages((cursor) => search.search(filters, { limit: 97, cursor, sort }));
    expect(new Set(served).size).toBe(served.length);
    expect(served).toEqual(ids(expected));
  });

  it("finds an applicant's dossiers by identifier", async () => {
    const expected = seeded.filter((r) => r.identifier === '000000000042').sort(newestFirst);
    const page = await search.search({ applicantIdentifier: '000000000042' }, { limit: 100 });
    expect(page.total).toBe(50);
    expect(ids(page.items)).toEqual(ids(expected));
    expect(page.items.every((row) => (row.applicant as { identifier: string }).identifier === '000000000042')).toBe(true);
  });

  it('matches a dossier code exactly or by prefix, with LIKE wildcards taken literally', async () => {
    const byPrefix = await search.search({ dossierCodePrefix: 'U3-0001' }, { limit: 100 });
    expect(byPrefix.total).toBe(10);
    expect(byPrefix.items.map((r) => r.dossierCode).sort()).toEqual(
      seeded.filter((r) => r.code.startsWith('U3-0001')).map((r) => r.code).sort(),
    );
    expect(ids((await search.search({ dossierCode: 'U3-000103' }, { limit: 5 })).items)).toEqual([seedRow(103).id]);
    expect((await search.search({ dossierCodePrefix: 'U3%' }, { limit: 5 })).total).toBe(0);
    expect((await search.search({ dossierCodePrefix: 'U3_0' }, { limit: 5 })).total).toBe(0);
  });

  it('counts matches up to the count limit, exactly below it, and all of them without one', async () => {
    const everything = createDossierSearch(database.db, { countLimit: null });
    expect(await everything.worklist(['unit-3', 'unit-7'], { limit: 1 })).toMatchObject({ total: 10_002, totalIsExact: true });
    expect(await everything.search({}, { limit: 1 })).toMatchObject({ total: COUNT, totalIsExact: true });
    expect(await search.search({}, { limit: 1 })).toMatchObject({ total: 10_000, totalIsExact: false });
    // 50 dossiers per applicant: a limit of 50 still counts them exactly, 49 does not.
    const applicant = { applicantIdentifier: '000000000042' };
    const atLimit = await createDossierSearch(database.db, { countLimit: 50 }).search(applicant, { limit: 100 });
    expect(atLimit).toMatchObject({ total: 50, totalIsExact: true });
    const belowLimit = await createDossierSearch(database.db, { countLimit: 49 }).search(applicant, { limit: 100 });
    expect(belowLimit).toMatchObject({ total: 49, totalIsExact: false });
    expect(belowLimit.items).toHaveLength(50); // the page itself is not limited by the count
  });

  it('refuses a malformed cursor and one issued for another ordering', async () => {
    const request = (cursor: string): PageRequest => ({ limit: 5, cursor });
    await expect(search.search({}, request('not-a-cursor'))).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(search.search({}, request(Buffer.from('{"o":"dueAt","k":"x","i":"a"}').toString('base64url')))).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    const { nextCursor } = await search.search({}, { limit: 5, sort: 'dueAt' });
    await expect(search.search({}, { limit: 5, cursor: nextCursor!, sort: 'submittedAt' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('reports the time of a worklist page and a filtered search', async () => {
    await search.worklist(['unit-5'], { limit: 20 }); // warm-up
    const [worklist, worklistMs] = await timed(() => search.worklist(['unit-5'], { limit: 20 }));
    const filters: DossierFilters = { status: ['IN_HANDLING'], unitCodes: ['unit-5'], overdue: true };
    const [found, searchMs] = await timed(() => search.search(filters, { limit: 20, sort: 'dueAt' }));
    const [, deepMs] = await timed(() => search.worklist(['unit-5'], { limit: 20, cursor: worklist.nextCursor! }));
    console.log(
      `[${kind}] at ${COUNT} dossiers: worklist page ${worklistMs} ms (total ${worklist.total}), next page ${deepMs} ms; ` +
        `filtered search ${searchMs} ms (total ${found.total})`,
    );
    const plan = await database.db.execute(
      sql.raw(`explain select id from dossiers where unit_code = 'unit-5' and status in ('AWAITING_RECEPTION_CHECK', 'SUPPLEMENT_REQUESTED',
        'ACCEPTED', 'IN_HANDLING', 'PAUSED', 'RESULT_READY') order by (case when status = 'AWAITING_RECEPTION_CHECK'
        then reception_check_due_at else due_at end), id limit 21`),
    );
    console.log(`[${kind}] worklist plan: ${rowsOf<Record<string, string>>(plan).map((r) => Object.values(r)[0]).join(' | ')}`);
    expect(worklist.items).toHaveLength(20);
  });
});
