import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';

const options = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
} as const;

/** Scheduled through the server: each call is an activity task (scheduled, started, completed) and a new workflow task. */
const scheduled = wf.proxyActivities<Activities>(options);

/**
 * Run by the worker inside the workflow task that calls them, recorded as a marker: no server round trip. The dossier's
 * activities are short, idempotent and keyed by the dossier (a read-model row per event, a code per dossier, a
 * calendar computation), so re-running one after a worker crash is harmless — the property local activities need.
 */
const local = wf.proxyLocalActivities<Activities>(options);

/**
 * Dossiers started before this patch keep scheduling their activities through the server, as their histories say;
 * dossiers started after it run them locally. Decided once per dossier, at its start (see `activityMode`).
 */
export const LOCAL_ACTIVITIES_PATCH = 'dossier-local-activities';

export type ActivityMode = 'scheduled' | 'local';

/** The mode of a dossier's activities: asked once, first thing in the workflow, and kept in its state. */
export function activityMode(): ActivityMode {
  return wf.patched(LOCAL_ACTIVITIES_PATCH) ? 'local' : 'scheduled';
}

/** The dossier's activities, in the mode its workflow started with. */
export function activities(state: { activityMode: ActivityMode }): Activities {
  return state.activityMode === 'local' ? local : scheduled;
}
