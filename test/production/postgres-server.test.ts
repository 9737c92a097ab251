import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  postgresFromUrl,
  serverPortsFree,
  startTemporalServer,
  type PostgresServer,
  type TemporalDatabases,
  type TemporalServer,
} from '../../temporal-config/production/server';
import { dossierWorkflowId } from '../../api/routes/dossiers/ids';
import { TEST_NAMESPACE } from '../support/global-setup';
import { startTestSystem, type TestSystem } from '../support/system';
import { callers } from '../support/auth';
import { apiAt } from '../support/http';

// The production shape for real: the Temporal server built from go.temporal.io/server (provision.sh server) on
// PostgreSQL, its schemas set up by temporal-sql-tool, the namespace and search attributes registered by
// temporal-config/production, and Motcua's worker and API on PostgreSQL too. It builds the server on a first run
// (minutes), so it runs only when asked: MOTCUA_PRODUCTION_SERVER=1 with DATABASE_URL naming the PostgreSQL server.
const enabled = process.env.MOTCUA_PRODUCTION_SERVER === '1';
const title = 'Motcua on the PostgreSQL-backed Temporal server';
const suite = enabled ? describe : describe.skip;

suite(enabled ? title : `${title} (skipped: set MOTCUA_PRODUCTION_SERVER=1 and DATABASE_URL to run it)`, () => {
  let pg: PostgresServer;
  let databases: TemporalDatabases;
  let server: TemporalServer;
  let system: TestSystem;
  beforeAll(async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('MOTCUA_PRODUCTION_SERVER=1 needs DATABASE_URL (the PostgreSQL server to use)');
    pg = postgresFromUrl(url);
    // Databases of this run only, under the prefix a shared PostgreSQL server leaves to this suite.
    const run = randomBytes(4).toString('hex');
    databases = { persistence: `prod_${run}_temporal`, visibility: `prod_${run}_temporal_visibility` };
    const frontendPort = await freeFrontendPort();
    server = await startTemporalServer({ postgres: pg, databases, frontendPort, namespace: TEST_NAMESPACE });
    system = await startTestSystem('postgres', { temporalAddress: server.address, databasePrefix: 'prod_motcua' });
  }, 600_000);
  afterAll(async () => {
    await system?.close();
    await server?.stop();
    if (databases) await dropDatabases(pg, databases);
  });

  /** Submissions come from the national portal (an integrator); decisions from an officer of the unit. */
  const post = async (path: string, body: unknown, idempotencyKey = `prod-${randomUUID()}`) => {
    const caller = path === '/v1/dossiers' ? callers.integrator : callers.officer;
    const response = await apiAt(system.url, caller).post(path, body, idempotencyKey);
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('takes a dossier from submission to its returned result over HTTP', async () => {
    const submissionKey = `prod-${randomUUID()}`;
    const submitted = await post('/v1/dossiers', submission('Lê Văn Tâm', '079199004455'), submissionKey);
    expect(submitted.status).toBe(201);
    const id = submitted.body.id as string;
    const officer = {};
    const accepted = await post(`/v1/dossiers/${id}/accept`, officer);
    expect(accepted.body).toMatchObject({ status: 'ACCEPTED', dossierCode: expect.any(String) });
    expect((await post(`/v1/dossiers/${id}/transfer`, officer)).body.status).toBe('IN_HANDLING');
    await post(`/v1/dossiers/${id}/hand-over`, { ...officer, stepId: 'handling', outcome: 'COMPLETED' });
    const ready = await post(`/v1/dossiers/${id}/approve`, { ...officer, results: ['Xác nhận thường trú'] });
    expect(ready.body).toMatchObject({ status: 'RESULT_READY', dossierCode: accepted.body.dossierCode });
    const returned = await post(`/v1/dossiers/${id}/return-result`, { ...officer, channel: 'counter' });
    expect(returned.body.status).toBe('RESULT_RETURNED');

    const trail = await apiAt(system.url, callers.officer).get(`/v1/dossiers/${id}/events`);
    const events = (await trail.json()) as { type: string; sequence: number }[];
    expect(events.map((event) => event.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((event) => event.type)).toEqual([
      'RECEIVED', 'ACCEPTED', 'TRANSFERRED', 'STEP_STARTED', 'STEP_HANDED_OVER', 'RESULT_READY', 'RESULT_RETURNED',
    ]);

    // SQL advanced visibility on PostgreSQL, through the registered search attributes (eventually consistent).
    const workflowId = dossierWorkflowId(submissionKey);
    const query = `WorkflowId = '${workflowId}' AND DossierStatus = 'RESULT_RETURNED' AND UnitCode = '000.00.01.H56'`;
    expect(await waitForListed(query)).toEqual([workflowId]);
  });

  it('answers a retried submission with the same dossier', async () => {
    const key = `prod-${randomUUID()}`;
    const body = submission('Phạm Thu Hà', '079199006677');
    const first = await post('/v1/dossiers', body, key);
    const again = await post('/v1/dossiers', body, key);
    expect(again.body.id).toBe(first.body.id);
    expect(await waitForListed(`WorkflowId = '${dossierWorkflowId(key)}'`)).toHaveLength(1);
  });

  async function waitForListed(query: string, timeoutMs = 15_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ids: string[] = [];
      for await (const execution of system.temporal.workflow.list({ query })) ids.push(execution.workflowId);
      if (ids.length > 0 || Date.now() > deadline) return ids;
      await sleep(200);
    }
  }
});

/** A permanent residence registration (1.004222) as the API takes it. */
function submission(fullName: string, identifier: string) {
  return { procedureCode: '1.004222', unitCode: '000.00.01.H56', applicant: { kind: 'citizen', fullName, identifier } };
}

/** A frontend port whose whole block of server ports is free (the run's dev server and other suites use others). */
async function freeFrontendPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 21_000 + Math.floor(Math.random() * 8_000);
    if (await serverPortsFree(port)) return port;
  }
  throw new Error('no free block of ports for the Temporal server');
}

async function dropDatabases(pg: PostgresServer, databases: TemporalDatabases): Promise<void> {
  const admin = postgres({ ...pg, database: 'postgres', max: 1, onnotice: () => {} });
  try {
    for (const name of [databases.persistence, databases.visibility]) {
      await admin`drop database if exists ${admin(name)} with (force)`;
    }
  } finally {
    await admin.end();
  }
}
