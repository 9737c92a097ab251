import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { createDossierReadModel } from '../../db/repositories/dossier-read-model';
import { defaultCalendarProvider } from '../../temporal-config/calendars';
import { acceptUpdate, acknowledgmentUpdate, viewQuery } from '../../workflows/dossier/messages';
import { migratedDatabase, type TestDatabase } from '../support/databases';
import { residenceRegistrationInput } from '../support/fixtures';
import { sharedBundle } from '../support/system';
import { createTimeSkippingEnv } from '../support/time-skipping';

// The officer has 8 working hours from the official receipt time to check a dossier (Decree 45/2020 Art. 11).
describe('the 8-working-hour reception check', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  beforeAll(async () => {
    [env, database] = await Promise.all([createTimeSkippingEnv(), migratedDatabase('pglite')]);
  });
  afterAll(async () => {
    await env?.teardown();
    await database?.dispose();
  });

  // Submitted "now" on the test server's clock, which earlier tests moved forward.
  const input = async () => residenceRegistrationInput(new Date(await env.currentTimeMs()).toISOString());

  async function withWorker<T>(run: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await sharedBundle(),
      activities: createActivities({ db: database.db, calendars: defaultCalendarProvider() }),
    });
    return worker.runUntil(run(taskQueue));
  }

  it('flags a dossier nobody checked in time as overdue at reception and records why', async () => {
    await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start('dossierWorkflow', { taskQueue, workflowId: `dossier-${randomUUID()}`, args: [await input()] });
      const received = await handle.executeUpdate(acknowledgmentUpdate);
      expect(received.overdueAtReception).toBe(false);
      const dueAt = Date.parse(received.receptionCheckDueAt!);
      // The longest run of days off in a year (Tết) is well under 30 days, so the check falls due within them.
      await env.sleep('30 days');
      const view = await handle.query(viewQuery);
      expect(view).toMatchObject({ status: 'AWAITING_RECEPTION_CHECK', overdueAtReception: true });
      const events = await createDossierReadModel(database.db).listEvents(handle.workflowId);
      expect(events.map((event) => event.type)).toEqual(['RECEIVED', 'RECEPTION_CHECK_OVERDUE']);
      expect(events[1]!.occurredAt.getTime()).toBeGreaterThanOrEqual(dueAt);
    });
  });

  it('leaves a dossier accepted within the 8 working hours unflagged', async () => {
    await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start('dossierWorkflow', { taskQueue, workflowId: `dossier-${randomUUID()}`, args: [await input()] });
      await handle.executeUpdate(acknowledgmentUpdate);
      const accepted = await handle.executeUpdate(acceptUpdate, { args: [{ actor: { id: 'officer-1', role: 'officer' } }] });
      expect(accepted.status).toBe('ACCEPTED');
      await env.sleep('30 days');
      expect(await handle.query(viewQuery)).toMatchObject({ status: 'ACCEPTED', overdueAtReception: false });
    });
  });
});
