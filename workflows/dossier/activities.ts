import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';

/** The activities the dossier workflow calls, imported as types only (they run in the worker, not the sandbox). */
export const acts = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
