import type { Client } from '@temporalio/client';
import type { OutboxDeliveryOptions } from '../activities/outbox/deliver';
import { createSmtpMailer } from '../activities/outbox/mailer';
import type { outboxDispatcher, OutboxDispatcherInput } from '../workflows/outbox/outbox-dispatcher';
import type { Env } from './env';

/** One dispatcher per deployment (a namespace and its task queue): workers starting together all find this one. */
export const outboxDispatcherId = (taskQueue: string) => `outbox-dispatcher-${taskQueue}`;

/**
 * Starts the outbox dispatcher unless it already runs (`USE_EXISTING`): every worker calls this on start-up, and
 * the first one wins. Returns the running workflow's IDs.
 */
export async function ensureOutboxDispatcher(
  client: Client,
  taskQueue: string,
  input: OutboxDispatcherInput = {},
): Promise<{ workflowId: string; runId: string }> {
  const workflowId = outboxDispatcherId(taskQueue);
  const handle = await client.workflow.start<typeof outboxDispatcher>('outboxDispatcher', {
    workflowId,
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return { workflowId, runId: handle.firstExecutionRunId };
}

/** Delivery settings from the environment; e-mail only when an SMTP server is configured. */
export function outboxOptionsFromEnv(env: Env): OutboxDeliveryOptions {
  const smtp = env.SMTP_URL || env.SMTP_HOST;
  return {
    mailer: smtp
      ? createSmtpMailer({
          url: env.SMTP_URL,
          host: env.SMTP_HOST,
          port: env.SMTP_PORT,
          user: env.SMTP_USER,
          password: env.SMTP_PASSWORD,
          from: env.MAIL_FROM,
        })
      : undefined,
    maxAttempts: env.OUTBOX_MAX_ATTEMPTS,
    retryBaseMs: env.OUTBOX_RETRY_BASE_MS,
    retryMaxMs: env.OUTBOX_RETRY_MAX_MS,
    idleMs: env.OUTBOX_IDLE_MS,
    webhookTimeoutMs: env.WEBHOOK_TIMEOUT_MS,
  };
}
