import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type * as d from './decision-inputs';
import type { DeadlineRecord } from './clock';
import type { DossierView } from './inputs';

// Every message of the dossier workflow, defined once; the wire name is the constant minus its suffix.
// Decisions are Updates (validated, answered with the new view); system events are Signals.

/** Waits until the submission is acknowledged (official receipt time known) and returns the view. */
export const acknowledgmentUpdate = defineUpdate<DossierView>('acknowledgment');

// Reception (tiếp nhận) — Decree 45/2020 Art. 11, Decree 61/2018 Art. 15.
export const acceptUpdate = defineUpdate<DossierView, [d.AcceptDecision]>('accept');
export const requestSupplementUpdate = defineUpdate<DossierView, [d.SupplementRequest]>('requestSupplement');
export const supplementUpdate = defineUpdate<DossierView, [d.SupplementSubmission]>('supplement');
export const refuseAtReceptionUpdate = defineUpdate<DossierView, [d.Refusal]>('refuseAtReception');

// Handling (giải quyết) — transfer, liên thông steps, pauses, apology.
export const transferUpdate = defineUpdate<DossierView, [d.Transfer]>('transfer');
export const handOverStepUpdate = defineUpdate<DossierView, [d.StepHandOver]>('handOverStep');
export const pauseUpdate = defineUpdate<DossierView, [d.PauseDecision]>('pause');
export const resumeUpdate = defineUpdate<DossierView, [d.ResumeDecision]>('resume');
export const apologiseUpdate = defineUpdate<DossierView, [d.Apology]>('apologise');
export const assessFeeUpdate = defineUpdate<DossierView, [d.FeeAssessment]>('assessFee');
export const confirmPaymentUpdate = defineUpdate<DossierView, [d.PaymentConfirmation]>('confirmPayment');
export const approveUpdate = defineUpdate<DossierView, [d.Approval]>('approve');
export const refuseToResolveUpdate = defineUpdate<DossierView, [d.Refusal]>('refuseToResolve');

// Result return (trả kết quả) and after.
export const returnResultUpdate = defineUpdate<DossierView, [d.ResultReturn]>('returnResult');
export const rateUpdate = defineUpdate<DossierView, [d.Rating]>('rate');
export const withdrawUpdate = defineUpdate<DossierView, [d.Withdrawal]>('withdraw');
/** Admin: recompute the deadline under the calendar in force now (after a new official notice). */
export const recomputeDeadlineUpdate = defineUpdate<DossierView, [d.Recompute]>('recomputeDeadline');

// System events from gateways, fire-and-forget.
export const paymentConfirmedSignal = defineSignal<[d.PaymentConfirmation]>('paymentConfirmed');
export const postalDeliverySignal = defineSignal<[d.PostalDelivery]>('postalDelivery');

export const viewQuery = defineQuery<DossierView>('view');
/** The statutory clock as recorded (budget, consumed, pauses, calendar version); null before acceptance. */
export const deadlineQuery = defineQuery<DeadlineRecord | null>('deadline');
