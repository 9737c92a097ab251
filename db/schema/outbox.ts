import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns';

/**
 * Systems that receive a signed POST for each status or appointment change (the national portal, a provincial
 * portal, another agency). The secret signs every delivery; it has to be kept readable to compute the HMAC.
 */
export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  /** `wh_` + 16 hex digits. */
  id: text('id').primaryKey(),
  /** Who receives, e.g. "Cổng Dịch vụ công quốc gia". */
  name: text('name').notNull(),
  url: text('url').notNull(),
  /** Event types this receiver wants; empty = every event that changes a status or an appointment. */
  eventTypes: jsonb('event_types').$type<string[]>().notNull().default([]),
  secret: text('secret').notNull(),
  createdAt: createdAt(),
  /** Set when an admin disables it: no new messages, and its pending ones are cancelled. */
  disabledAt: instant('disabled_at'),
});

export const OUTBOX_STATUSES = ['pending', 'delivered', 'dead', 'cancelled', 'skipped'] as const;
export const outboxStatus = pgEnum('outbox_status', OUTBOX_STATUSES);
export const OUTBOX_CHANNELS = ['webhook', 'email'] as const;

/**
 * The transactional outbox: written in the projection's transaction, delivered at least once by the dispatcher
 * workflow's activity. `id` is derived from (dossier, event sequence, target), so a retried projection adds nothing
 * and receivers de-duplicate on it.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: text('id').primaryKey(),
    channel: text('channel', { enum: OUTBOX_CHANNELS }).notNull(),
    /** Where it goes: a subscription id, or `email` for the applicant's e-mail. Messages to one target keep their order per dossier. */
    target: text('target').notNull(),
    subscriptionId: text('subscription_id').references(() => webhookSubscriptions.id),
    /** The applicant's e-mail address (e-mail channel only). */
    recipient: text('recipient'),
    dossierId: text('dossier_id').notNull(),
    eventSequence: integer('event_sequence').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: outboxStatus('status').notNull().default('pending'),
    /** Delivery attempts started so far; also the fencing token of the current claim. */
    attempts: integer('attempts').notNull().default(0),
    /** When it may be tried next; while a dispatcher holds it, the end of that claim's lease. */
    nextAttemptAt: instant('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: instant('delivered_at'),
  },
  (t) => [
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('outbox_order_idx').on(t.target, t.dossierId, t.eventSequence).where(sql`${t.status} = 'pending'`),
    index('outbox_status_created_idx').on(t.status, t.createdAt),
  ],
);

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type OutboxMessageRow = typeof outboxMessages.$inferSelect;
export type NewOutboxMessageRow = typeof outboxMessages.$inferInsert;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
