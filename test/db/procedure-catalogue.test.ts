import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueDefinition } from '../../db/catalogue/definition';
import { CatalogueError, createProcedureCatalogue } from '../../db/repositories/procedure-catalogue';
import { seedDefinition } from '../../db/seed/catalogue-definitions';
import { procedureSnapshot } from '../../db/seed/procedure-snapshots';
import { databaseKinds, migratedDatabase, type TestDatabase } from '../support/databases';

// The catalogue repository on a migrated database, which holds the 11 seed procedures (db/seed/catalogue-import.ts).
// New codes are real ones: 1.115520 and 1.115760 are Thanh Hóa's and Đồng Tháp's codes for the content of
// Hải Phòng's 1.115620 (../shared/domain/procedures.md), as an admin of those provinces would add them.

const admin = { actor: 'admin-1', origin: 'admin' } as const;
const definitionOf = (code: string) => structuredClone(seedDefinition(code)) as CatalogueDefinition;
const asCode = (code: string): CatalogueDefinition => ({ ...definitionOf('1.115620'), code });

async function refusal(promise: Promise<unknown>): Promise<CatalogueError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CatalogueError);
  return error as CatalogueError;
}

describe.each(databaseKinds)('procedure catalogue (%s)', (kind) => {
  let database: TestDatabase;
  let catalogue: ReturnType<typeof createProcedureCatalogue>;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
    catalogue = createProcedureCatalogue(database.db);
  });
  afterAll(async () => database?.dispose());

  it('creates a code as draft 1, publishes it, and a later publication supersedes it', async () => {
    const draft = await catalogue.createProcedure(asCode('1.115520'), admin);
    expect(draft).toMatchObject({ code: '1.115520', version: 1, status: 'draft', origin: 'admin', createdBy: 'admin-1', basedOn: null });
    expect(await catalogue.published('1.115520')).toBeUndefined();
    const published = await catalogue.publish('1.115520', 1, { ...admin, actor: 'admin-2' });
    expect(published).toMatchObject({ status: 'published', publishedBy: 'admin-2' });
    expect(published.publishedAt).toBeInstanceOf(Date);

    const next = await catalogue.createDraft('1.115520', admin);
    expect(next).toMatchObject({ version: 2, status: 'draft', basedOn: 1, definition: published.definition });
    await catalogue.editDraft('1.115520', 2, { ...next.definition, limit: { unit: 'working_days', value: 20 } }, admin);
    await catalogue.publish('1.115520', 2, admin);
    const versions = await catalogue.versions('1.115520');
    expect(versions.map((v) => [v.version, v.status, v.retiredBy])).toEqual([
      [1, 'superseded', 'admin-1'],
      [2, 'published', null],
    ]);
    expect((await catalogue.publishedSnapshot('1.115520'))?.limit).toEqual({ unit: 'working_days', value: 20 });
    expect((await catalogue.publishedSnapshot('1.115520'))?.version).toBe(2);
  });

  it('refuses a second code with the same number, and a second open draft', async () => {
    expect((await refusal(catalogue.createProcedure(definitionOf('1.004222'), admin))).kind).toBe('conflict');
    await catalogue.createDraft('1.004222', admin);
    const second = await refusal(catalogue.createDraft('1.004222', admin));
    expect(second.kind).toBe('conflict');
    expect(second.message).toMatch(/version 2 .* is already a draft/);
  });

  it('never changes a published, superseded or withdrawn version', async () => {
    const edited = { ...definitionOf('1.001193'), nameEn: 'Birth registration (edited)' };
    const error = await refusal(catalogue.editDraft('1.001193', 1, edited, admin));
    expect(error.kind).toBe('conflict');
    expect(error.message).toMatch(/published and never changes/);
    expect((await catalogue.version('1.001193', 1))?.definition).toEqual(definitionOf('1.001193'));
    expect((await refusal(catalogue.publish('1.115520', 1, admin))).kind).toBe('conflict'); // superseded
  });

  it('refuses an invalid definition, naming each failing field, and changes nothing', async () => {
    const draft = await catalogue.createDraft('1.000894', admin);
    const bad = {
      ...draft.definition,
      steps: [draft.definition.steps[0], draft.definition.steps[0]],
      components: [{ ...draft.definition.components[0]!, maxSizeBytes: -1 }],
      extra: true,
    };
    const error = await refusal(catalogue.editDraft('1.000894', draft.version, bad, admin));
    expect(error.kind).toBe('invalid');
    expect(error.issues.map((i) => i.field).sort()).toEqual(['components.0.maxSizeBytes', 'extra', 'steps.1.id']);
    const otherCode = await refusal(catalogue.editDraft('1.000894', draft.version, definitionOf('1.001193'), admin));
    expect(otherCode.issues).toEqual([{ field: 'code', message: 'must be 1.000894, the procedure being edited' }]);
    expect((await catalogue.version('1.000894', draft.version))?.definitionSha256).toBe(draft.definitionSha256);
  });

  it('withdraws the published version, leaving none published until another is', async () => {
    await catalogue.createProcedure(asCode('1.115760'), admin);
    await catalogue.publish('1.115760', 1, admin);
    const withdrawn = await catalogue.withdraw('1.115760', 1, { ...admin, actor: 'admin-3' });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', retiredBy: 'admin-3' });
    expect(await catalogue.published('1.115760')).toBeUndefined();
    expect((await refusal(catalogue.withdraw('1.115760', 1, admin))).kind).toBe('conflict');
    const again = await catalogue.createDraft('1.115760', admin);
    expect(again).toMatchObject({ version: 2, basedOn: 1 });
    await catalogue.publish('1.115760', 2, admin);
    expect((await catalogue.published('1.115760'))?.version).toBe(2);
    expect((await refusal(catalogue.publish('9.999999', 1, admin))).kind).toBe('not_found');
  });

  it('logs who did what to which version', async () => {
    const changes = await catalogue.changes('1.115760');
    expect(changes.map((c) => [c.version, c.action, c.actor])).toEqual([
      [1, 'created', 'admin-1'],
      [1, 'published', 'admin-1'],
      [1, 'withdrawn', 'admin-3'],
      [2, 'created', 'admin-1'],
      [2, 'published', 'admin-1'],
    ]);
  });

  it('lists published versions by code, filtered by level, sector and words without diacritics', async () => {
    const codes = async (filter: Parameters<typeof catalogue.listPublished>[0]) => (await catalogue.listPublished(filter)).map((v) => v.code);
    expect(await codes({ limit: 100, level: 'province' })).toEqual(['2.001610', '3.000333']);
    expect(await codes({ limit: 100, field: 'HO TICH' })).toEqual(['1.000894', '1.001193', '2.000986']);
    expect(await codes({ limit: 100, text: 'Đăng ký  KHAI sinh' })).toEqual(['1.001193', '2.000986']);
    expect(await codes({ limit: 100, text: 'birth' })).toEqual(['1.001193', '2.000986']);
    expect(await codes({ limit: 100, text: '1.0042' })).toEqual(['1.004222']);
    expect(await codes({ limit: 2, after: '1.001266' })).toEqual(['1.001612', '1.004222', '1.013225']);
    expect(await codes({ limit: 100, text: 'không có thủ tục nào như thế' })).toEqual([]);
  });

  it("gives a version's dossier components with their acceptance rules", async () => {
    const components = await catalogue.procedureComponents('1.001193', 1);
    expect(components).toHaveLength(9);
    expect(components![0]).toMatchObject({
      id: '000.00.00.G15-KQ003204',
      required: true,
      channels: ['counter', 'postal'],
      reusable: false,
      acceptedMediaTypes: ['application/pdf', 'image/jpeg', 'image/png'],
      maxSizeBytes: 10 * 1024 * 1024,
    });
    expect(await catalogue.procedureComponents('1.001193', 99)).toBeUndefined();
    expect(await catalogue.procedureComponents('3.000333', 1)).toEqual([]);
  });

  it('pins a submission to the published version; a retry keeps it after a later publication', async () => {
    const request = { dossierId: 'dossier-pin-1', procedureCode: '1.001266', requestDigest: 'a'.repeat(64) };
    const first = await catalogue.resolveSubmission(request);
    expect(first).toEqual({ kind: 'published', snapshot: procedureSnapshot('1.001266') });
    if (first.kind !== 'published') return;
    expect(await catalogue.pinSubmission({ ...request, snapshot: first.snapshot })).toMatchObject({ kind: 'pinned' });

    const v2 = await catalogue.createDraft('1.001266', admin);
    const reassigned = v2.definition.steps.map((s) => (s.id === 'tax-opinion' ? { ...s, unitCode: '000.00.09.H56' } : s));
    await catalogue.editDraft('1.001266', 2, { ...v2.definition, steps: reassigned }, admin);
    await catalogue.publish('1.001266', 2, admin);

    const retried = await catalogue.resolveSubmission(request);
    expect(retried).toEqual({ kind: 'pinned', snapshot: procedureSnapshot('1.001266') });
    expect(await catalogue.stepUnits({ id: request.dossierId, procedureCode: '1.001266' })).toEqual([]);
    const later = { ...request, dossierId: 'dossier-pin-2' };
    const second = await catalogue.resolveSubmission(later);
    expect(second.kind === 'published' && second.snapshot.version).toBe(2);
    if (second.kind === 'published') await catalogue.pinSubmission({ ...later, snapshot: second.snapshot });
    expect(await catalogue.stepUnits({ id: later.dossierId, procedureCode: '1.001266' })).toEqual(['000.00.09.H56']);
    // A dossier with no pin (submitted before the catalogue kept one) follows the published version.
    expect(await catalogue.stepUnits({ id: 'dossier-unpinned', procedureCode: '1.001266' })).toEqual(['000.00.09.H56']);
  });

  it('refuses a reused key for another request, and a code with no published version', async () => {
    const request = { dossierId: 'dossier-pin-1', procedureCode: '1.001266', requestDigest: 'b'.repeat(64) };
    expect(await catalogue.resolveSubmission(request)).toEqual({ kind: 'key-reused' });
    expect(await catalogue.resolveSubmission({ ...request, dossierId: 'dossier-new', procedureCode: '9.999999' })).toEqual({
      kind: 'not-published',
    });
  });
});
