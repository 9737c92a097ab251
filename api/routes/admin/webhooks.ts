import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DOSSIER_EVENT_TYPES } from '../../../db/repositories/outbox-messages';
import { createWebhookSubscriptions } from '../../../db/repositories/webhook-subscriptions';
import { problem, Problem } from '../../errors';

const ADMIN = { access: ['admin'] } as const;
export const WebhookId = z.string().regex(/^wh_[0-9a-f]{16}$/, 'must be a webhook id such as wh_0123456789abcdef');

const NewWebhook = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ example: 'Cổng Dịch vụ công quốc gia' }),
    url: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .max(2000)
      .meta({ example: 'https://dichvucong.example.gov.vn/motcua/webhook' }),
    eventTypes: z
      .array(z.enum(DOSSIER_EVENT_TYPES))
      .max(DOSSIER_EVENT_TYPES.length)
      .refine((types) => new Set(types).size === types.length, 'must not repeat an event type')
      .optional()
      .describe('only these events (each must change a status or an appointment to be sent); empty or absent: all'),
    secret: z
      .string()
      .regex(/^[\x21-\x7e]{32,200}$/, 'must be 32-200 printable ASCII characters without spaces')
      .optional()
      .describe("the receiver's own signing secret; generated (and shown once) when absent"),
  })
  .strict()
  .meta({
    examples: [
      { name: 'Cổng Dịch vụ công quốc gia', url: 'https://dichvucong.example.gov.vn/motcua/webhook', eventTypes: ['ACCEPTED', 'RESULT_READY'] },
    ],
  });

const WebhookSummary = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  createdAt: z.date(),
  disabledAt: z.date().nullable(),
});

/** Webhook subscriptions of other systems (docs/integrations.md): created, listed and disabled by admins. */
export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const subscriptions = createWebhookSubscriptions(app.deps.database.db);

  app.post(
    '/v1/admin/webhooks',
    {
      config: ADMIN,
      schema: {
        tags: ['admin'],
        summary: 'Subscribe a system to status and appointment changes (the secret is in this answer only)',
        body: NewWebhook,
        response: { 201: WebhookSummary.extend({ secret: z.string() }), 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(await subscriptions.create(request.body)),
  );

  app.get(
    '/v1/admin/webhooks',
    {
      config: ADMIN,
      schema: {
        tags: ['admin'],
        summary: 'List webhook subscriptions, disabled ones included (never their secrets)',
        response: { 200: z.array(WebhookSummary), 401: Problem, 403: Problem },
      },
    },
    async () => subscriptions.list(),
  );

  app.get(
    '/v1/admin/webhooks/:id',
    {
      config: ADMIN,
      schema: {
        tags: ['admin'],
        summary: 'One webhook subscription (never its secret)',
        params: z.object({ id: WebhookId }),
        response: { 200: WebhookSummary, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      const found = await subscriptions.find(request.params.id);
      if (!found) throw problem(404, 'Webhook not found', { detail: `no webhook ${request.params.id}` });
      return found;
    },
  );

  app.delete(
    '/v1/admin/webhooks/:id',
    {
      config: ADMIN,
      schema: {
        tags: ['admin'],
        summary: 'Disable a webhook subscription: no new messages, and its pending ones are cancelled',
        params: z.object({ id: WebhookId }),
        response: { 204: z.null(), 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      if (!(await subscriptions.disable(request.params.id))) {
        throw problem(404, 'Webhook not found', { detail: `no active webhook ${request.params.id}` });
      }
      return reply.status(204).send(null);
    },
  );
};
