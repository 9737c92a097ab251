import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns';

/**
 * The procedure catalogue (domain spec §8): a procedure, by national code, has numbered versions; each version
 * holds the whole definition (db/catalogue/definition.ts). A version is a draft until published; publishing
 * supersedes the previous published version; a published version can also be withdrawn. Only drafts change.
 */
export const PROCEDURE_VERSION_STATUSES = ['draft', 'published', 'superseded', 'withdrawn'] as const;
export const procedureVersionStatus = pgEnum('procedure_version_status', PROCEDURE_VERSION_STATUSES);

/** Who wrote a version: an admin through the API, or the seed import (db/seed/catalogue-import.ts). */
export const PROCEDURE_ORIGINS = ['admin', 'seed'] as const;

export const procedures = pgTable('procedures', {
  /** National code from the CSDL TTHC, e.g. `1.001193`. */
  code: text('code').primaryKey(),
  origin: text('origin', { enum: PROCEDURE_ORIGINS }).notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
  /** SHA-256 of the seed definition last taken in, so an unchanged seed is never re-versioned; null for admin codes. */
  seedSha256: text('seed_sha256'),
});

export const procedureVersions = pgTable(
  'procedure_versions',
  {
    code: text('code')
      .notNull()
      .references(() => procedures.code),
    version: integer('version').notNull(),
    status: procedureVersionStatus('status').notNull(),
    origin: text('origin', { enum: PROCEDURE_ORIGINS }).notNull(),
    /** The version this one was copied from, if any. */
    basedOn: integer('based_on'),
    definition: jsonb('definition').notNull(),
    /** SHA-256 of the definition's canonical JSON. */
    definitionSha256: text('definition_sha256').notNull(),
    // Copied from the definition on every write, for lists and filters.
    name: text('name').notNull(),
    level: text('level').notNull(),
    /** The sector without case or diacritics, for the sector filter. */
    fieldKey: text('field_key').notNull(),
    /** Code, names and field without diacritics, lower case: what text search matches. */
    searchText: text('search_text').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    publishedBy: text('published_by'),
    publishedAt: instant('published_at'),
    /** Who superseded (by publishing a later version) or withdrew it, and when. */
    retiredBy: text('retired_by'),
    retiredAt: instant('retired_at'),
  },
  (t) => [
    primaryKey({ columns: [t.code, t.version] }),
    // Exactly one published version per code at a time, and at most one draft.
    uniqueIndex('procedure_versions_one_published_key').on(t.code).where(sql`${t.status} = 'published'`),
    uniqueIndex('procedure_versions_one_draft_key').on(t.code).where(sql`${t.status} = 'draft'`),
    index('procedure_versions_status_level_idx').on(t.status, t.level, t.code),
    index('procedure_versions_status_field_idx').on(t.status, t.fieldKey, t.code),
  ],
);

export const PROCEDURE_CHANGE_ACTIONS = ['created', 'edited', 'published', 'superseded', 'withdrawn'] as const;

/** Append-only record of every change to the catalogue: who did what to which version, when. */
export const procedureChanges = pgTable(
  'procedure_changes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    action: text('action', { enum: PROCEDURE_CHANGE_ACTIONS }).notNull(),
    actor: text('actor').notNull(),
    /** The definition's digest after the change. */
    definitionSha256: text('definition_sha256').notNull(),
    at: createdAt(),
  },
  (t) => [index('procedure_changes_code_idx').on(t.code, t.version, t.id)],
);

/**
 * The catalogue version each dossier was submitted under, written before its workflow starts: a retried
 * submission reuses it, and scoping (api/auth/scope.ts) reads the steps of that version, not of a later one.
 */
export const dossierProcedureVersions = pgTable('dossier_procedure_versions', {
  dossierId: text('dossier_id').primaryKey(),
  procedureCode: text('procedure_code').notNull(),
  version: integer('version').notNull(),
  /** SHA-256 of the submission request, to refuse an Idempotency-Key reused for another submission. */
  requestDigest: text('request_digest').notNull(),
  recordedAt: createdAt(),
});

export type ProcedureRow = typeof procedures.$inferSelect;
export type ProcedureVersionRow = typeof procedureVersions.$inferSelect;
export type NewProcedureVersionRow = typeof procedureVersions.$inferInsert;
export type ProcedureChangeRow = typeof procedureChanges.$inferSelect;
export type DossierProcedureVersionRow = typeof dossierProcedureVersions.$inferSelect;
export type ProcedureVersionStatus = (typeof PROCEDURE_VERSION_STATUSES)[number];
