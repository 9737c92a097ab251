import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSnapshot, validateDefinition, type CatalogueDefinition } from '../../db/catalogue/definition';
import { rowsOf } from '../../db/client';
import { createProcedureCatalogue } from '../../db/repositories/procedure-catalogue';
import { seedDefinitions } from '../../db/seed/catalogue-definitions';
import { importSeedCatalogue } from '../../db/seed/catalogue-import';
import { procedureSnapshot } from '../../db/seed/procedure-snapshots';
import { databaseKinds, emptyDatabase, migratedDatabase, type TestDatabase } from '../support/databases';

const raw = JSON.parse(readFileSync(new URL('../../db/seed/procedures.source.json', import.meta.url), 'utf8')) as { code: string }[];
const seed = () => seedDefinitions() as CatalogueDefinition[];
const changed = (code: string, change: Partial<CatalogueDefinition>) => seed().map((d) => (d.code === code ? { ...d, ...change } : d));
const admin = { actor: 'admin-1', origin: 'admin' } as const;

describe('seed catalogue definitions', () => {
  it('are the 11 source procedures, in order, and nothing else', () => {
    expect(seed().map((d) => d.code)).toEqual(raw.map((p) => p.code));
    expect(raw).toHaveLength(11);
  });

  it("pass the catalogue's validation, the one admin edits go through", () => {
    for (const d of seedDefinitions()) expect(validateDefinition(d)).toEqual({ ok: true, definition: d });
  });

  it('give the same snapshot as the seed module, at the catalogue version', () => {
    for (const d of seed()) expect(toSnapshot(d, 1)).toEqual(procedureSnapshot(d.code));
  });

  it('apply the default acceptance rules to every component and require only what every dossier needs', () => {
    const components = seed().flatMap((d) => d.components.map((c) => ({ code: d.code, ...c })));
    expect(components).toHaveLength(68);
    expect(new Set(components.map((c) => `${c.acceptedMediaTypes.join(',')} ${c.maxSizeBytes}`))).toEqual(
      new Set(['application/pdf,image/jpeg,image/png 10485760']),
    );
    const required = (code: string) =>
      components.filter((c) => c.code === code && c.required).map((c) => (c.channels ? `${c.id} ${c.channels}` : c.id));
    expect(required('1.001193')).toEqual(['000.00.00.G15-KQ003204 counter,postal', '000.00.00.G15-KQ003967 online', '000.00.00.G15-KQ004946 counter']);
    expect(required('1.000894')).toEqual(['000.00.00.G15-KQ003229 counter', '000.00.00.G15-KQ003969 online', '000.00.00.G15-KQ004946 counter']);
    expect(required('2.000815')).toEqual(['000.00.00.G15-KQ1973']);
    expect(required('1.001612')).toEqual(['component-1']); // no portal code in the source
    expect(required('1.013225')).toEqual(['000.00.00.G17-KQ002695', '000.00.00.G17-KQ002712']);
    expect(required('2.000986')).toEqual(['000.00.00.G15-KQ1126', '000.00.00.G15-KQ1123', '000.00.00.G15-KQ1122']);
    expect(required('1.115620')).toEqual(['TP-H24.000040']);
    // Alternatives by case (residence, private enterprise) and no list read (judicial record): nothing required.
    expect([required('1.004222'), required('2.001610'), required('3.000333')]).toEqual([[], [], []]);
  });
});

describe.each(databaseKinds)('seed catalogue import (%s)', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  afterAll(async () => database?.dispose());

  const count = async (table: string) =>
    rowsOf<{ n: number }>(await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

  it('imports every seed procedure on migrate, each published as version 1 by the seed import', async () => {
    const catalogue = createProcedureCatalogue(database.db);
    expect(await count('procedures')).toBe(11);
    for (const d of seed()) {
      const published = await catalogue.published(d.code);
      expect(published).toMatchObject({ version: 1, origin: 'seed', createdBy: 'seed-import', publishedBy: 'seed-import', definition: d });
    }
    expect(await count('procedure_changes')).toBe(22);
  });

  it('creates nothing when run again', async () => {
    const report = await importSeedCatalogue(database.db);
    expect(report).toEqual({ created: [], updated: [], drafted: [], unchanged: seed().map((d) => d.code), skipped: [] });
    await database.migrate();
    expect([await count('procedure_versions'), await count('procedure_changes')]).toEqual([11, 22]);
  });

  it('refuses an invalid seed definition, naming the procedure and field, and imports nothing', async () => {
    const invalid = changed('1.001193', { steps: [] });
    await expect(importSeedCatalogue(database.db, invalid)).rejects.toThrow('seed procedure 1.001193 is invalid: steps:');
    expect(await count('procedure_versions')).toBe(11);
  });

  it('publishes a changed seed definition as a new version while the seed owns the code', async () => {
    const report = await importSeedCatalogue(database.db, changed('2.000815', { nameEn: 'Certified true copy' }));
    expect(report.updated).toEqual(['2.000815']);
    const versions = await createProcedureCatalogue(database.db).versions('2.000815');
    expect(versions.map((v) => [v.version, v.status, v.origin])).toEqual([
      [1, 'superseded', 'seed'],
      [2, 'published', 'seed'],
    ]);
    expect((await importSeedCatalogue(database.db, changed('2.000815', { nameEn: 'Certified true copy' }))).updated).toEqual([]);
  });

  it("leaves a changed seed definition as a draft once an admin's version is published, and waits on an open draft", async () => {
    const catalogue = createProcedureCatalogue(database.db);
    const draft = await catalogue.createDraft('2.001610', admin);
    const waiting = await importSeedCatalogue(database.db, changed('2.001610', { nameEn: 'Private enterprise' }));
    expect(waiting.skipped).toEqual([{ code: '2.001610', reason: expect.stringMatching(/version 2 is an open draft/) }]);
    await catalogue.publish('2.001610', draft.version, admin);
    const report = await importSeedCatalogue(database.db, changed('2.001610', { nameEn: 'Private enterprise' }));
    expect(report.drafted).toEqual(['2.001610']);
    expect((await catalogue.published('2.001610'))?.version).toBe(2);
    expect(await catalogue.draft('2.001610')).toMatchObject({ version: 3, origin: 'seed', definition: { nameEn: 'Private enterprise' } });
  });

  it('lets one of two concurrent imports take in the seed, and the other find it done', async () => {
    const fresh = await emptyDatabase(kind);
    try {
      await fresh.migrate();
      await fresh.db.execute(sql`delete from procedure_changes`);
      await fresh.db.execute(sql`delete from procedure_versions`);
      await fresh.db.execute(sql`delete from procedures`);
      const reports = await Promise.all([importSeedCatalogue(fresh.db), importSeedCatalogue(fresh.db)]);
      expect(reports.map((r) => [r.created.length, r.unchanged.length]).sort()).toEqual([
        [0, 11],
        [11, 0],
      ]);
    } finally {
      await fresh.dispose();
    }
  });
});
