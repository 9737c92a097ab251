import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDossierCodeRepository, formatDossierCode, parseDossierCode } from '../../db/repositories/dossier-codes';
import { dossierCodeCounters } from '../../db/schema';
import { databaseKinds, migratedDatabase, type TestDatabase } from '../support/databases';

describe('dossier code format (Circular 01/2018 Art. 19)', () => {
  it('joins unit code, YYMMDD and a four-digit sequence', () => {
    expect(formatDossierCode('000.00.01.H56', '2026-03-09', 7)).toBe('000.00.01.H56-260309-0007');
  });

  it('widens the sequence past 9999 instead of failing', () => {
    expect(formatDossierCode('H21.65', '2026-12-31', 10_000)).toBe('H21.65-261231-10000');
  });

  it('parses leniently on the last two dashes, so unit codes may hold dashes', () => {
    expect(parseDossierCode(' UBND-X.01-260309-0012 ')).toEqual({ unitCode: 'UBND-X.01', yymmdd: '260309', number: 12 });
    expect(parseDossierCode('000.00.01.H56-260309-12')).toBeUndefined();
  });
});

describe.each(databaseKinds)('dossier code allocation (%s)', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  afterAll(async () => database?.dispose());

  const codes = () => createDossierCodeRepository(database.db);

  it('numbers a unit\'s day from 0001 and starts again for another unit or day', async () => {
    const a = await codes().allocate({ dossierId: 'd-a', unitCode: 'A.01', issueDate: '2026-03-09' });
    const b = await codes().allocate({ dossierId: 'd-b', unitCode: 'A.01', issueDate: '2026-03-09' });
    const c = await codes().allocate({ dossierId: 'd-c', unitCode: 'B.02', issueDate: '2026-03-09' });
    const d = await codes().allocate({ dossierId: 'd-d', unitCode: 'A.01', issueDate: '2026-03-10' });
    expect([a.code, b.code, c.code, d.code]).toEqual(['A.01-260309-0001', 'A.01-260309-0002', 'B.02-260309-0001', 'A.01-260310-0001']);
  });

  it('returns the same code when the allocation is retried for the same dossier', async () => {
    const first = await codes().allocate({ dossierId: 'd-retry', unitCode: 'R.01', issueDate: '2026-04-01' });
    const retried = await codes().allocate({ dossierId: 'd-retry', unitCode: 'R.01', issueDate: '2026-04-01' });
    const next = await codes().allocate({ dossierId: 'd-next', unitCode: 'R.01', issueDate: '2026-04-01' });
    expect(retried).toEqual(first);
    expect(next.number).toBe(first.number + 1);
  });

  it('issues gap-free, unique numbers to concurrent acceptances, and the same code to concurrent retries', async () => {
    const dossierIds = Array.from({ length: 40 }, (_, i) => `d-concurrent-${i}`);
    const requests = [...dossierIds, ...dossierIds.slice(0, 10)].map((dossierId) =>
      codes().allocate({ dossierId, unitCode: 'C.03', issueDate: '2026-05-05' }),
    );
    const rows = await Promise.all(requests);
    const byDossier = new Map(rows.slice(0, 40).map((row) => [row.dossierId, row.code]));
    expect(rows.slice(40).every((row) => byDossier.get(row.dossierId) === row.code)).toBe(true);
    expect(rows.slice(0, 40).map((row) => row.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('goes on past 9999 with a five-digit sequence', async () => {
    await database.db.insert(dossierCodeCounters).values({ unitCode: 'W.09', issueDate: '2026-06-06', lastNumber: 9999 });
    const row = await codes().allocate({ dossierId: 'd-wide', unitCode: 'W.09', issueDate: '2026-06-06' });
    expect(row.code).toBe('W.09-260606-10000');
  });
});
