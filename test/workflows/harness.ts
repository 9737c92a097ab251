import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { asc, eq } from 'drizzle-orm';
import { createActivities } from '../../activities';
import { createDossierReadModel } from '../../db/repositories/dossier-read-model';
import { notifications, type DossierEventRow, type NotificationRow } from '../../db/schema';
import { procedureSnapshot } from '../../db/seed/procedure-snapshots';
import type { WorkingCalendar } from '../../calendars';
import { defaultCalendarProvider } from '../../temporal-config/calendars';
import type { dossierWorkflow } from '../../workflows/dossier/dossier-workflow';
import type { Actor } from '../../workflows/dossier/decision-inputs';
import type { DossierStartInput, DossierView } from '../../workflows/dossier/inputs';
import { acceptUpdate, acknowledgmentUpdate, transferUpdate, viewQuery } from '../../workflows/dossier/messages';
import { migratedDatabase, type TestDatabase } from '../support/databases';
import { sharedBundle } from '../support/system';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { addDays, localDateOf } from './dates';

export const officer: Actor = { id: 'officer-1', role: 'officer' };
export const leader: Actor = { id: 'leader-1', role: 'leader' };
export const applicant: Actor = { id: 'applicant-1', role: 'applicant' };
export const paymentPlatform: Actor = { id: 'payment-platform', role: 'integrator' };

export type DossierHandle = WorkflowHandle<typeof dossierWorkflow>;

/**
 * One time-skipping Temporal server, database and worker for a scenario file. Each test finds the days it needs from
 * `searchFrom()` on (test/workflows/dates.ts) and moves the server's clock forward to them (`travelTo`), so a test
 * never names a date that today's clock may already have passed.
 */
export interface Scenario {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  worker: Worker;
  taskQueue: string;
  /** The working calendar of the seed units (000.00.01.H56, 000.00.07.H56: default office hours). */
  calendar: WorkingCalendar;
  /** The local date after the test server's current one: where a test starts its search for the days it needs. */
  searchFrom(): Promise<string>;
  /** Moves the test server's clock to a local time in Vietnam, e.g. `2026-12-04T16:00`. */
  travelTo(localDateTime: string): Promise<void>;
  /** Submits a seed procedure's dossier now (server time) and waits for the acknowledgment. */
  submit(procedureCode: string, unitCode?: string): Promise<DossierHandle>;
  /** Submits, accepts and transfers a dossier: its first stage of steps is in progress. */
  transferred(procedureCode: string): Promise<DossierHandle>;
  events(handle: DossierHandle): Promise<string[]>;
  /** The dossier's events in the read model with their payloads and actors, in order. */
  trail(handle: DossierHandle): Promise<TrailEvent[]>;
  /** The notices the dossier put in the outbox, in order. */
  notices(handle: DossierHandle): Promise<NotificationRow[]>;
  /**
   * Polls the view until `ready` holds and the read model has every event the view counts (after a Signal, which has
   * no answer to wait for); throws after ~5 s.
   */
  viewWhen(handle: DossierHandle, ready: (view: DossierView) => boolean): Promise<DossierView>;
  /** The workflow's status once it stops running (without `result()`, which would let the server skip time). */
  completion(handle: DossierHandle): Promise<string>;
  close(): Promise<void>;
}

/** An event row as the read model keeps it; payloads are JSON objects. */
export type TrailEvent = Omit<DossierEventRow, 'payload'> & { payload: Record<string, unknown> };

const SETTLE_MS = 300;

export const vn = (local: string) => new Date(`${local}:00+07:00`).toISOString();

export async function startScenario(): Promise<Scenario> {
  const [env, database] = await Promise.all([createTimeSkippingEnv(), migratedDatabase('pglite')]);
  const calendars = defaultCalendarProvider();
  const taskQueue = `scenario-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await sharedBundle(),
    activities: createActivities({ db: database.db, calendars }),
  });
  const running = worker.run();
  const readModel = createDossierReadModel(database.db);
  let arrivedAt: string | undefined;
  const scenario: Scenario = {
    env,
    database,
    worker,
    taskQueue,
    calendar: calendars('000.00.01.H56'),
    async searchFrom() {
      return addDays(localDateOf(await env.currentTimeMs()), 1);
    },
    async travelTo(localDateTime) {
      const gap = Date.parse(vn(localDateTime)) - (await env.currentTimeMs());
      if (gap < 0) throw new Error(`${localDateTime} is in the test server's past: order the tests by date`);
      await env.sleep(gap);
      arrivedAt = vn(localDateTime);
      // Let the timers that fired on the way finish their workflow tasks before the test sends anything: the
      // time-skipping server strands a run whose task cancels a timer that fired meanwhile (temporalio/sdk-java#3088).
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    },
    async submit(procedureCode, unitCode = '000.00.01.H56') {
      const input: DossierStartInput = {
        procedureCode,
        unitCode,
        channel: 'online',
        applicant: { kind: 'citizen', fullName: 'Đặng Văn Giang', identifier: '001099004455' },
        procedure: procedureSnapshot(procedureCode)!,
        // The moment travelled to (the server's clock has run on by a few milliseconds since).
        submittedAt: arrivedAt ?? new Date(await env.currentTimeMs()).toISOString(),
        requestDigest: 'd'.repeat(64),
      };
      const handle = await env.client.workflow.start<typeof dossierWorkflow>('dossierWorkflow', {
        taskQueue,
        workflowId: `dossier-${randomUUID().replace(/-/g, '')}`,
        args: [input],
      });
      await handle.executeUpdate(acknowledgmentUpdate);
      return handle;
    },
    async transferred(procedureCode) {
      const handle = await scenario.submit(procedureCode);
      await handle.executeUpdate(acceptUpdate, { args: [{ actor: officer }] });
      await handle.executeUpdate(transferUpdate, { args: [{ actor: officer }] });
      return handle;
    },
    async events(handle) {
      return (await readModel.listEvents(handle.workflowId)).map((event) => event.type);
    },
    async trail(handle) {
      return (await readModel.listEvents(handle.workflowId)) as TrailEvent[];
    },
    async notices(handle) {
      const { db } = database;
      return db.select().from(notifications).where(eq(notifications.dossierId, handle.workflowId)).orderBy(asc(notifications.id));
    },
    async viewWhen(handle, ready) {
      for (let attempt = 0; attempt < 100; attempt++) {
        const view = await handle.query(viewQuery);
        if (ready(view) && (await readModel.listEvents(handle.workflowId)).length >= view.lastSequence) return view;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the view of ${handle.workflowId} never reached the expected state`);
    },
    async completion(handle) {
      for (let attempt = 0; attempt < 100; attempt++) {
        const { status } = await handle.describe();
        if (status.name !== 'RUNNING') return status.name;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return 'RUNNING';
    },
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
      await database.dispose();
    },
  };
  return scenario;
}
