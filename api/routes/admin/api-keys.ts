import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiKeyStore } from '../../../db/repositories/api-keys';
import { problem, Problem } from '../../errors';

const ADMIN = { access: ['admin'] } as const;
const ApiKeyId = z.string().regex(/^ak_[0-9a-f]{16}$/, 'must be an API key id such as ak_0123456789abcdef');
const NewApiKey = z
  .object({
    name: z.string().trim().min(1).max(200).describe('who holds the key, e.g. "Cổng Dịch vụ công quốc gia"'),
    subject: z.string().regex(/^[A-Za-z0-9._-]{2,64}$/, 'must be 2-64 letters, digits and ._-').describe('the id events record'),
  })
  .strict()
  .meta({ examples: [{ name: 'Cổng Dịch vụ công quốc gia', subject: 'dvcqg' }] });
const ApiKeySummary = z.object({
  id: z.string(),
  name: z.string(),
  subject: z.string(),
  role: z.string(),
  createdAt: z.date(),
  revokedAt: z.date().nullable(),
});

/** Integrators' API keys: issued (shown once), listed and revoked by admins. */
export const apiKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  const store = createApiKeyStore(app.deps.database.db);

  app.post(
    '/v1/admin/api-keys',
    {
      config: ADMIN,
      schema: {
        tags: ['admin'],
        summary: "Issue an integrator's API key (the key is in this answer only)",
        body: NewApiKey,
        response: { 201: z.object({ id: z.string(), key: z.string() }), 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(await store.create(request.body)),
  );

  app.get(
    '/v1/admin/api-keys',
    {
      config: ADMIN,
      schema: {
        tags: ['admin'],
        summary: 'List API keys (never their secrets)',
        response: { 200: z.array(ApiKeySummary), 401: Problem, 403: Problem },
      },
    },
    async () => store.list(),
  );

  app.delete(
    '/v1/admin/api-keys/:id',
    {
      config: ADMIN,
      schema: {
        tags: ['admin'],
        summary: 'Revoke an API key at once',
        params: z.object({ id: ApiKeyId }),
        response: { 204: z.null(), 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      if (!(await store.revoke(request.params.id))) {
        throw problem(404, 'API key not found', { detail: `no active API key ${request.params.id}` });
      }
      return reply.status(204).send(null);
    },
  );
};
