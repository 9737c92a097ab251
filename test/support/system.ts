import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { FastifyServerOptions } from 'fastify';
import { inject } from 'vitest';
import { buildApp, type App } from '../../api/app';
import type { OutboxDeliveryOptions } from '../../activities/outbox/deliver';
import type { CalendarProvider } from '../../activities/receipt';
import { defaultCalendarProvider } from '../../temporal-config/calendars';
import { bundleWorkflows, createWorker } from '../../temporal-config/worker';
import { testAuthSettings } from './auth';
import { migratedDatabase, type DatabaseKind, type TestDatabase } from './databases';
import { TEST_NAMESPACE } from './global-setup';

export interface TestSystem {
  app: App;
  /** Base URL of the API, listening on a real port. */
  url: string;
  temporal: Client;
  database: TestDatabase;
  worker: Worker;
  taskQueue: string;
  close(): Promise<void>;
}

export interface TestSystemOptions {
  calendars?: CalendarProvider;
  decisionTimeoutMs?: number;
  /** Another Temporal server than the run's dev server (its namespace is TEST_NAMESPACE too). */
  temporalAddress?: string;
  /** Name prefix of the PostgreSQL database made for the system. */
  databasePrefix?: string;
  /** Outbox delivery settings of the worker (test/workflows/outbox-dispatcher.test.ts). */
  outbox?: OutboxDeliveryOptions;
  /** Fastify options of the API, e.g. its logger (test/api/request-logs.test.ts). */
  appOptions?: FastifyServerOptions;
}

/**
 * The real system for one test file: the run's Temporal dev server, a fresh migrated database of `kind`, a worker
 * on a task queue of its own and the API on a free port.
 */
export async function startTestSystem(kind: DatabaseKind, options: TestSystemOptions = {}): Promise<TestSystem> {
  const address = options.temporalAddress ?? inject('temporalAddress');
  const taskQueue = `test-${randomUUID()}`;
  const database = await migratedDatabase(kind, options.databasePrefix);
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await createWorker({
    connection: nativeConnection,
    namespace: TEST_NAMESPACE,
    taskQueue,
    db: database.db,
    calendars: options.calendars ?? defaultCalendarProvider(),
    workflowBundle: await sharedBundle(),
    ...(options.outbox ? { outbox: options.outbox } : {}),
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  const temporal = new Client({ connection, namespace: TEST_NAMESPACE });
  const calendars = options.calendars ?? defaultCalendarProvider();
  const decisionTimeoutMs = options.decisionTimeoutMs ?? 10_000;
  const app = await buildApp({ temporal, database, calendars, taskQueue, decisionTimeoutMs, auth: await testAuthSettings() }, options.appOptions);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    url,
    temporal,
    database,
    worker,
    taskQueue,
    async close() {
      await app.close();
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      await database.dispose();
    },
  };
}

let bundle: ReturnType<typeof bundleWorkflows> | undefined;
/** Bundling takes seconds: once per test file (vitest isolates files), shared by its systems. */
export const sharedBundle = () => (bundle ??= bundleWorkflows());
