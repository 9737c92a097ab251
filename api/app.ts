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
import { createProcedureCatalogue, type ProcedureCatalogue } from '../db/repositories/procedure-catalogue';
import { auth } from './auth/plugin';
import type { Principal } from './auth/principal';
import { errorHandler, problem } from './errors';
import { observabilityPlugin } from './observability';
import { decisionRoutes } from './routes/dossiers/decisions';
import { detailRoutes } from './routes/dossiers/detail';
import { readRoutes } from './routes/dossiers/read';
import { searchRoutes } from './routes/dossiers/search';
import { submissionRoutes } from './routes/dossiers/submission';
import { calendarRoutes } from './routes/calendar';
import { healthRoutes } from './routes/health';
import { formRoutes } from './routes/forms';
import { apiKeyRoutes } from './routes/admin/api-keys';
import { adminProcedureRoutes } from './routes/admin/procedures';
import { procedureRoutes } from './routes/procedures';
import { reportRoutes } from './routes/reports';
import { catalogueComponentSource } from './files/component-rules';
import { createFileServices, type FileServices, type FileSettings } from './files/services';
import { documentRoutes } from './routes/dossiers/documents';
import { resultRoutes } from './routes/results';
import { warehouseRoutes } from './routes/warehouse';
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
  /** Where files and units' signing keys live (MOTCUA_DATA_DIR); a temporary directory when absent. */
  files?: FileSettings;
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
    /** The procedure catalogue: published versions for submission, admins' drafts (db/repositories/procedure-catalogue.ts). */
    catalogue: ProcedureCatalogue;
    /** Blob store, component rules, signing keys and the file tables (api/files/services.ts). */
    files: FileServices;
    /** Runs a Temporal call under the decision deadline, so no request hangs when no worker answers. */
    withDecisionDeadline<T>(call: () => Promise<T>): Promise<T>;
  }
}

export async function buildApp(deps: AppDeps, options: FastifyServerOptions = {}) {
  const app = Fastify({
    bodyLimit: 1024 * 1024,
    // Malformed URLs and over-long path parameters get the same problem shape as every other error.
    frameworkErrors: errorHandler,
    ...options,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // Bodies are JSON (and multipart where a route says so): a text/plain body is refused with 415, not coerced.
  app.removeContentTypeParser('text/plain');
  app.setNotFoundHandler((request) => {
    throw problem(404, 'Not found', { detail: `no route ${request.method} ${request.url.split('?')[0]}` });
  });

  await app.register(observabilityPlugin);
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
  app.decorate('catalogue', createProcedureCatalogue(deps.database.db));
  app.decorate('files', createFileServices(deps.files, deps.database.db, catalogueComponentSource(app.catalogue)));
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
  await app.register(procedureRoutes);
  await app.register(adminProcedureRoutes);
  await app.register(reportRoutes);
  await app.register(documentRoutes);
  await app.register(resultRoutes);
  await app.register(warehouseRoutes);
  await app.register(webhookRoutes);
  await app.register(outboxRoutes);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
