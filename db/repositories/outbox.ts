import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Executor } from '../client';
import { outboxMessages, webhookSubscriptions, type OutboxMessageRow, type OutboxStatus, type WebhookSubscriptionRow } from '../schema';
import type { ProjectedEvent } from './dossier-read-model';
import { messagesFor, type PreviousState, type Subscriber } from './outbox-messages';

/** What the projection reads before it writes: the dossier's row as it was, and the active subscriptions. */
export interface OutboxContext {
  before: (PreviousState & { lastSequence: number }) | undefined;
  subscribers: Subscriber[];
}

/** One round trip, at the start of the projection's transaction (before the dossier row moves). */
export async function outboxContext(tx: Executor, dossierId: string): Promise<OutboxContext> {
  const result = await tx.execute(sql`
    select
      (select json_build_object('status', status, 'appointmentAt', appointment_at, 'lastSequence', last_sequence)
         from dossiers where id = ${dossierId}) as before,
      (select coalesce(json_agg(json_build_object('id', id, 'eventTypes', event_types) order by id), '[]'::json)
         from webhook_subscriptions where disabled_at is null) as subscribers`);
  const [row] = rowsOf<{ before: unknown; subscribers: unknown }>(result);
  const json = <T>(value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as T;
  const before = json<{ status: string; appointmentAt: string | null; lastSequence: number } | null>(row?.before);
  return {
    before: before ? { ...before, appointmentAt: before.appointmentAt ? new Date(before.appointmentAt) : null } : undefined,
    subscribers: json<Subscriber[]>(row?.subscribers) ?? [],
  };
}

/**
 * Writes the messages a newly recorded event leads to, in the projection's transaction. The row before counts as the
 * event's previous state only when it is the one just before it (the workflow projects its events in order).
 */
export async function enqueueMessages(tx: Executor, event: ProjectedEvent, context: OutboxContext): Promise<number> {
  const previous = context.before && context.before.lastSequence < event.sequence ? context.before : undefined;
  const rows = messagesFor(event, previous, context.subscribers);
  if (rows.length === 0) return 0;
  const written = await tx.insert(outboxMessages).values(rows).onConflictDoNothing().returning({ id: outboxMessages.id });
  return written.length;
}

/** A claimed message, with what its delivery needs (the subscription's URL and secret for a webhook). */
export interface ClaimedMessage {
  id: string;
  channel: 'webhook' | 'email';
  dossierId: string;
  eventSequence: number;
  eventType: string;
  payload: Record<string, unknown>;
  recipient: string | null;
  /** This claim's attempt number: outcomes are recorded only if no later claim took the message meanwhile. */
  attempts: number;
  /** Webhooks: where and how to sign; `disabled` when an admin turned it off after the message was written. */
  subscription: { url: string; secret: string; disabled: boolean } | null;
}

const subscriptionOf = (row: WebhookSubscriptionRow | undefined) =>
  row ? { url: row.url, secret: row.secret, disabled: row.disabledAt !== null } : { url: '', secret: '', disabled: true };

export interface MessageFilter {
  status?: OutboxStatus | undefined;
  subscriptionId?: string | undefined;
  dossierId?: string | undefined;
  limit: number;
}

export function createOutbox(db: Executor) {
  /** Updates a claimed message only while the claim is still the latest (fencing on `attempts`). */
  const settle = async (message: Pick<ClaimedMessage, 'id' | 'attempts'>, set: Record<string, unknown>) => {
    const where = and(eq(outboxMessages.id, message.id), eq(outboxMessages.status, 'pending'), eq(outboxMessages.attempts, message.attempts));
    const done = await db.update(outboxMessages).set(set).where(where).returning({ id: outboxMessages.id });
    return done.length > 0;
  };

  return {
    /**
     * Claims up to `limit` due messages for `leaseMs`: attempts + 1 and the next attempt pushed past the lease, so
     * a dispatcher that dies mid-delivery leaves them to be tried again. `FOR UPDATE SKIP LOCKED`: concurrent
     * dispatchers never claim the same row. A message waits while an earlier one of its dossier to the same target
     * is pending, so each receiver sees a dossier's changes in order.
     */
    async claimDue(limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
      const result = await db.execute(sql`
        with due as (
          select o.id from outbox_messages o
          where o.status = 'pending' and o.next_attempt_at <= now()
            and not exists (
              select 1 from outbox_messages e
              where e.status = 'pending' and e.target = o.target and e.dossier_id = o.dossier_id and e.event_sequence < o.event_sequence
            )
          order by o.next_attempt_at, o.id
          limit ${limit}
          for update of o skip locked
        )
        update outbox_messages m
        set attempts = m.attempts + 1, next_attempt_at = now() + ${leaseMs}::double precision * interval '1 millisecond'
        from due
        where m.id = due.id
        returning m.id, m.channel, m.dossier_id, m.event_sequence, m.event_type, m.payload, m.recipient, m.attempts,
          m.subscription_id`);
      const claimed = rowsOf<RawClaim>(result);
      const ids = [...new Set(claimed.flatMap((row) => (row.subscription_id ? [row.subscription_id] : [])))];
      const subscriptions = ids.length
        ? await db.select().from(webhookSubscriptions).where(inArray(webhookSubscriptions.id, ids))
        : [];
      const byId = new Map(subscriptions.map((s) => [s.id, s]));
      return claimed.map((row) => ({
        id: row.id,
        channel: row.channel,
        dossierId: row.dossier_id,
        eventSequence: Number(row.event_sequence),
        eventType: row.event_type,
        payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
        recipient: row.recipient,
        attempts: Number(row.attempts),
        subscription: row.subscription_id ? subscriptionOf(byId.get(row.subscription_id)) : null,
      }));
    },

    markDelivered: (message: ClaimedMessage) => settle(message, { status: 'delivered', deliveredAt: new Date(), lastError: null }),

    /** A failed attempt: tried again after `retryInMs`, or dead when it was the last one allowed. */
    markFailed(message: ClaimedMessage, error: string, retryInMs: number | null) {
      return retryInMs === null
        ? settle(message, { status: 'dead', lastError: error })
        : settle(message, { lastError: error, nextAttemptAt: sql`now() + ${retryInMs}::double precision * interval '1 millisecond'` });
    },

    /** Not deliverable here by design (e.g. no SMTP configured): recorded, never retried. */
    markSkipped: (message: ClaimedMessage, reason: string) => settle(message, { status: 'skipped', lastError: reason }),

    /** A message no longer wanted (its subscription was disabled between claim and delivery). */
    markCancelled: (message: ClaimedMessage, reason: string) => settle(message, { status: 'cancelled', lastError: reason }),

    async find(id: string): Promise<OutboxMessageRow | undefined> {
      const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id)).limit(1);
      return row;
    },

    async list(filter: MessageFilter): Promise<OutboxMessageRow[]> {
      const conditions: SQL[] = [];
      if (filter.status) conditions.push(eq(outboxMessages.status, filter.status));
      if (filter.subscriptionId) conditions.push(eq(outboxMessages.subscriptionId, filter.subscriptionId));
      if (filter.dossierId) conditions.push(eq(outboxMessages.dossierId, filter.dossierId));
      return db
        .select()
        .from(outboxMessages)
        .where(and(...conditions))
        .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
        .limit(filter.limit);
    },

    /** An admin sends a dead, skipped or cancelled message again: pending, due now, attempts from zero. */
    async retry(id: string): Promise<OutboxMessageRow | undefined> {
      const [row] = await db
        .update(outboxMessages)
        .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date(), lastError: null })
        .where(and(eq(outboxMessages.id, id), inArray(outboxMessages.status, ['dead', 'skipped', 'cancelled'])))
        .returning();
      return row;
    },

    /** Messages per status, for an admin's overview. */
    async countByStatus(): Promise<Record<string, number>> {
      const rows = await db
        .select({ status: outboxMessages.status, count: sql<number>`count(*)::int` })
        .from(outboxMessages)
        .groupBy(outboxMessages.status);
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
    },
  };
}

interface RawClaim {
  id: string;
  channel: 'webhook' | 'email';
  dossier_id: string;
  event_sequence: number | string;
  event_type: string;
  payload: Record<string, unknown> | string;
  recipient: string | null;
  attempts: number | string;
  subscription_id: string | null;
}

export type Outbox = ReturnType<typeof createOutbox>;
