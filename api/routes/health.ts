import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { databaseUnavailable, problem } from '../errors';

const CHECK_TIMEOUT_MS = 2000;

const Readiness = z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.literal('ok')) });

async function withinTimeout(check: () => Promise<unknown>): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().then(() => undefined), timeout]);
  } catch (error) {
    // Not the driver's message: a wrapped query error would show its SQL, a connection error the server's address.
    const code = databaseUnavailable(error);
    return code ? `unavailable (${code})` : (error as Error).message.split('\n')[0];
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is alive' } }, async () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    { schema: { tags: ['health'], summary: 'Temporal and the database are reachable', response: { 200: Readiness } } },
    async () => {
      const { temporal, database } = app.deps;
      const [temporalError, databaseError] = await Promise.all([
        withinTimeout(() => temporal.workflowService.getSystemInfo({})),
        withinTimeout(() => database.ping()),
      ]);
      const failing = [
        ...(temporalError ? [`temporal: ${temporalError}`] : []),
        ...(databaseError ? [`database: ${databaseError}`] : []),
      ];
      if (failing.length > 0) throw problem(503, 'Not ready', { detail: failing.join('; ') });
      return { status: 'ready' as const, checks: { temporal: 'ok' as const, database: 'ok' as const } };
    },
  );
};
