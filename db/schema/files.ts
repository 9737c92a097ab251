import { boolean, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns';

// Files of dossiers (docs/files.md): the components a submission carried, and the applicant's e-data warehouse
// (kho quản lý dữ liệu điện tử, Decree 45/2020 Art. 11). File content lives in the blob store, addressed by
// SHA-256; these rows are its only references. No foreign key to `dossiers`: these rows are written before the
// workflow starts (the dossier id is derived from the Idempotency-Key), the read-model row only after.

/** One row per passing submission: what makes a retried submission recognisable, and the applicant's consent. */
export const dossierSubmissions = pgTable(
  'dossier_submissions',
  {
    dossierId: text('dossier_id').primaryKey(),
    /** CCCD or tax code: the owner of warehouse items placed from this dossier. Personal data. */
    applicantIdentifier: text('applicant_identifier').notNull(),
    /** SHA-256 of the canonical submission (its fields and its documents' digests). */
    requestDigest: text('request_digest').notNull(),
    /** The applicant agreed that accepted components and e-results go into their warehouse. */
    warehouseConsent: boolean('warehouse_consent').notNull().default(false),
    /** When the accepted components were placed in the warehouse (null: not yet, or no consent). */
    componentsPlacedAt: instant('components_placed_at'),
    createdAt: createdAt(),
  },
  (t) => [index('dossier_submissions_applicant_idx').on(t.applicantIdentifier)],
);

/** The components of a dossier, in the order the submission listed them. */
export const dossierDocuments = pgTable(
  'dossier_documents',
  {
    dossierId: text('dossier_id').notNull(),
    position: integer('position').notNull(),
    componentCode: text('component_code').notNull(),
    /** The client's file name, checked and kept as metadata only: never part of a path. */
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    /** The media type found in the content (magic bytes), not the one the client declared. */
    mediaType: text('media_type').notNull(),
    source: text('source', { enum: ['upload', 'warehouse'] }).notNull(),
    warehouseItemId: text('warehouse_item_id'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.dossierId, t.position] }), index('dossier_documents_sha256_idx').on(t.dossierId, t.sha256)],
);

/** An item of an applicant's warehouse: an accepted component or a signed e-result. */
export const warehouseItems = pgTable(
  'warehouse_items',
  {
    /** `wh_` + 24 hex digits derived from owner, origin and content, so placing an item twice is one item. */
    id: text('id').primaryKey(),
    ownerIdentifier: text('owner_identifier').notNull(),
    origin: text('origin', { enum: ['component', 'result'] }).notNull(),
    /** For components: the component code it was accepted as. */
    componentCode: text('component_code'),
    /** For e-results: `<dossier code>-KQ<n>`. */
    resultId: text('result_id'),
    dossierId: text('dossier_id').notNull(),
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    mediaType: text('media_type').notNull(),
    placedAt: instant('placed_at').notNull().defaultNow(),
  },
  (t) => [index('warehouse_items_owner_idx').on(t.ownerIdentifier, t.placedAt)],
);

export type DossierSubmissionRow = typeof dossierSubmissions.$inferSelect;
export type DossierDocumentRow = typeof dossierDocuments.$inferSelect;
export type NewDossierDocumentRow = typeof dossierDocuments.$inferInsert;
export type WarehouseItemRow = typeof warehouseItems.$inferSelect;
export type NewWarehouseItemRow = typeof warehouseItems.$inferInsert;
