import type { UpdateDefinition } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import { activityMode } from './activities';
import { runClocks } from './clocks';
import type * as d from './decision-inputs';
import * as handling from './handling';
import type { DossierStartInput, DossierView } from './inputs';
import * as m from './messages';
import * as reception from './reception';
import { record, SYSTEM } from './recorder';
import * as result from './result';
import { newDossierState, toView, type DossierState } from './state';
import { rules, validateDecision, type DecisionName, type DecisionRule } from './transitions';

/**
 * One dossier (hồ sơ) from online receipt to result return (Decree 45/2020 Art. 11; Decree 61/2018 Chapter III).
 * Orchestration only: rules live in transitions.ts, side effects in activities, timers in clocks.ts.
 */
export async function dossierWorkflow(input: DossierStartInput): Promise<DossierView> {
  const state = newDossierState(wf.workflowInfo().workflowId, input, activityMode());
  registerHandlers(state);

  await reception.acknowledge(state, input.submittedAt);
  while (state.status === 'AWAITING_RECEPTION_CHECK' || state.status === 'SUPPLEMENT_REQUESTED') {
    // A round ends when the status leaves the one it started in (a refusal may land while the check returns).
    const round = state.status;
    if (round === 'AWAITING_RECEPTION_CHECK') await reception.receptionCheck(state);
    await wf.condition(() => state.status !== round && state.pendingDecision === null);
  }
  await runClocks(state);
  await wf.condition(wf.allHandlersFinished);
  return toView(state);
}

function registerHandlers(state: DossierState): void {
  const on = decisionRegistrar(state);
  wf.setHandler(m.viewQuery, () => toView(state));
  wf.setHandler(m.deadlineQuery, () => state.deadline);
  wf.setHandler(m.acknowledgmentUpdate, async () => {
    await wf.condition(() => state.projectedThrough > 0);
    return toView(state);
  });
  on(m.acceptUpdate, 'accept', (i) => reception.accept(state, i));
  on(m.requestSupplementUpdate, 'requestSupplement', (i) => reception.requestSupplement(state, i));
  on(m.supplementUpdate, 'supplement', (i) =>
    state.status === 'PAUSED' ? handling.resume(state, i, true) : reception.resubmit(state, i),
  );
  on(m.refuseAtReceptionUpdate, 'refuseAtReception', (i) => reception.refuseAtReception(state, i));
  on(m.transferUpdate, 'transfer', (i) => handling.transfer(state, i));
  on(m.handOverStepUpdate, 'handOverStep', (i) => handling.handOverStep(state, i));
  on(m.pauseUpdate, 'pause', (i) => handling.pause(state, i));
  on(m.resumeUpdate, 'resume', (i) => handling.resume(state, i, false));
  on(m.apologiseUpdate, 'apologise', (i) => handling.apologise(state, i));
  on(m.assessFeeUpdate, 'assessFee', (i) => handling.assessFee(state, i));
  on(m.confirmPaymentUpdate, 'confirmPayment', (i) => handling.confirmPayment(state, i));
  on(m.approveUpdate, 'approve', (i) => handling.approve(state, i));
  on(m.refuseToResolveUpdate, 'refuseToResolve', (i) => handling.refuseToResolve(state, i));
  on(m.returnResultUpdate, 'returnResult', (i) => result.returnResult(state, i));
  on(m.rateUpdate, 'rate', (i) => result.rate(state, i));
  on(m.withdrawUpdate, 'withdraw', (i) => result.withdraw(state, i));
  on(m.recomputeDeadlineUpdate, 'recomputeDeadline', (i) => handling.recompute(state, i));
  wf.setHandler(m.paymentConfirmedSignal, (payment) => paymentFromPlatform(state, payment));
  wf.setHandler(m.postalDeliverySignal, (report) => result.recordDelivery(state, report));
}

/**
 * Registers a decision as an Update: the shared validator refuses what the state does not allow (nothing reaches
 * history), and the handler claims the decision before its first await so a concurrent duplicate is refused.
 */
function decisionRegistrar(state: DossierState) {
  return <I>(update: UpdateDefinition<DossierView, [I]>, name: DecisionName, apply: (input: I) => Promise<void>) => {
    const rule = rules[name] as unknown as DecisionRule<I>;
    wf.setHandler(
      update,
      async (raw) => {
        // Replayed updates skip the validator; older inputs may predate today's schema, so fall back to them.
        const parsed = rule.input.safeParse(raw);
        state.pendingDecision = name;
        try {
          await apply(parsed.success ? parsed.data : raw);
        } finally {
          state.pendingDecision = null;
        }
        return toView(state);
      },
      { validator: (raw) => void validateDecision(name, rule, state, raw, Date.now()) },
    );
  };
}

/** The payment platform's callback: applied when it matches the assessed fee, otherwise kept in the trail. */
async function paymentFromPlatform(state: DossierState, payment: d.PaymentConfirmation): Promise<void> {
  const fee = state.fee;
  if (fee && fee.status === 'ASSESSED' && fee.amountVnd === payment.amountVnd) {
    await handling.confirmPayment(state, payment);
  } else {
    const reason = !fee ? 'no fee assessed' : fee.status === 'PAID' ? 'already paid' : `assessed ${fee.amountVnd} đ`;
    await record(state, 'PAYMENT_REPORT_IGNORED', SYSTEM, { paymentRef: payment.paymentRef, amountVnd: payment.amountVnd, reason });
  }
}

