import type { UpdateDefinition } from '@temporalio/common';
import * as wf from '@temporalio/workflow';

// The benchmarks' baseline: the least a workflow can do with the dossier's messages. The same Update names and the
// same order of states as the dossier workflow, each Update validated against the state and answered with a small
// view; no activities, no search attributes, no read model. Bench-only: registered on its own task queue by
// bench/bare-worker.ts, never by Motcua's worker.

export interface BareView {
  id: string;
  status: string;
  sequence: number;
}

export interface BareDecision {
  actor: { id: string; role: string };
  [field: string]: unknown;
}

/** Like the dossier's acknowledgment: answered at once (the dossier waits for its receipt activity and projection). */
export const bareAcknowledgment = wf.defineUpdate<BareView>('acknowledgment');

/** Each decision of the lifecycle, with the status it requires and the status it leads to. */
export const BARE_DECISIONS = {
  accept: { from: ['AWAITING_RECEPTION_CHECK'], to: 'ACCEPTED' },
  transfer: { from: ['ACCEPTED'], to: 'IN_HANDLING' },
  handOverStep: { from: ['IN_HANDLING'], to: 'IN_HANDLING' },
  assessFee: { from: ['ACCEPTED', 'IN_HANDLING', 'RESULT_READY'], to: null },
  approve: { from: ['IN_HANDLING'], to: 'RESULT_READY' },
  returnResult: { from: ['RESULT_READY'], to: 'RESULT_RETURNED' },
  recomputeDeadline: { from: ['ACCEPTED', 'IN_HANDLING', 'RESULT_READY'], to: null },
} as const;

export type BareDecisionName = keyof typeof BARE_DECISIONS;

export const bareUpdates = Object.fromEntries(
  Object.keys(BARE_DECISIONS).map((name) => [name, wf.defineUpdate<BareView, [BareDecision]>(name)]),
) as Record<BareDecisionName, UpdateDefinition<BareView, [BareDecision]>>;

/** Seven days: a timer of the same kind as the dossier's deadlines, far enough never to fire during a run. */
const AT_REST = 7 * 24 * 3_600_000;

export async function bareWorkflow(): Promise<BareView> {
  const state: BareView = { id: wf.workflowInfo().workflowId, status: 'AWAITING_RECEPTION_CHECK', sequence: 1 };
  wf.setHandler(bareAcknowledgment, () => ({ ...state }));
  for (const [name, rule] of Object.entries(BARE_DECISIONS)) {
    wf.setHandler(
      bareUpdates[name as BareDecisionName],
      () => {
        state.sequence += 1;
        if (rule.to) state.status = rule.to;
        return { ...state };
      },
      {
        validator: (input) => {
          if (!input?.actor?.id) throw new Error('actor required');
          if (!(rule.from as readonly string[]).includes(state.status)) {
            throw wf.ApplicationFailure.create({ type: 'WrongState', message: `${state.status} cannot take ${name}`, nonRetryable: true });
          }
        },
      },
    );
  }
  await wf.condition(() => state.status === 'RESULT_RETURNED', AT_REST);
  await wf.condition(wf.allHandlersFinished);
  return state;
}
