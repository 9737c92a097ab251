import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../client';
import { outboxMessages, webhookSubscriptions, type WebhookSubscriptionRow } from '../schema';

export interface NewSubscription {
  name: string;
  url: string;
  eventTypes?: string[] | undefined;
  /** Provided by the receiver, or generated here (and shown once). */
  secret?: string | undefined;
}

export type SubscriptionSummary = Omit<WebhookSubscriptionRow, 'secret'>;

/** `whsec_` + 256 random bits, base64url. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

const withoutSecret = ({ secret: _secret, ...row }: WebhookSubscriptionRow): SubscriptionSummary => row;

export function createWebhookSubscriptions(db: Executor) {
  return {
    /** Creates a subscription; the answer carries the secret, which no later read returns. */
    async create(input: NewSubscription): Promise<SubscriptionSummary & { secret: string }> {
      const id = `wh_${randomBytes(8).toString('hex')}`;
      const secret = input.secret ?? newWebhookSecret();
      const [row] = await db
        .insert(webhookSubscriptions)
        .values({ id, name: input.name, url: input.url, eventTypes: input.eventTypes ?? [], secret })
        .returning();
      return { ...withoutSecret(row!), secret };
    },

    async list(): Promise<SubscriptionSummary[]> {
      const rows = await db.select().from(webhookSubscriptions).orderBy(asc(webhookSubscriptions.createdAt), asc(webhookSubscriptions.id));
      return rows.map(withoutSecret);
    },

    async find(id: string): Promise<SubscriptionSummary | undefined> {
      const [row] = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).limit(1);
      return row && withoutSecret(row);
    },

    /**
     * Disables a subscription and cancels its pending messages. A projection committing at the same moment may
     * still add one; the dispatcher cancels it when it finds the subscription disabled.
     */
    async disable(id: string): Promise<{ cancelled: number } | undefined> {
      return db.transaction(async (tx) => {
        const disabled = await tx
          .update(webhookSubscriptions)
          .set({ disabledAt: new Date() })
          .where(and(eq(webhookSubscriptions.id, id), isNull(webhookSubscriptions.disabledAt)))
          .returning({ id: webhookSubscriptions.id });
        if (disabled.length === 0) return undefined;
        const cancelled = await tx
          .update(outboxMessages)
          .set({ status: 'cancelled', lastError: 'subscription disabled' })
          .where(and(eq(outboxMessages.subscriptionId, id), eq(outboxMessages.status, 'pending')))
          .returning({ id: outboxMessages.id });
        return { cancelled: cancelled.length };
      });
    },
  };
}

export type WebhookSubscriptions = ReturnType<typeof createWebhookSubscriptions>;
