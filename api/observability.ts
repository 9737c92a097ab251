import { randomUUID } from 'node:crypto';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { DestinationStream } from 'pino';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

// Prometheus metrics and request logging without personal data. Logs carry the request id and, for dossier routes,
// the dossier id (which is also its Temporal workflow id); never bodies, query strings or tokens.

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * One log line per request, written when it is answered, with the method, path, status and time: Fastify's pair
 * ("incoming request", then "request completed") cost twice the serialisation and the write for no more facts,
 * and the bounded wait on the engine (503) means no request stays open without an answer to log.
 */
class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) request.log.error({ ...line, err: error }, 'request errored');
    else request.log.info(line, 'request completed');
  }
}

/**
 * Fastify logger options: pino, with URLs logged without their query (search filters can hold an applicant's id).
 * `stream` replaces standard output (tests read the lines).
 */
export function loggerOptions(level: string, stream?: DestinationStream): FastifyServerOptions {
  return {
    logger: {
      level,
      ...(stream ? { stream } : {}),
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          path: request.url.split('?')[0],
        }),
      },
    },
    // A caller's `X-Request-Id` (well formed) is kept, so one id follows a request across systems.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    logController: new RequestLogController({ requestIdLogLabel: 'requestId' }),
  };
}

export interface ApiMetrics {
  registry: Registry;
  requests: Histogram<'method' | 'route' | 'status'>;
  decisions: Counter<'decision' | 'outcome'>;
}

export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'motcua_api_' });
  return {
    registry,
    requests: new Histogram({
      name: 'motcua_http_request_duration_seconds',
      help: 'HTTP requests by route template, method and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    decisions: new Counter({
      name: 'motcua_decisions_total',
      help: "Officers' and applicants' decisions by outcome (accepted, refused by the workflow, unavailable)",
      labelNames: ['decision', 'outcome'],
      registers: [registry],
    }),
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ApiMetrics;
  }
}

async function observability(app: FastifyInstance) {
  const metrics = createApiMetrics();
  app.decorate('metrics', metrics);

  app.addHook('onRequest', async (request, reply) => {
    if (!REQUEST_ID.test(request.id)) request.id = randomUUID();
    reply.header('x-request-id', request.id);
  });
  app.addHook('preHandler', async (request, reply) => {
    const dossierId = (request.params as { id?: unknown } | undefined)?.id;
    if (typeof dossierId === 'string' && dossierId.startsWith('dossier-')) {
      // The reply keeps the logger it was made with: both get the child, so every line of the request names the dossier.
      request.log = reply.log = request.log.child({ dossierId, workflowId: dossierId });
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    const decision = /^\/v1\/dossiers\/:id\/([a-z-]+)$/.exec(route)?.[1];
    if (decision && request.method === 'POST') {
      const outcome = reply.statusCode < 300 ? 'done' : reply.statusCode === 409 ? 'refused' : reply.statusCode >= 500 ? 'unavailable' : 'rejected';
      metrics.decisions.inc({ decision, outcome });
    }
  });

  // Outside /v1: scraped by Prometheus on the internal network (restrict it there), not rate-limited.
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
}

export const observabilityPlugin = fp(observability, { name: 'motcua-observability' });
