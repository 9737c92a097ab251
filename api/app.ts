import Fastify, { type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { CalendarProvider } from '../activities/receipt';
import type { DatabaseHandle } from '../db/client';
import { createDossierReadModel, type DossierReadModel } from '../db/repositories/dossier-read-model';
import { createApiKeyStore } from '../db/repositories/api-keys';
import { auth } from './auth/plugin';
import type { Principal } from './auth/principal';
import { errorHandler, problem } from './errors';
import { decisionRoutes } from './routes/dossiers/decisions';
import { detailRoutes } from './routes/dossiers/detail';
import { readRoutes } from './routes/dossiers/read';
import { searchRoutes } from './routes/dossiers/search';
import { submissionRoutes } from './routes/dossiers/submission';
import { calendarRoutes } from './routes/calendar';
import { healthRoutes } from './routes/health';
import { formRoutes } from './routes/forms';
import { apiKeyRoutes } from './routes/admin/api-keys';
import { outboxRoutes } from './routes/admin/outbox';
import { webhookRoutes } from './routes/admin/webhooks';

export interface AppDeps {
  temporal: Client;
  database: DatabaseHandle;
  /** The working-day calendar of a unit, with the official data and loaded notices in force. */
  calendars: CalendarProvider;
  taskQueue: string;
  /** Upper bound on how long a request waits for the workflow engine before answering 503. */
  decisionTimeoutMs: number;
  auth: AuthSettings;
}

export interface AuthSettings {
  /** Verifies a bearer token (configured public key or JWKS; see api/auth/tokens.ts). */
  verifyToken: (token: string) => Promise<Principal>;
  /** Requests per minute and client address on public routes. */
  publicRateLimitPerMinute: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    readModel: DossierReadModel;
    /** Runs a Temporal call under the decision deadline, so no request hangs when no worker answers. */
    withDecisionDeadline<T>(call: () => Promise<T>): Promise<T>;
  }
}

export async function buildApp(deps: AppDeps, options: FastifyServerOptions = {}) {
  const app = Fastify({ bodyLimit: 1024 * 1024, ...options }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request) => {
    throw problem(404, 'Not found', { detail: `no route ${request.method} ${request.url.split('?')[0]}` });
  });

  // Before swagger, so the access each route declares is in the OpenAPI document (security, description).
  await app.register(auth, {
    verifyToken: deps.auth.verifyToken,
    apiKeys: createApiKeyStore(deps.database.db),
    publicRateLimitPerMinute: deps.auth.publicRateLimitPerMinute,
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Motcua API', version: '0.1.0', description: 'One-stop-shop dossiers (Decree 45/2020, 61/2018)' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Applicants, officers, leaders, admins' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'Integrators' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.decorate('deps', deps);
  app.decorate('readModel', createDossierReadModel(deps.database.db));
  app.decorate('withDecisionDeadline', <T>(call: () => Promise<T>) =>
    deps.temporal.withDeadline(Date.now() + deps.decisionTimeoutMs, call),
  );

  await app.register(healthRoutes);
  await app.register(submissionRoutes);
  await app.register(readRoutes);
  await app.register(detailRoutes);
  await app.register(decisionRoutes);
  await app.register(calendarRoutes);
  await app.register(formRoutes);
  await app.register(searchRoutes);
  await app.register(apiKeyRoutes);
  await app.register(webhookRoutes);
  await app.register(outboxRoutes);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
