import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection, WorkflowUpdateStage, type WorkflowUpdateHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DossierView } from '../../workflows/dossier/inputs';
import * as m from '../../workflows/dossier/messages';
import { callers } from '../support/auth';
import { TEST_NAMESPACE } from '../support/global-setup';
import { apiAt } from '../support/http';
import { localActivities } from '../support/history';
import { officer } from '../workflows/harness';
import {
  eventually,
  faultsDatabase,
  privatePostgresUnavailable,
  scratchDir,
  startApiProcess,
  startPrivatePostgres,
  startWorkerProcess,
  writeWorkflowBundle,
  type ApiService,
  type FaultsDatabase,
  type PrivatePostgres,
  type Service,
} from './support';

// PostgreSQL (the read model and the outbox) stops for 30 s under a running system: a private cluster this file
// starts, so stopping it disturbs no one else. The worker and the API are Motcua's own entry points, in child processes.
const OUTAGE_MS = 30_000;
const UNIT = '000.00.01.H56';

const unavailable = privatePostgresUnavailable();
const suite = unavailable ? describe.skip : describe;

suite(`PostgreSQL stopped for ${OUTAGE_MS / 1000} s${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const scratch = scratchDir('faults-pg');
  let pg: PrivatePostgres;
  let database: FaultsDatabase;
  let connection: Connection;
  let client: Client;
  let worker: Service;
  let api: ApiService;
  beforeAll(async () => {
    pg = await startPrivatePostgres();
    database = await faultsDatabase(pg.adminUrl);
    connection = await Connection.connect({ address: inject('temporalAddress') });
    client = new Client({ connection, namespace: TEST_NAMESPACE });
    const env = {
      temporalAddress: inject('temporalAddress'),
      taskQueue: `faults-pg-${randomUUID()}`,
      databaseUrl: database.url,
      dataDir: scratch.path,
      workflowBundlePath: await writeWorkflowBundle(scratch.path),
      extra: { DECISION_TIMEOUT_MS: '5000' },
    };
    [worker, api] = await Promise.all([startWorkerProcess(env), startApiProcess(env)]);
  }, 180_000);
  afterAll(async () => {
    await api?.kill();
    await worker?.kill();
    await connection?.close();
    await pg?.start().catch(() => {});
    await database?.dispose();
    await pg?.dispose();
    scratch.dispose();
  });

  it('answers 503 while it is down, retries the activities, and catches the read model and outbox up after', async () => {
    const staff = apiAt(api.url, callers.officer);
    const submit = (key: string, name: string) =>
      staff.post('/v1/dossiers', { procedureCode: '1.004222', unitCode: UNIT, applicant: { kind: 'citizen', fullName: name, identifier: '079199001122' } }, key);
    const ok = async (response: Promise<Response>) => {
      const answer = await response;
      expect(answer.status, await answer.clone().text()).toBeLessThan(300);
      return (await answer.json()) as DossierView;
    };

    // Before: dossiers at reception, and dossiers in handling.
    const atReception = await Promise.all([1, 2, 3].map((i) => ok(submit(`pg-reception-${randomUUID()}`, `Người nộp ${i}`))));
    const inHandling: DossierView[] = [];
    for (const i of [1, 2, 3]) {
      const { id } = await ok(submit(`pg-handling-${randomUUID()}`, `Người nộp ${i + 3}`));
      await ok(staff.post(`/v1/dossiers/${id}/accept`, {}));
      inHandling.push(await ok(staff.post(`/v1/dossiers/${id}/transfer`, {})));
    }

    const stoppedAt = Date.now();
    await pg.stop();

    // The API: 503 problems (never 500) for what needs the database, naming no SQL and no address.
    const expect503 = async (response: Promise<Response>) => {
      const answer = await response;
      const body = await answer.text();
      expect(answer.status, body).toBe(503);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(body).not.toMatch(/select|insert|127\.0\.0\.1|failed query|stack/i);
      return JSON.parse(body) as { title: string; detail: string };
    };
    const someone = atReception[0]!.id;
    expect((await expect503(staff.get(`/v1/dossiers/${someone}`))).title).toBe('Service unavailable');
    await expect503(staff.get(`/v1/dossiers/${someone}/events`));
    await expect503(staff.get(`/v1/dossiers?unitCode=${UNIT}`));
    await expect503(staff.get(`/v1/units/${UNIT}/worklist`));
    await expect503(staff.post(`/v1/dossiers/${someone}/accept`, {}));
    expect((await expect503(fetch(`${api.url}/readyz`))).detail).toMatch(/database: unavailable/);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    // A submission starts its workflow, but the acknowledgment waits for the read model: 503, retry later.
    const lateKey = `pg-late-${randomUUID()}`;
    await expect503(submit(lateKey, 'Người nộp muộn'));

    // Decisions sent to the workflows meanwhile (as a client of the engine, bypassing the API's database checks): each
    // is taken, and its activities (dossier code, projection, notice) fail and are retried until PostgreSQL is back.
    // Sent together: an Update is accepted when its workflow task completes, and that task is held open while its
    // local activity retries (the worker heartbeats it every few seconds), so one after another they would take longer
    // than the outage.
    const pending: WorkflowUpdateHandle<DossierView>[] = await Promise.all([
      ...atReception.map((dossier) =>
        client.workflow.getHandle(dossier.id).startUpdate(m.acceptUpdate, { args: [{ actor: officer }], waitForStage: WorkflowUpdateStage.ACCEPTED }),
      ),
      ...inHandling.map((dossier) => {
        const newAppointmentAt = new Date(Date.parse(dossier.dueAt!) + 7 * 86_400_000).toISOString();
        const apology = { actor: officer, reason: 'Cần xác minh thêm', newAppointmentAt };
        return client.workflow.getHandle(dossier.id).startUpdate(m.apologiseUpdate, { args: [apology], waitForStage: WorkflowUpdateStage.ACCEPTED });
      }),
    ]);
    // The dossier's activities run in the worker (local activities): while PostgreSQL is down, the worker retries them
    // and keeps the workflow task alive; the server schedules nothing meanwhile.
    await sleep(5_000);
    const { events: during } = await client.workflow.getHandle(atReception[0]!.id).fetchHistory();
    expect(localActivities(during!).map((a) => a.activityType)).not.toContain('allocateDossierCode');

    await sleep(Math.max(0, stoppedAt + OUTAGE_MS - Date.now()));
    await pg.start();
    const restartedAt = Date.now();

    // After: every decision taken meanwhile completes, and the read model has every event of every dossier.
    const outcomes = await Promise.all(pending.map((handle) => handle.result()));
    expect(outcomes.slice(0, 3).map((view) => view.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    expect(outcomes.slice(3).map((view) => view.appointmentAt)).toEqual(inHandling.map((d) => new Date(Date.parse(d.dueAt!) + 7 * 86_400_000).toISOString()));
    const late = await ok(submit(lateKey, 'Người nộp muộn'));
    // Each acceptance's dossier code was retried through the outage (attempts are recorded on the marker).
    for (const dossier of atReception) {
      const { events } = await client.workflow.getHandle(dossier.id).fetchHistory();
      const code = localActivities(events!).find((a) => a.activityType === 'allocateDossierCode');
      expect(code?.attempt, dossier.id).toBeGreaterThanOrEqual(3);
    }
    const caughtUpMs = Date.now() - restartedAt;
    console.log(`[faults] PostgreSQL down ${restartedAt - stoppedAt} ms; decisions taken meanwhile done ${caughtUpMs} ms after it was back`);

    const ids = [...atReception, ...inHandling, late].map((dossier) => dossier.id);
    for (const id of ids) {
      const view = await client.workflow.getHandle(id).query(m.viewQuery);
      const events = await database.sql<{ sequence: number }[]>`select sequence from dossier_events where dossier_id = ${id} order by sequence`;
      expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: view.lastSequence }, (_, i) => i + 1));
      const [row] = await database.sql<{ status: string; last_sequence: number }[]>`select status, last_sequence from dossiers where id = ${id}`;
      expect(row).toEqual({ status: view.status, last_sequence: view.lastSequence });
    }
    const codes = await database.sql<{ code: string }[]>`select code from dossier_codes`;
    expect(new Set(codes.map((c) => c.code)).size).toBe(6);
    const notices = await database.sql<{ dossier_id: string; kind: string }[]>`select dossier_id, kind from notifications order by dossier_id`;
    expect(notices).toEqual(inHandling.map((d) => ({ dossier_id: d.id, kind: 'APOLOGY' })).sort((a, b) => a.dossier_id.localeCompare(b.dossier_id)));

    // And the API reads again.
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
    expect(await ok(staff.get(`/v1/dossiers/${someone}`))).toMatchObject({ status: 'ACCEPTED' });
  }, 300_000);
});
