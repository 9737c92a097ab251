import { Client, Connection } from '@temporalio/client';
import { buildApp, type App } from '../../api/app';
import { defaultCalendarProvider } from '../../temporal-config/calendars';
import { authHeader, testAuthSettings, type Caller } from './auth';
import { migratedDatabase, type DatabaseKind, type TestDatabase } from './databases';

export interface ReadOnlyApp {
  app: App;
  database: TestDatabase;
  /** `app.inject` a GET as `caller` (anonymous with null) and return its status and JSON body. */
  get(url: string, caller: Caller | null): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/**
 * The API on a fresh migrated database (PGlite unless asked otherwise), for routes that answer from the read model or
 * the calendar alone: its Temporal connection is lazy and never used, so no server is needed.
 */
export async function startReadOnlyApp(
  seed?: (database: TestDatabase) => Promise<unknown>,
  options: { kind?: DatabaseKind; decisionTimeoutMs?: number; publicRateLimitPerMinute?: number } = {},
): Promise<ReadOnlyApp> {
  const database = await migratedDatabase(options.kind ?? 'pglite');
  await seed?.(database);
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const calendars = defaultCalendarProvider();
  const { publicRateLimitPerMinute, decisionTimeoutMs = 1000 } = options;
  const auth = await testAuthSettings(publicRateLimitPerMinute ? { publicRateLimitPerMinute } : {});
  const app = await buildApp({ temporal, database, calendars, taskQueue: 'unused', decisionTimeoutMs, auth });
  return {
    app,
    database,
    async get(url, caller) {
      const response = await app.inject({ url, headers: caller ? await authHeader(caller) : {} });
      return { status: response.statusCode, body: response.json() };
    },
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}
