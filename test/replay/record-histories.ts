// Records the histories the replay test checks, from the workflow code as it is now:
//   node --import tsx test/replay/record-histories.ts <version>
// Run it when a workflow change ships (with patched() where running dossiers need it), and commit the new files
// next to the old ones: the old histories keep proving that dossiers started under earlier code still replay.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { defaultCalendarProvider } from '../../temporal-config/calendars';
import { bundleWorkflows } from '../../temporal-config/worker';
import { acceptUpdate, acknowledgmentUpdate } from '../../workflows/dossier/messages';
import { migratedDatabase } from '../support/databases';
import { residenceRegistrationInput } from '../support/fixtures';
import { createTimeSkippingEnv } from '../support/time-skipping';

const version = process.argv[2];
if (!version || !/^v\d+$/.test(version)) {
  console.error('usage: record-histories.ts v<N>');
  process.exit(2);
}

const env = await createTimeSkippingEnv();
const database = await migratedDatabase('pglite');
const taskQueue = 'record-histories';
const worker = await Worker.create({
  connection: env.nativeConnection,
  taskQueue,
  workflowBundle: await bundleWorkflows(),
  activities: createActivities({ db: database.db, calendars: defaultCalendarProvider() }),
});

const scenarios: Record<string, (handle: WorkflowHandle) => Promise<void>> = {
  // Received, then accepted within the 8 working hours.
  accepted: async (handle) => {
    await handle.executeUpdate(acknowledgmentUpdate);
    await handle.executeUpdate(acceptUpdate, { args: [{ actor: { id: 'officer-1', role: 'officer' }, note: 'complete' }] });
  },
  // Nobody checked within 8 working hours (flagged), accepted later.
  'reception-overdue': async (handle) => {
    await handle.executeUpdate(acknowledgmentUpdate);
    await env.sleep('30 days');
    await handle.executeUpdate(acceptUpdate, { args: [{ actor: { id: 'officer-2', role: 'officer' } }] });
  },
};

await worker.runUntil(async () => {
  for (const [name, run] of Object.entries(scenarios)) {
    const handle = await env.client.workflow.start('dossierWorkflow', {
      taskQueue,
      workflowId: `dossier-${randomUUID().replace(/-/g, '')}`,
      args: [residenceRegistrationInput(new Date(await env.currentTimeMs()).toISOString(), 'Phạm Thị Dung')],
    });
    await run(handle);
    const file = new URL(`../histories/dossier-${name}-${version}.json`, import.meta.url).pathname;
    writeFileSync(file, historyToJSON(await handle.fetchHistory()));
    console.log(`saved ${file}`);
  }
});
await env.teardown();
await database.dispose();
