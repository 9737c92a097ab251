import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../activities';
import { createDossierReadModel } from '../../db/repositories/dossier-read-model';
import { defaultCalendarProvider } from '../../temporal-config/calendars';
import type { dossierWorkflow } from '../../workflows/dossier/dossier-workflow';
import * as m from '../../workflows/dossier/messages';
import { migratedDatabase, type TestDatabase } from '../support/databases';
import { residenceRegistrationInput } from '../support/fixtures';
import { TEST_NAMESPACE } from '../support/global-setup';
import { sharedBundle } from '../support/system';
import { officer } from './harness';

// On the run's real dev server: what matters here is the server handing the dossier to a new worker.
describe('a worker stopped in the middle of handling', () => {
  let database: TestDatabase;
  let connection: Connection;
  let client: Client;
  beforeAll(async () => {
    database = await migratedDatabase('pglite');
    connection = await Connection.connect({ address: inject('temporalAddress') });
    client = new Client({ connection, namespace: TEST_NAMESPACE });
  });
  afterAll(async () => {
    await connection?.close();
    await database?.dispose();
  });

  const startWorker = async (taskQueue: string) => {
    const nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: TEST_NAMESPACE,
      taskQueue,
      workflowBundle: await sharedBundle(),
      activities: createActivities({ db: database.db, calendars: defaultCalendarProvider() }),
    });
    return { worker, running: worker.run().finally(() => nativeConnection.close()) };
  };

  it('continues where it was once a new worker starts, with decisions sent while none ran', async () => {
    const taskQueue = `restart-${randomUUID()}`;
    const first = await startWorker(taskQueue);
    const handle = await client.workflow.start<typeof dossierWorkflow>('dossierWorkflow', {
      taskQueue,
      workflowId: `dossier-${randomUUID().replace(/-/g, '')}`,
      args: [residenceRegistrationInput(new Date().toISOString())],
    });
    await handle.executeUpdate(m.acknowledgmentUpdate);
    const accepted = await handle.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }] });
    await handle.executeUpdate(m.transferUpdate, { args: [{ actor: officer }] });

    first.worker.shutdown();
    await first.running;
    // Sent while no worker runs: Temporal keeps the request until one picks the dossier up again.
    const handOver = handle.executeUpdate(m.handOverStepUpdate, { args: [{ actor: officer, stepId: 'handling', outcome: 'COMPLETED' }] });
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const second = await startWorker(taskQueue);
    try {
      expect((await handOver).steps).toEqual([expect.objectContaining({ id: 'handling', status: 'DONE' })]);
      const ready = await handle.executeUpdate(m.approveUpdate, { args: [{ actor: officer, results: ['Xác nhận'] }] });
      expect(ready).toMatchObject({ status: 'RESULT_READY', dossierCode: accepted.dossierCode, dueAt: accepted.dueAt });
      const events = await createDossierReadModel(database.db).listEvents(handle.workflowId);
      expect(events.map((event) => event.sequence)).toEqual(events.map((_, i) => i + 1));
      expect(events.map((event) => event.type)).toEqual([
        'RECEIVED', 'ACCEPTED', 'TRANSFERRED', 'STEP_STARTED', 'STEP_HANDED_OVER', 'RESULT_READY',
      ]);
    } finally {
      second.worker.shutdown();
      await second.running;
    }
  });
});
