import { Client, Connection } from '@temporalio/client';
import { buildApp, type App } from '../../api/app';
import { defaultCalendarProvider } from '../../temporal-config/calendars';
import { testAuthSettings } from './auth';
import { migratedDatabase, type DatabaseKind, type TestDatabase } from './databases';

export interface ReadOnlyApp {
  app: App;
  database: TestDatabase;
  /** `app.inject` a GET and return its status and JSON body. */
  get(url: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/**
 * The API on a fresh migrated database (PGlite unless asked otherwise), for routes that answer from the read model or
 * the calendar alone: its Temporal connection is lazy and never used, so no server is needed.
 */
export async function startReadOnlyApp(
  seed?: (database: TestDatabase) => Promise<unknown>,
  kind: DatabaseKind = 'pglite',
): Promise<ReadOnlyApp> {
  const database = await migratedDatabase(kind);
  await seed?.(database);
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const calendars = defaultCalendarProvider();
  const app = await buildApp({ temporal, database, calendars, taskQueue: 'unused', decisionTimeoutMs: 1000, auth: await testAuthSettings() });
  return {
    app,
    database,
    async get(url) {
      const response = await app.inject(url);
      return { status: response.statusCode, body: response.json() };
    },
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}
