import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';

/**
 * Delivers the outbox (docs/integrations.md): a loop of `deliverOutboxBatch`, sleeping when nothing was due.
 * One per deployment, under a fixed workflow ID; Temporal keeps it running, retries its activity when the database
 * is down and moves it to another worker when one dies. It carries no state between rounds (the rows do), so it
 * continues as new every `roundsPerRun` rounds, or sooner when the server suggests it, to keep its history short.
 */
export interface OutboxDispatcherInput {
  roundsPerRun?: number;
}

const { deliverOutboxBatch } = wf.proxyActivities<Activities>({
  // Under the claim lease (CLAIM_LEASE_MS, 90 s): a message is never claimed again while a batch may still send it.
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function outboxDispatcher(input: OutboxDispatcherInput = {}): Promise<void> {
  const rounds = input.roundsPerRun ?? 500;
  for (let round = 0; round < rounds && !wf.workflowInfo().continueAsNewSuggested; round++) {
    const outcome = await deliverOutboxBatch();
    if (outcome.claimed === 0) await wf.sleep(outcome.idleMs);
  }
  await wf.continueAsNew<typeof outboxDispatcher>(input);
}
