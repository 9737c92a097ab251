import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns';

// E-results (domain spec §3.7) and the units' signing keys (docs/files.md). Private keys are not here: they stay
// in MOTCUA_DATA_DIR/keys with mode 0600, so database dumps, replicas and read-only users never hold them.

/** A unit's public signing key: published, and kept for as long as a result it signed exists. */
export const signingKeys = pgTable(
  'signing_keys',
  {
    /** RFC 7638 JWK thumbprint of the public key (base64url SHA-256). */
    keyId: text('key_id').primaryKey(),
    unitCode: text('unit_code').notNull(),
    algorithm: text('algorithm').notNull(),
    publicKeyPem: text('public_key_pem').notNull(),
    createdAt: createdAt(),
  },
  // One key per unit for now; rotation would add a `retired_at` and relax this to the active key.
  (t) => [uniqueIndex('signing_keys_unit_key').on(t.unitCode)],
);

/** A signed result document `<dossier code>-KQ<n>`: the file (by digest) and its detached signature. */
export const resultDocuments = pgTable(
  'result_documents',
  {
    id: text('id').primaryKey(),
    dossierId: text('dossier_id').notNull(),
    /** The signing unit. */
    unitCode: text('unit_code').notNull(),
    keyId: text('key_id').notNull(),
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    mediaType: text('media_type').notNull(),
    /** The exact bytes that were signed (canonical JSON naming the result, its digest, unit, key and time). */
    statement: text('statement').notNull(),
    /** Ed25519 signature of `statement`, base64. */
    signature: text('signature').notNull(),
    signedBy: text('signed_by').notNull(),
    signedAt: instant('signed_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('result_documents_dossier_idx').on(t.dossierId)],
);

export type SigningKeyRow = typeof signingKeys.$inferSelect;
export type ResultDocumentRow = typeof resultDocuments.$inferSelect;
export type NewResultDocumentRow = typeof resultDocuments.$inferInsert;
