import { pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns';

/**
 * API keys of integrators (the national portal, payment and postal gateways, other agencies' systems). Only the
 * SHA-256 of the secret is kept: a key is shown once, when it is created, and can be revoked at any time.
 */
export const apiKeys = pgTable('api_keys', {
  /** Public part of the key (`ak_` + 16 hex digits); the key reads `motcua_<id>_<secret>`. */
  id: text('id').primaryKey(),
  /** Who holds it, e.g. "Cổng Dịch vụ công quốc gia"; shown in lists and on events. */
  name: text('name').notNull(),
  /** The caller's subject on events (e.g. `dvcqg`). */
  subject: text('subject').notNull(),
  role: text('role').notNull().default('integrator'),
  secretSha256: text('secret_sha256').notNull(),
  createdAt: createdAt(),
  revokedAt: instant('revoked_at'),
});

export type ApiKeyRow = typeof apiKeys.$inferSelect;
