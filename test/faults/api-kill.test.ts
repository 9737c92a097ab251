import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dossierWorkflowId } from '../../api/routes/dossiers/ids';
import type { DossierView } from '../../workflows/dossier/inputs';
import { callers } from '../support/auth';
import { freePort } from '../../temporal-config/free-port';
import { TEST_NAMESPACE } from '../support/global-setup';
import { apiAt } from '../support/http';
import {
  eventually,
  faultsDatabase,
  scratchDir,
  startApiProcess,
  startWorkerProcess,
  writeWorkflowBundle,
  type ApiService,
  type FaultsDatabase,
  type Service,
  type ServiceEnv,
} from './support';

// The API process killed (kill -9) after it started a dossier's workflow and before it answered. The client retries
// the submission with the same Idempotency-Key: one dossier (one workflow execution, one read-model row) and its
// acknowledgment. The API is Motcua's own entry point (api/server.ts) in a child process, on PostgreSQL.
const enabled = Boolean(process.env.DATABASE_URL);
const suite = enabled ? describe : describe.skip;

const submission = (fullName: string) => ({
  procedureCode: '1.004222',
  unitCode: '000.00.01.H56',
  applicant: { kind: 'citizen', fullName, identifier: '079199001122' },
});

suite('the API killed between starting a workflow and answering', () => {
  const scratch = scratchDir('faults-api');
  let database: FaultsDatabase;
  let connection: Connection;
  let client: Client;
  let env: ServiceEnv;
  let port: number;
  const services: Service[] = [];
  let worker: Service | undefined;
  beforeAll(async () => {
    database = await faultsDatabase(process.env.DATABASE_URL!);
    connection = await Connection.connect({ address: inject('temporalAddress') });
    client = new Client({ connection, namespace: TEST_NAMESPACE });
    env = {
      temporalAddress: inject('temporalAddress'),
      taskQueue: `faults-api-${randomUUID()}`,
      databaseUrl: database.url,
      dataDir: scratch.path,
      workflowBundlePath: await writeWorkflowBundle(scratch.path),
      extra: { DECISION_TIMEOUT_MS: '30000' },
    };
    port = await freePort();
  }, 120_000);
  afterAll(async () => {
    for (const service of services) await service.kill();
    await connection?.close();
    await database?.dispose();
    scratch.dispose();
  });

  const startApi = async () => {
    const api = await startApiProcess(env, port);
    services.push(api);
    return api;
  };
  const startWorker = async () => {
    worker = await startWorkerProcess(env);
    services.push(worker);
  };

  /** Posts the submission and kill -9s the API as soon as the dossier's workflow exists in Temporal. */
  async function killAfterStart(api: ApiService, key: string): Promise<{ answered: number | null }> {
    const id = dossierWorkflowId(key);
    const request = apiAt(api.url, callers.officer).post('/v1/dossiers', submission('Hoàng Văn Nam'), key);
    const settled = request.then(
      (response) => response.status,
      () => null,
    );
    await eventually(
      'the workflow started',
      async () => {
        try {
          return await client.workflow.getHandle(id).describe();
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) return undefined;
          throw error;
        }
      },
      30_000,
      5,
    );
    await api.kill();
    return { answered: await settled };
  }

  /** The client's retry: same request, same key, until the API is back and answers. */
  async function retrySubmission(url: string, key: string): Promise<DossierView> {
    const response = await eventually(
      'the retried submission answered',
      async () => {
        const answer = await apiAt(url, callers.officer).post('/v1/dossiers', submission('Hoàng Văn Nam'), key);
        return answer.status === 503 ? undefined : answer;
      },
      60_000,
      500,
    );
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as DossierView;
  }

  /** One workflow execution with this ID (open or closed), one read-model row, one acknowledgment event. */
  async function expectOneDossier(id: string) {
    const executions = await eventually(
      'the execution listed',
      async () => {
        const found: string[] = [];
        for await (const execution of client.workflow.list({ query: `WorkflowId = '${id}'` })) found.push(execution.runId);
        return found.length > 0 ? found : undefined;
      },
      15_000,
    );
    expect(executions).toHaveLength(1);
    const rows = await database.sql<{ n: number }[]>`select count(*)::int as n from dossiers where id = ${id}`;
    expect(rows[0]!.n).toBe(1);
    const events = await database.sql<{ type: string }[]>`select type from dossier_events where dossier_id = ${id} order by sequence`;
    expect(events.map((e) => e.type)).toEqual(['RECEIVED']);
  }

  it('with the workflow started and no worker yet to acknowledge it: the retry gets the one dossier', async () => {
    // No worker polls the task queue yet, so the API cannot have answered when it dies: deterministic.
    const key = `api-kill-${randomUUID()}`;
    const id = dossierWorkflowId(key);
    const { answered } = await killAfterStart(await startApi(), key);
    expect(answered).toBeNull();
    expect((await client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');

    await startWorker();
    const api = await startApi();
    const acknowledged = await retrySubmission(api.url, key);
    expect(acknowledged).toMatchObject({ id, status: 'AWAITING_RECEPTION_CHECK', officialReceiptAt: expect.any(String), lastSequence: 1 });
    // Any later retry is answered alike.
    expect(await retrySubmission(api.url, key)).toEqual(acknowledged);
    await expectOneDossier(id);
    await api.kill();
  }, 180_000);

  it('with the worker running, killed at whatever point the acknowledgment has reached', async () => {
    // Each round kills the API as soon as its workflow exists: before or after the acknowledgment, as it falls.
    if (!worker) await startWorker();
    const answers: (number | null)[] = [];
    for (let round = 0; round < 2; round++) {
      const key = `api-kill-${randomUUID()}`;
      const { answered } = await killAfterStart(await startApi(), key);
      answers.push(answered);
      expect([null, 201]).toContain(answered);
      const api = await startApi();
      const acknowledged = await retrySubmission(api.url, key);
      expect(acknowledged).toMatchObject({ id: dossierWorkflowId(key), status: 'AWAITING_RECEPTION_CHECK', lastSequence: 1 });
      await expectOneDossier(acknowledged.id);
      await api.kill();
      await sleep(100);
    }
    console.log(`[faults] API killed after the workflow started: answers before the kill ${JSON.stringify(answers)} (null = none)`);
  }, 240_000);
});
