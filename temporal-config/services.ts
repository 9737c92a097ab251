import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { buildApp, type App } from '../api/app';
import { loggerOptions } from '../api/observability';
import type { DatabaseHandle } from '../db/client';
import { authSettings } from './auth';
import { calendarProvider } from './calendars';
import type { Env } from './env';
import { ensureOutboxDispatcher, outboxOptionsFromEnv } from './outbox';
import { createWorker } from './worker';

// The long-running parts of Motcua, started the same way by the dev runner and the production entry points.

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker has stopped. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function startWorker(env: Env, database: DatabaseHandle): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const outbox = outboxOptionsFromEnv(env);
  if (!outbox.mailer) console.warn('SMTP_URL and SMTP_HOST are unset: applicants\' e-mails are recorded as skipped');
  const worker = await createWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    db: database.db,
    calendars: calendarProvider(env),
    deadlines: { reminderLeadMinutes: env.REMINDER_LEAD_MINUTES },
    outbox,
    ...(env.WORKER_MAX_CACHED_WORKFLOWS !== undefined ? { maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS } : {}),
    ...(env.WORKFLOW_BUNDLE_PATH ? { workflowBundle: { codePath: env.WORKFLOW_BUNDLE_PATH } } : {}),
  });
  await startDispatcher(env);
  const done = worker.run().finally(async () => {
    outbox.mailer?.close();
    await connection.close();
  });
  return {
    worker,
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

/** The outbox dispatcher workflow (workflows/outbox): started once per deployment, whichever worker comes first. */
async function startDispatcher(env: Env): Promise<void> {
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  try {
    await ensureOutboxDispatcher(new Client({ connection, namespace: env.TEMPORAL_NAMESPACE }), env.TEMPORAL_TASK_QUEUE);
  } finally {
    await connection.close();
  }
}

export interface RunningApi {
  app: App;
  url: string;
  stop(): Promise<void>;
}

export async function startApi(env: Env, database: DatabaseHandle): Promise<RunningApi> {
  // Lazy: the API starts while Temporal is still coming up, and /readyz says so until it answers.
  const connection = Connection.lazy({ address: env.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  const { source, ...auth } = await authSettings(env);
  const app = await buildApp(
    {
      temporal,
      database,
      calendars: calendarProvider(env),
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      decisionTimeoutMs: env.DECISION_TIMEOUT_MS,
      auth,
      files: { dataDir: env.MOTCUA_DATA_DIR },
    },
    loggerOptions(env.LOG_LEVEL),
  );
  app.log.info(`bearer tokens are verified with ${source}`);
  await app.listen({ host: env.HOST, port: env.PORT });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  return {
    app,
    url: `http://${env.HOST}:${port}`,
    async stop() {
      await app.close();
      await connection.close();
    },
  };
}

const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * The Temporal SDK runtime of a process that runs a worker: its log as JSON lines through pino (workflow and activity
 * logs carry workflowId, which is the dossier id), at warnings unless LOG_LEVEL asks for debug; and its metrics
 * (task latencies, slots, polls, activity outcomes) served for Prometheus at WORKER_METRICS_ADDRESS/metrics.
 */
export function installRuntime(env: Env): void {
  const debug = env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace';
  const log = pino({ level: env.LOG_LEVEL, base: { component: 'worker' } });
  Runtime.install({
    logger: new DefaultLogger(debug ? 'DEBUG' : 'WARN', ({ level, message, meta }) => log[PINO_LEVEL[level]](meta ?? {}, message)),
    ...(env.WORKER_METRICS_ADDRESS
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: env.WORKER_METRICS_ADDRESS } } } }
      : {}),
  });
}

/** Calls `stop` once on SIGINT/SIGTERM; a second signal exits at once. */
export function onShutdownSignal(stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(130);
      stopping = true;
      stop(signal).then(
        () => process.exit(0),
        (error) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}
