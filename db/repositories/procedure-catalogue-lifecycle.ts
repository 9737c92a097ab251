import { and, desc, eq, sql } from 'drizzle-orm';
import { definitionDigest, searchKey, searchTextOf, validateDefinition, type CatalogueDefinition } from '../catalogue/definition';
import type { Executor } from '../client';
import { procedureChanges, procedures, procedureVersions, type ProcedureVersionRow } from '../schema';
import { CatalogueError, toCatalogueVersion, type CatalogueVersion } from '../catalogue/version';

// The versions' lifecycle: draft → published → superseded | withdrawn (a draft may also be withdrawn, i.e.
// abandoned). Every write validates the definition with `validateDefinition`, runs in a transaction that locks
// the procedure's row (so concurrent edits of one code queue), and appends to procedure_changes.

/** Who makes a change: the admin's subject or the seed importer, and where the version comes from. */
export interface Author {
  actor: string;
  origin: 'admin' | 'seed';
}

type Action = (typeof procedureChanges.$inferInsert)['action'];

function valid(input: unknown, code?: string): CatalogueDefinition {
  const check = validateDefinition(input);
  if (!check.ok) throw new CatalogueError('invalid', 'the definition is invalid', check.issues);
  if (code !== undefined && check.definition.code !== code) {
    throw new CatalogueError('invalid', 'the definition is invalid', [{ field: 'code', message: `must be ${code}, the procedure being edited` }]);
  }
  return check.definition;
}

/** The columns a definition sets on its version row. */
function definitionColumns(d: CatalogueDefinition) {
  return { definition: d, definitionSha256: definitionDigest(d), name: d.name, level: d.level, fieldKey: searchKey(d.field), searchText: searchTextOf(d) };
}

export function createCatalogueLifecycle(db: Executor) {
  const record = (tx: Executor, row: ProcedureVersionRow, action: Action, actor: string) =>
    tx.insert(procedureChanges).values({ code: row.code, version: row.version, action, actor, definitionSha256: row.definitionSha256 });

  /** Locks the procedure's row for the transaction; throws not_found when the code is unknown. */
  async function lockProcedure(tx: Executor, code: string): Promise<void> {
    const [row] = await tx.select({ code: procedures.code }).from(procedures).where(eq(procedures.code, code)).for('update');
    if (!row) throw new CatalogueError('not_found', `no procedure ${code} in the catalogue`);
  }

  async function lockedVersion(tx: Executor, code: string, version: number): Promise<ProcedureVersionRow> {
    await lockProcedure(tx, code);
    const [row] = await tx.select().from(procedureVersions).where(and(eq(procedureVersions.code, code), eq(procedureVersions.version, version)));
    if (!row) throw new CatalogueError('not_found', `no version ${version} of procedure ${code}`);
    return row;
  }

  async function insertDraft(tx: Executor, d: CatalogueDefinition, version: number, basedOn: number | null, author: Author) {
    const [row] = await tx
      .insert(procedureVersions)
      .values({ code: d.code, version, basedOn, status: 'draft', origin: author.origin, createdBy: author.actor, updatedBy: author.actor, ...definitionColumns(d) })
      .returning();
    await record(tx, row!, 'created', author.actor);
    return toCatalogueVersion(row!);
  }

  return {
    /** A new code, with its definition as draft version 1. */
    async createProcedure(input: unknown, author: Author): Promise<CatalogueVersion> {
      const d = valid(input);
      return db.transaction(async (tx) => {
        const [created] = await tx
          .insert(procedures)
          .values({ code: d.code, origin: author.origin, createdBy: author.actor })
          .onConflictDoNothing()
          .returning({ code: procedures.code });
        if (!created) throw new CatalogueError('conflict', `procedure ${d.code} already exists: create a new version of it instead`);
        return insertDraft(tx, d, 1, null, author);
      });
    },

    /**
     * The next version of a code as a draft: `input` when given, else a copy of the published version (or, when
     * none is published, of the latest version). One draft per code at a time.
     */
    async createDraft(code: string, author: Author, input?: unknown): Promise<CatalogueVersion> {
      const given = input === undefined ? undefined : valid(input, code);
      return db.transaction(async (tx) => {
        await lockProcedure(tx, code);
        const rows = await tx.select().from(procedureVersions).where(eq(procedureVersions.code, code)).orderBy(desc(procedureVersions.version));
        const draft = rows.find((r) => r.status === 'draft');
        if (draft) throw new CatalogueError('conflict', `version ${draft.version} of procedure ${code} is already a draft: edit it, or withdraw it first`);
        const base = rows.find((r) => r.status === 'published') ?? rows[0]!;
        const d = given ?? valid(base.definition, code);
        return insertDraft(tx, d, rows[0]!.version + 1, base.version, author);
      });
    },

    /** Replaces a draft's definition; published, superseded and withdrawn versions never change. */
    async editDraft(code: string, version: number, input: unknown, author: Author): Promise<CatalogueVersion> {
      const d = valid(input, code);
      return db.transaction(async (tx) => {
        const row = await lockedVersion(tx, code, version);
        if (row.status !== 'draft') {
          throw new CatalogueError('conflict', `version ${version} of procedure ${code} is ${row.status} and never changes: create a new version`);
        }
        const columns = definitionColumns(d);
        if (columns.definitionSha256 === row.definitionSha256) return toCatalogueVersion(row);
        const [updated] = await tx
          .update(procedureVersions)
          .set({ ...columns, updatedBy: author.actor, updatedAt: new Date() })
          .where(and(eq(procedureVersions.code, code), eq(procedureVersions.version, version), eq(procedureVersions.status, 'draft')))
          .returning();
        await record(tx, updated!, 'edited', author.actor);
        return toCatalogueVersion(updated!);
      });
    },

    /** Publishes a draft; the previously published version becomes superseded. Publishing it again changes nothing. */
    async publish(code: string, version: number, author: Author): Promise<CatalogueVersion> {
      return db.transaction(async (tx) => {
        const row = await lockedVersion(tx, code, version);
        if (row.status === 'published') return toCatalogueVersion(row);
        if (row.status !== 'draft') throw new CatalogueError('conflict', `version ${version} of procedure ${code} is ${row.status}: only a draft can be published`);
        valid(row.definition, code);
        const now = new Date();
        const superseded = await tx
          .update(procedureVersions)
          .set({ status: 'superseded', retiredBy: author.actor, retiredAt: now })
          .where(and(eq(procedureVersions.code, code), eq(procedureVersions.status, 'published')))
          .returning();
        for (const old of superseded) await record(tx, old, 'superseded', author.actor);
        const [published] = await tx
          .update(procedureVersions)
          .set({ status: 'published', publishedBy: author.actor, publishedAt: now })
          .where(and(eq(procedureVersions.code, code), eq(procedureVersions.version, version)))
          .returning();
        await record(tx, published!, 'published', author.actor);
        return toCatalogueVersion(published!);
      });
    },

    /** Withdraws the published version (the code then has none until another is published) or abandons a draft. */
    async withdraw(code: string, version: number, author: Author): Promise<CatalogueVersion> {
      return db.transaction(async (tx) => {
        const row = await lockedVersion(tx, code, version);
        if (row.status !== 'published' && row.status !== 'draft') {
          throw new CatalogueError('conflict', `version ${version} of procedure ${code} is already ${row.status}`);
        }
        const [withdrawn] = await tx
          .update(procedureVersions)
          .set({ status: 'withdrawn', retiredBy: author.actor, retiredAt: new Date() })
          .where(and(eq(procedureVersions.code, code), eq(procedureVersions.version, version)))
          .returning();
        await record(tx, withdrawn!, 'withdrawn', author.actor);
        return toCatalogueVersion(withdrawn!);
      });
    },

    /** Remembers the seed definition last taken in for a code (db/seed/catalogue-import.ts). */
    async markSeed(code: string, seedSha256: string): Promise<void> {
      await db.update(procedures).set({ seedSha256 }).where(eq(procedures.code, code));
    },

    async seedDigest(code: string): Promise<string | null | undefined> {
      const [row] = await db.select({ seedSha256: procedures.seedSha256 }).from(procedures).where(eq(procedures.code, code));
      return row ? row.seedSha256 : undefined;
    },
  };
}

export const CATALOGUE_IMPORT_LOCK = sql`select pg_advisory_xact_lock(727001)`;
