import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createOutbox } from '../../../db/repositories/outbox';
import { OUTBOX_CHANNELS, OUTBOX_STATUSES, type OutboxMessageRow } from '../../../db/schema';
import { problem, Problem } from '../../errors';
import { DossierId } from '../../schemas/common';
import { WebhookId } from './webhooks';

const ADMIN = { access: ['admin'] } as const;
const MessageId = z.string().regex(/^msg_[0-9a-f]{32}$/, 'must be a message id such as msg_<32 hex digits>');

const OutboxQuery = z
  .object({
    status: z.enum(OUTBOX_STATUSES).optional().meta({ example: 'dead' }),
    subscriptionId: WebhookId.optional(),
    dossierId: DossierId.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

const OutboxMessage = z.object({
  id: z.string(),
  channel: z.enum(OUTBOX_CHANNELS),
  subscriptionId: z.string().nullable(),
  /** The applicant's address, masked: an admin needs to know which mailbox failed, not to read it. */
  recipient: z.string().nullable(),
  dossierId: z.string(),
  eventSequence: z.number().int(),
  eventType: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.date(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
});

/** `b***@example.com` */
const mask = (address: string | null) => (address ? address.replace(/^(.)[^@]*/, '$1***') : null);
const summary = ({ payload: _payload, target: _target, recipient, ...row }: OutboxMessageRow) => ({ ...row, recipient: mask(recipient) });

/** What the outbox holds: admins watch dead messages and send them again once the receiver is fixed. */
export const outboxRoutes: FastifyPluginAsyncZod = async (app) => {
  const outbox = createOutbox(app.deps.database.db);

  app.get(
    '/v1/admin/outbox',
    {
      config: ADMIN,
      schema: {
        tags: ['admin'],
        summary: 'Outgoing messages, newest first (e.g. ?status=dead), with counts per status',
        querystring: OutboxQuery,
        response: {
          200: z.object({ counts: z.record(z.string(), z.number().int()), items: z.array(OutboxMessage) }),
          400: Problem,
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => {
      const [counts, rows] = await Promise.all([outbox.countByStatus(), outbox.list(request.query)]);
      return { counts, items: rows.map(summary) };
    },
  );

  app.post(
    '/v1/admin/outbox/:id/retry',
    {
      config: ADMIN,
      schema: {
        tags: ['admin'],
        summary: 'Send a dead, skipped or cancelled message again (attempts start from zero)',
        params: z.object({ id: MessageId }),
        response: { 200: OutboxMessage, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) => {
      const { id } = request.params;
      const retried = await outbox.retry(id);
      if (retried) return summary(retried);
      const found = await outbox.find(id);
      if (!found) throw problem(404, 'Message not found', { detail: `no outbox message ${id}` });
      throw problem(409, 'Message not retryable', { detail: `message ${id} is ${found.status}`, field: 'params.id' });
    },
  );
};
