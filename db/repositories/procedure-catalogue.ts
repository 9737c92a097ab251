import { and, asc, desc, eq, gt, ne, sql, type SQL } from 'drizzle-orm';
import type { ProcedureSnapshot } from '../../workflows/dossier/procedure';
import { searchKey, toSnapshot, type CatalogueDefinition, type DossierComponent } from '../catalogue/definition';
import { toCatalogueVersion, type CatalogueVersion } from '../catalogue/version';
import type { Executor } from '../client';
import { dossierProcedureVersions, procedureChanges, procedureVersions, type ProcedureChangeRow } from '../schema';
import { createCatalogueLifecycle } from './procedure-catalogue-lifecycle';

export interface PublishedFilter {
  level?: string | undefined;
  /** Sector, compared without case or diacritics. */
  field?: string | undefined;
  /** Words in the code, names or sector, without case or diacritics. */
  text?: string | undefined;
  /** Codes after this one (keyset pagination). */
  after?: string | undefined;
  limit: number;
}

/** How a submission gets its procedure: the version already pinned for the dossier (a retry), else the published one. */
export type SubmissionResolution =
  | { kind: 'pinned' | 'published'; snapshot: ProcedureSnapshot }
  | { kind: 'not-published' }
  | { kind: 'key-reused' };

export function createProcedureCatalogue(db: Executor) {
  // Versions other than drafts never change, so their step units can be kept for the process's life.
  const stepUnitCache = new Map<string, string[]>();

  const versionRow = async (code: string, version: number) =>
    (await db.select().from(procedureVersions).where(and(eq(procedureVersions.code, code), eq(procedureVersions.version, version))))[0];
  const publishedRow = async (code: string) =>
    (await db.select().from(procedureVersions).where(and(eq(procedureVersions.code, code), eq(procedureVersions.status, 'published'))))[0];

  const reads = {
    /** The published version of a code, if any. */
    async published(code: string): Promise<CatalogueVersion | undefined> {
      const row = await publishedRow(code);
      return row && toCatalogueVersion(row);
    },

    async version(code: string, version: number): Promise<CatalogueVersion | undefined> {
      const row = await versionRow(code, version);
      return row && toCatalogueVersion(row);
    },

    /** Every version of a code, oldest first; empty when the code is unknown. */
    async versions(code: string): Promise<CatalogueVersion[]> {
      const rows = await db.select().from(procedureVersions).where(eq(procedureVersions.code, code)).orderBy(asc(procedureVersions.version));
      return rows.map(toCatalogueVersion);
    },

    /** Published versions by code, filtered; one more row than `limit` tells the caller there is a next page. */
    async listPublished(filter: PublishedFilter): Promise<CatalogueVersion[]> {
      const where: SQL[] = [eq(procedureVersions.status, 'published')];
      if (filter.level) where.push(eq(procedureVersions.level, filter.level));
      if (filter.field) where.push(eq(procedureVersions.fieldKey, searchKey(filter.field)));
      if (filter.after) where.push(gt(procedureVersions.code, filter.after));
      for (const word of searchKey(filter.text ?? '').split(' ').filter(Boolean)) {
        where.push(sql`strpos(${procedureVersions.searchText}, ${word}) > 0`);
      }
      const rows = await db
        .select()
        .from(procedureVersions)
        .where(and(...where))
        .orderBy(asc(procedureVersions.code))
        .limit(filter.limit + 1);
      return rows.map(toCatalogueVersion);
    },

    /** The open draft of a code, if any. */
    async draft(code: string): Promise<CatalogueVersion | undefined> {
      const [row] = await db.select().from(procedureVersions).where(and(eq(procedureVersions.code, code), eq(procedureVersions.status, 'draft')));
      return row && toCatalogueVersion(row);
    },

    /** Who changed what in a code's versions, oldest first. */
    async changes(code: string): Promise<ProcedureChangeRow[]> {
      return db.select().from(procedureChanges).where(eq(procedureChanges.code, code)).orderBy(asc(procedureChanges.id));
    },

    /**
     * The dossier components of one version of a procedure (name, counts, condition, whether required on which
     * channels, reusable from the warehouse, accepted media types, maximum size); undefined when there is no such
     * version. For the technical check at submission: pass the version of the snapshot the dossier runs under.
     */
    async procedureComponents(code: string, version: number): Promise<DossierComponent[] | undefined> {
      return (await reads.version(code, version))?.definition.components;
    },

    /** The snapshot a dossier workflow receives for the published version of `code`, if one is published. */
    async publishedSnapshot(code: string): Promise<ProcedureSnapshot | undefined> {
      const row = await publishedRow(code);
      return row && toSnapshot(row.definition as CatalogueDefinition, row.version);
    },
  };

  const submissions = {
    /**
     * The procedure a submission runs under. A dossier (workflow ID, from the Idempotency-Key) keeps the version
     * first pinned for it, so a retry sends the same snapshot even after a later publish or a withdrawal; a key
     * reused with a different request is refused. Writes nothing: `pinSubmission` does, once the checks pass.
     */
    async resolveSubmission(request: { dossierId: string; procedureCode: string; requestDigest: string }): Promise<SubmissionResolution> {
      const [pin] = await db.select().from(dossierProcedureVersions).where(eq(dossierProcedureVersions.dossierId, request.dossierId));
      if (pin) {
        if (pin.requestDigest !== request.requestDigest || pin.procedureCode !== request.procedureCode) return { kind: 'key-reused' };
        const row = await versionRow(pin.procedureCode, pin.version);
        return { kind: 'pinned', snapshot: toSnapshot(row!.definition as CatalogueDefinition, pin.version) };
      }
      const snapshot = await reads.publishedSnapshot(request.procedureCode);
      return snapshot ? { kind: 'published', snapshot } : { kind: 'not-published' };
    },

    /** Records the version a dossier is submitted under; the first pin wins, and its snapshot is returned. */
    async pinSubmission(request: { dossierId: string; requestDigest: string; snapshot: ProcedureSnapshot }): Promise<SubmissionResolution> {
      const { dossierId, requestDigest, snapshot } = request;
      await db
        .insert(dossierProcedureVersions)
        .values({ dossierId, requestDigest, procedureCode: snapshot.code, version: snapshot.version })
        .onConflictDoNothing({ target: dossierProcedureVersions.dossierId });
      return submissions.resolveSubmission({ dossierId, requestDigest, procedureCode: snapshot.code });
    },

    /** The version a dossier was submitted under; undefined for dossiers submitted before the catalogue kept it. */
    async dossierVersion(dossierId: string): Promise<number | undefined> {
      const [pin] = await db.select({ version: dossierProcedureVersions.version }).from(dossierProcedureVersions).where(eq(dossierProcedureVersions.dossierId, dossierId));
      return pin?.version;
    },

    /**
     * Units assigned to the steps of the version a dossier runs under: the pinned version, or for a dossier with
     * no pin the published version (else the latest one that was published).
     */
    async stepUnits(dossier: { id: string; procedureCode: string }): Promise<string[]> {
      const version = (await submissions.dossierVersion(dossier.id)) ?? (await latestReleased(db, dossier.procedureCode));
      if (version === undefined) return [];
      const key = `${dossier.procedureCode}@${version}`;
      const cached = stepUnitCache.get(key);
      if (cached) return cached;
      const row = await versionRow(dossier.procedureCode, version);
      if (!row) return [];
      const units = (row.definition as CatalogueDefinition).steps.flatMap((step) => (step.unitCode ? [step.unitCode] : []));
      if (row.status !== 'draft') stepUnitCache.set(key, units);
      return units;
    },
  };

  return { ...reads, ...submissions, ...createCatalogueLifecycle(db) };
}

/** The published version of a code, else the latest superseded or withdrawn one. */
async function latestReleased(db: Executor, code: string): Promise<number | undefined> {
  const [row] = await db
    .select({ version: procedureVersions.version })
    .from(procedureVersions)
    .where(and(eq(procedureVersions.code, code), ne(procedureVersions.status, 'draft')))
    .orderBy(sql`${procedureVersions.status} = 'published' desc`, desc(procedureVersions.version))
    .limit(1);
  return row?.version;
}

export { CatalogueError, type CatalogueVersion } from '../catalogue/version';
export type ProcedureCatalogue = ReturnType<typeof createProcedureCatalogue>;
