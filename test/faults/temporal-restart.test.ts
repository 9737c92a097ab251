import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../temporal-config/dev-server';
import {
  postgresFromUrl,
  serverPortsFree,
  startTemporalServer,
  type TemporalDatabases,
} from '../../temporal-config/production/server';
import type { DossierView } from '../../workflows/dossier/inputs';
import * as m from '../../workflows/dossier/messages';
import { callers } from '../support/auth';
import { freePort } from '../../temporal-config/free-port';
import { TEST_NAMESPACE } from '../support/global-setup';
import { apiAt } from '../support/http';
import {
  faultsDatabase,
  pool,
  scratchDir,
  startApiProcess,
  startWorkerProcess,
  writeWorkflowBundle,
  type ApiService,
  type FaultsDatabase,
  type Service,
} from './support';

// The Temporal server restarted (stopped, then started on the same storage and port) while dossiers move through
// the API: the SQLite dev server with its file, and, with MOTCUA_PRODUCTION_SERVER=1, the PostgreSQL-backed server
// built from go.temporal.io/server (temporal-config/production). Worker and API are child processes that must
// reconnect by themselves; the client retries what the API answered 503 with the same Idempotency-Key.
const DOSSIERS = 20;
const LANES = 10;
const EXPECTED_EVENTS = ['RECEIVED', 'ACCEPTED', 'TRANSFERRED', 'STEP_STARTED', 'STEP_HANDED_OVER', 'RESULT_READY'];

interface RestartableServer {
  address: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

/** The dev server on a SQLite file, restarted on the same file and port. */
async function devServerOnFile(dir: string): Promise<RestartableServer> {
  const options = { port: await freePort(), uiPort: null, dbFile: join(dir, 'temporal.sqlite'), namespace: TEST_NAMESPACE };
  let server = await startDevServer(options);
  return {
    address: server.address,
    start: async () => void (server = await startDevServer(options)),
    stop: () => server.stop(),
    dispose: () => server.stop(),
  };
}

/** The PostgreSQL-backed server on databases of its own, restarted on the same databases and ports. */
async function productionServer(adminUrl: string): Promise<RestartableServer> {
  const pg = postgresFromUrl(adminUrl);
  const run = randomBytes(4).toString('hex');
  const databases: TemporalDatabases = { persistence: `faults_${run}_temporal`, visibility: `faults_${run}_temporal_visibility` };
  let frontendPort = 0;
  for (let attempt = 0; attempt < 50 && !frontendPort; attempt++) {
    const port = 21_000 + Math.floor(Math.random() * 8_000);
    if (await serverPortsFree(port)) frontendPort = port;
  }
  if (!frontendPort) throw new Error('no free block of ports for the Temporal server');
  const options = { postgres: pg, databases, frontendPort, namespace: TEST_NAMESPACE };
  let server = await startTemporalServer(options);
  return {
    address: server.address,
    start: async () => void (server = await startTemporalServer(options)),
    stop: () => server.stop(),
    async dispose() {
      await server.stop();
      const admin = postgres({ ...pg, database: 'postgres', max: 1, onnotice: () => {} });
      for (const name of [databases.persistence, databases.visibility]) await admin`drop database if exists ${admin(name)} with (force)`;
      await admin.end();
    },
  };
}

const kinds: { name: string; start: (dir: string) => Promise<RestartableServer> }[] = [
  { name: 'the dev server on its SQLite file', start: devServerOnFile },
  ...(process.env.MOTCUA_PRODUCTION_SERVER === '1'
    ? [{ name: 'the PostgreSQL-backed server', start: () => productionServer(process.env.DATABASE_URL!) }]
    : []),
];

const enabled = Boolean(process.env.DATABASE_URL);
const suite = enabled ? describe : describe.skip;

suite.each(kinds)('$name restarted with dossiers in flight', ({ start }) => {
  const scratch = scratchDir('faults-temporal');
  const services: Service[] = [];
  let server: RestartableServer | undefined;
  let database: FaultsDatabase | undefined;
  afterAll(async () => {
    for (const service of services) await service.kill();
    await server?.dispose();
    await database?.dispose();
    scratch.dispose();
  });

  it('loses nothing: every dossier completes, worker and API reconnect by themselves', async () => {
    server = await start(scratch.path);
    database = await faultsDatabase(process.env.DATABASE_URL!);
    const env = {
      temporalAddress: server.address,
      taskQueue: `faults-temporal-${randomUUID()}`,
      databaseUrl: database.url,
      dataDir: scratch.path,
      workflowBundlePath: await writeWorkflowBundle(scratch.path),
    };
    const [worker, api] = await Promise.all([startWorkerProcess(env), startApiProcess(env)]);
    services.push(worker, api);

    const statuses = new Map<number, number>();
    const seen = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const staff = apiAt(api.url, callers.officer);
    /** A client that retries a 503 or a refused connection with the same Idempotency-Key, as the API asks. */
    const post = async (path: string, body: unknown, key: string): Promise<DossierView> => {
      for (let attempt = 0; ; attempt++) {
        const answer = await staff.post(path, body, key).catch(() => undefined);
        if (answer) seen(answer.status);
        if (answer && answer.status !== 503) {
          expect(answer.status, `${path}: ${await answer.clone().text()}`).toBeLessThan(300);
          return (await answer.json()) as DossierView;
        }
        if (attempt > 600) throw new Error(`${path}: no answer after ${attempt} attempts`);
        await sleep(200);
      }
    };

    let completed = 0;
    let restart: Promise<void> | undefined;
    let downMs = 0;
    const began = Date.now();
    const walk = async (i: number) => {
      const key = `faults-temporal-${randomUUID()}`;
      const applicant = { kind: 'citizen', fullName: `Công dân ${i}`, identifier: '079199001122' };
      const { id } = await post('/v1/dossiers', { procedureCode: '1.004222', unitCode: '000.00.01.H56', applicant }, key);
      await post(`/v1/dossiers/${id}/accept`, {}, `${key}-accept`);
      await post(`/v1/dossiers/${id}/transfer`, {}, `${key}-transfer`);
      await post(`/v1/dossiers/${id}/hand-over`, { stepId: 'handling', outcome: 'COMPLETED' }, `${key}-hand-over`);
      const ready = await post(`/v1/dossiers/${id}/approve`, { results: ['Xác nhận thường trú'] }, `${key}-approve`);
      if (++completed === DOSSIERS / 4) {
        const stoppedAt = Date.now();
        restart = server!.stop().then(async () => {
          await sleep(2000);
          await server!.start();
          downMs = Date.now() - stoppedAt;
        });
      }
      return ready;
    };
    const views = await pool(Array.from({ length: DOSSIERS }, (_, i) => i), LANES, walk);
    await restart;
    console.log(
      `[faults] Temporal server down ${downMs} ms; ${DOSSIERS} dossiers done in ${Date.now() - began} ms; API answers ${JSON.stringify(Object.fromEntries(statuses))}`,
    );

    // The API never failed with anything but 503 (retry); the worker and the API did not need a restart.
    expect([...statuses.keys()].filter((status) => status >= 500 && status !== 503)).toEqual([]);
    expect(worker.child.exitCode).toBeNull();
    expect(api.child.exitCode).toBeNull();
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
    expect(views.map((view) => view.status)).toEqual(views.map(() => 'RESULT_READY'));

    // Every event the workflows recorded is in the read model, once, in sequence; codes are all different.
    const connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection, namespace: TEST_NAMESPACE });
      for (const view of views) {
        const current = await client.workflow.getHandle(view.id).query(m.viewQuery);
        expect(current).toMatchObject({ status: 'RESULT_READY', lastSequence: EXPECTED_EVENTS.length });
        const events = await database.sql<{ sequence: number; type: string }[]>`
          select sequence, type from dossier_events where dossier_id = ${view.id} order by sequence`;
        expect(events.map((e) => e.type)).toEqual(EXPECTED_EVENTS);
        expect(events.map((e) => e.sequence)).toEqual(EXPECTED_EVENTS.map((_, i) => i + 1));
      }
    } finally {
      await connection.close();
    }
    const rows = await database.sql<{ status: string; dossier_code: string }[]>`select status, dossier_code from dossiers`;
    expect(rows).toHaveLength(DOSSIERS);
    expect(new Set(rows.map((row) => row.dossier_code)).size).toBe(DOSSIERS);
  }, 420_000);
});
