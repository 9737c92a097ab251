import type { EmailFacts } from '../../db/repositories/outbox-messages';
import type { ClaimedMessage, Outbox } from '../../db/repositories/outbox';
import { renderEmail } from './email-texts';
import type { Mailer } from './mailer';
import { postWebhook } from './webhook';

export interface OutboxDeliveryOptions {
  /** SMTP for applicants' e-mails; without it they are recorded as `skipped`. */
  mailer?: Mailer | undefined;
  /** Messages claimed per batch (delivered concurrently). */
  batchSize?: number;
  /** Attempts before a message is dead. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt up to `retryMaxMs`, ±20 % jitter. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** What the dispatcher workflow sleeps when nothing was due. */
  idleMs?: number;
  webhookTimeoutMs?: number;
  /** Random source for the jitter (tests pin it). */
  random?: () => number;
}

export const OUTBOX_DEFAULTS = {
  batchSize: 20,
  maxAttempts: 30,
  retryBaseMs: 10_000,
  retryMaxMs: 3_600_000,
  idleMs: 1_000,
  webhookTimeoutMs: 10_000,
} as const;

/** A claim outlives the longest batch (the activity's start-to-close timeout is 1 minute): then it is due again. */
export const CLAIM_LEASE_MS = 90_000;

export interface BatchOutcome {
  claimed: number;
  delivered: number;
  failed: number;
  dead: number;
  skipped: number;
  /** How long the dispatcher should sleep before the next batch when nothing was claimed. */
  idleMs: number;
}

/** The delay before attempt `attempt + 1`: exponential from `base`, capped at `max`, ±20 % jitter. */
export function retryDelayMs(attempt: number, base: number, max: number, random: () => number = Math.random): number {
  const nominal = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(nominal * (0.8 + 0.4 * random()));
}

/** Delivers one claimed message; resolves to undefined when it was accepted, otherwise to the failure. */
async function deliver(message: ClaimedMessage, o: Required<Omit<OutboxDeliveryOptions, 'mailer'>>, mailer: Mailer) {
  if (message.channel === 'email') {
    const { subject, text } = renderEmail(message.payload as unknown as EmailFacts);
    try {
      await mailer.send({ to: message.recipient!, subject, text, messageId: message.id });
      return undefined;
    } catch (error) {
      return `SMTP: ${(error as Error).message}`.slice(0, 500);
    }
  }
  const { url, secret } = message.subscription!;
  const body = JSON.stringify(message.payload);
  return postWebhook({ url, secret, messageId: message.id, eventType: message.eventType, attempt: message.attempts, body }, o.webhookTimeoutMs);
}

export function createOutboxActivities(outbox: Outbox, options: OutboxDeliveryOptions = {}) {
  const o = { ...OUTBOX_DEFAULTS, random: Math.random, ...stripUndefined(options) };
  return {
    /**
     * One round of the dispatcher: claims due messages, delivers them, records each outcome (delivered, retry at a
     * backed-off time, dead after the last attempt). Delivery failures are data, not activity failures; only the
     * database being unreachable fails the activity (Temporal retries it).
     */
    async deliverOutboxBatch(): Promise<BatchOutcome> {
      const claimed = await outbox.claimDue(o.batchSize, CLAIM_LEASE_MS);
      const outcome: BatchOutcome = { claimed: claimed.length, delivered: 0, failed: 0, dead: 0, skipped: 0, idleMs: o.idleMs };
      await Promise.all(
        claimed.map(async (message) => {
          if (message.channel === 'email' && !options.mailer) {
            outcome.skipped += 1;
            return void (await outbox.markSkipped(message, 'e-mail is not configured (SMTP_URL or SMTP_HOST)'));
          }
          if (message.channel === 'webhook' && message.subscription?.disabled !== false) {
            outcome.skipped += 1;
            return void (await outbox.markCancelled(message, 'subscription disabled'));
          }
          const error = await deliver(message, o, options.mailer!);
          if (error === undefined) {
            outcome.delivered += 1;
            return void (await outbox.markDelivered(message));
          }
          const last = message.attempts >= o.maxAttempts;
          outcome[last ? 'dead' : 'failed'] += 1;
          await outbox.markFailed(message, error, last ? null : retryDelayMs(message.attempts, o.retryBaseMs, o.retryMaxMs, o.random));
        }),
      );
      return outcome;
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
