import { jsonb, pgTable, text, uniqueIndex, bigserial } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns';

/**
 * Outbox of notices to people (reminders, overdue alerts to the unit's leader, reception-check alerts). A sender
 * delivers them by e-mail/SMS/portal; the workflow only writes them, once each: `(dossier_id, dedupe_key)` is unique.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dossierId: text('dossier_id').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    kind: text('kind').notNull(),
    /** Who should read it: the unit's officers, its leader, or the applicant. */
    audience: text('audience').notNull(),
    unitCode: text('unit_code').notNull(),
    payload: jsonb('payload').notNull(),
    dueAt: instant('due_at'),
    createdAt: createdAt(),
    sentAt: instant('sent_at'),
  },
  (t) => [uniqueIndex('notifications_dossier_key').on(t.dossierId, t.dedupeKey)],
);

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotificationRow = typeof notifications.$inferInsert;
