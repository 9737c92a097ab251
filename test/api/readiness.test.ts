import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { testAuthSettings } from '../support/auth';
import { defaultCalendarProvider } from '../../temporal-config/calendars';
import { migratedDatabase } from '../support/databases';
import { startTestDevServer } from '../support/global-setup';

describe('health and readiness', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('is ready with both parts up, then names Temporal, then the database, when each goes down', async () => {
    // A Temporal server of this test's own, so stopping it leaves the run's shared server alone.
    const server = await startTestDevServer();
    cleanup.push(() => server.stop());
    const database = await migratedDatabase('pglite');
    const connection = await Connection.connect({ address: server.address });
    cleanup.push(() => connection.close());
    const app = await buildApp({
      temporal: new Client({ connection }),
      database,
      calendars: defaultCalendarProvider(),
      taskQueue: 'unused',
      decisionTimeoutMs: 1000,
      auth: await testAuthSettings(),
    });
    cleanup.push(() => app.close());

    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { temporal: 'ok', database: 'ok' } });

    await server.stop();
    const temporalDown = await app.inject('/readyz');
    expect(temporalDown.statusCode).toBe(503);
    expect(temporalDown.json().detail).toMatch(/^temporal: /);
    expect(temporalDown.json().detail).not.toMatch(/database/);

    await database.close();
    const bothDown = await app.inject('/readyz');
    expect(bothDown.statusCode).toBe(503);
    expect(bothDown.json().detail).toMatch(/^temporal: .*; database: /);
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });
});
