import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDossierReports, REPORT_COUNTS, type ReportFigures, type ReportQuery } from '../../db/repositories/dossier-reports';
import { periodOf } from '../../api/reports/periods';
import { databaseKinds, migratedDatabase, type TestDatabase } from '../support/databases';
import { JANUARY, JANUARY_P2, JANUARY_TOTAL, P1, P2, seedReportFixtures, UNIT_A, UNIT_B } from '../support/report-fixtures';

const january = periodOf('2026-01-01', '2026-01-31');
const february = periodOf('2026-02-01', '2026-02-28');
const inJanuary = (extra: Partial<ReportQuery> = {}): ReportQuery => ({ start: january.start, end: january.end, groupBy: [], ...extra });

/** What goes into a period equals what comes out of it or stays open at its end. */
function expectBalanced(f: ReportFigures) {
  expect(f.carriedOver + f.received).toBe(f.resolved + f.withdrawn + f.inProgress);
  expect(f.resolvedEarly + f.resolvedOnTime + f.resolvedLate).toBe(f.resolved);
  expect(f.resolvedLateWithApology + f.resolvedLateWithoutApology).toBe(f.resolvedLate);
  expect(f.inProgressInTime + f.inProgressOverdue).toBe(f.inProgress);
  expect(f.receivedOnline + f.receivedCounter + f.receivedPostal).toBe(f.received);
}

describe.each(databaseKinds)('dossier report figures (%s)', (kind) => {
  let database: TestDatabase;
  let reports: ReturnType<typeof createDossierReports>;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
    await seedReportFixtures(database.db);
    reports = createDossierReports(database.db);
  });
  afterAll(async () => database?.dispose());

  it('counts each unit of January exactly, with the totals of both', async () => {
    const { rows, totals } = await reports.figures(inJanuary({ groupBy: ['unit'] }));
    expect(rows).toEqual([
      { unitCode: UNIT_A, ...JANUARY[UNIT_A] },
      { unitCode: UNIT_B, ...JANUARY[UNIT_B] },
    ]);
    expect(totals).toEqual(JANUARY_TOTAL);
    [...rows, totals].forEach(expectBalanced);
  });

  it('counts by procedure across units', async () => {
    const { rows, totals } = await reports.figures(inJanuary({ groupBy: ['procedure'] }));
    expect(rows.map((r) => r.procedureCode)).toEqual([P2, P1]);
    expect(rows.find((r) => r.procedureCode === P2)).toEqual({ procedureCode: P2, ...JANUARY_P2 });
    const p1 = rows.find((r) => r.procedureCode === P1)!;
    for (const name of REPORT_COUNTS) expect(p1[name] + JANUARY_P2[name]).toBe(JANUARY_TOTAL[name]);
    expect(totals).toEqual(JANUARY_TOTAL);
  });

  it('counts by channel: each row receives through its own channel only', async () => {
    const { rows } = await reports.figures(inJanuary({ groupBy: ['channel'] }));
    expect(rows.map((r) => [r.channel, r.received, r.receivedOnline, r.receivedCounter, r.receivedPostal])).toEqual([
      ['counter', 3, 0, 3, 0],
      ['online', 5, 5, 0, 0],
      ['postal', 1, 0, 0, 1],
    ]);
    expect(rows.map((r) => r.onlineRate)).toEqual([0, 1, 0]);
    rows.forEach(expectBalanced);
  });

  it('groups by several dimensions at once, in the order asked', async () => {
    const { rows } = await reports.figures(inJanuary({ groupBy: ['procedure', 'unit'] }));
    // P2 (1.000894) sorts before P1 (1.001193).
    expect(rows.map((r) => [r.procedureCode, r.unitCode])).toEqual([
      [P2, UNIT_A],
      [P1, UNIT_A],
      [P1, UNIT_B],
    ]);
    expect(rows.find((r) => r.procedureCode === P2)).toMatchObject(JANUARY_P2);
  });

  it('filters by unit, procedure and channel', async () => {
    expect((await reports.figures(inJanuary({ unitCodes: [UNIT_B] }))).totals).toEqual(JANUARY[UNIT_B]);
    expect((await reports.figures(inJanuary({ procedureCode: P2 }))).totals).toEqual(JANUARY_P2);
    const postal = await reports.figures(inJanuary({ channel: 'postal' }));
    expect(postal.totals).toMatchObject({ received: 1, resolvedLate: 1, resolvedLateWithoutApology: 1 });
    expect((await reports.figures(inJanuary({ unitCodes: ['999.99.99.H56'], groupBy: ['unit'] }))).rows).toEqual([]);
  });

  it('carries over into February exactly what was still open at the end of January', async () => {
    const jan = (await reports.figures(inJanuary({ groupBy: ['unit'] }))).totals;
    const feb = (await reports.figures({ start: february.start, end: february.end, groupBy: [] })).totals;
    expect(feb.carriedOver).toBe(jan.inProgress);
    // a14 and a18 are received in February; a13 is resolved; a07 becomes overdue on 10 February.
    expect(feb).toMatchObject({ received: 2, resolved: 1, resolvedEarly: 1, inProgress: 6, inProgressOverdue: 2 });
    expectBalanced(feb);
  });

  it('answers zeros and no rates for a period without dossiers', async () => {
    const empty = periodOf('2020-01-01', '2020-12-31');
    const { rows, totals } = await reports.figures({ start: empty.start, end: empty.end, groupBy: ['unit'] });
    expect(rows).toEqual([]);
    expect(totals).toMatchObject({ received: 0, carriedOver: 0, onlineRate: null, onTimeRate: null, averageResolutionDays: null });
  });
});
