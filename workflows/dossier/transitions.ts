import { ApplicationFailure } from '@temporalio/workflow';
import type { z } from 'zod';
import * as d from './decision-inputs';
import type { DossierStatus } from './inputs';
import { FINAL_STATUSES, type DossierState } from './state';

/** Closed set of reasons a decision is refused; the API answers 409 (422 for bad input) with one of them. */
export const RefusalReason = {
  InvalidInput: 'InvalidInput',
  WrongState: 'WrongState',
  DecisionInProgress: 'DecisionInProgress',
  AlreadyDone: 'AlreadyDone',
  TooLate: 'TooLate',
  StepsOpen: 'StepsOpen',
  UnknownStep: 'UnknownStep',
  PaymentPending: 'PaymentPending',
  PaymentMismatch: 'PaymentMismatch',
  ChannelNotOffered: 'ChannelNotOffered',
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

export function refuse(reason: RefusalReason, message: string, details?: unknown): never {
  throw ApplicationFailure.create({ type: reason, message, nonRetryable: true, details: details ? [details] : [] });
}

/** What a decision needs: its input schema, the states it may leave, and any further rule. */
export interface DecisionRule<I> {
  input: z.ZodType<I>;
  from: readonly DossierStatus[];
  guard?: (state: DossierState, input: I, now: number) => void;
}

/**
 * The validator every decision shares: sync and pure, so a refused decision never reaches history.
 * Returns the parsed input (zod defaults applied) for the handler.
 */
export function validateDecision<I>(name: string, rule: DecisionRule<I>, state: DossierState, raw: unknown, now: number): I {
  const parsed = rule.input.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'body';
    refuse(RefusalReason.InvalidInput, `${field}: ${issue.message}`, { field });
  }
  if (state.pendingDecision) {
    refuse(RefusalReason.DecisionInProgress, `the decision '${state.pendingDecision}' is still being recorded`);
  }
  if (!rule.from.includes(state.status)) {
    refuse(RefusalReason.WrongState, `a dossier in status ${state.status} cannot take '${name}'`, { status: state.status });
  }
  rule.guard?.(state, parsed.data, now);
  return parsed.data;
}

const HANDLING: DossierStatus[] = ['IN_HANDLING', 'PAUSED'];
const BEFORE_RETURN = (['SUBMITTED', 'AWAITING_RECEPTION_CHECK', 'SUPPLEMENT_REQUESTED', 'ACCEPTED', 'IN_HANDLING', 'PAUSED', 'RESULT_READY'] as const).filter(
  (status) => !FINAL_STATUSES.includes(status),
);

/** Identity with inference: each rule's guard gets its own input type. */
const rule = <I>(r: DecisionRule<I>) => r;

export const rules = {
  accept: rule({ input: d.AcceptDecision, from: ['AWAITING_RECEPTION_CHECK'] }),
  requestSupplement: rule({
    input: d.SupplementRequest,
    from: ['AWAITING_RECEPTION_CHECK'],
    guard: (state) => {
      // Guidance is given once (hướng dẫn một lần): after the resubmission, accept or refuse.
      if (state.supplementRequestedAt) refuse(RefusalReason.AlreadyDone, 'supplementation was already requested once for this dossier');
    },
  }),
  supplement: rule({
    input: d.SupplementSubmission,
    from: ['SUPPLEMENT_REQUESTED', 'PAUSED'],
    guard: (state) => {
      if (state.status === 'PAUSED' && openPauseReason(state) !== 'SUPPLEMENT') {
        refuse(RefusalReason.WrongState, 'the dossier is paused, but not for supplementation');
      }
    },
  }),
  refuseAtReception: rule({ input: d.Refusal, from: ['AWAITING_RECEPTION_CHECK'] }),
  transfer: rule({ input: d.Transfer, from: ['ACCEPTED'] }),
  handOverStep: rule({
    input: d.StepHandOver,
    from: ['IN_HANDLING'],
    guard: (state, input) => {
      const step = state.steps.find((s) => s.id === input.stepId);
      if (!step) refuse(RefusalReason.UnknownStep, `no step '${input.stepId}' in this procedure`, { field: 'stepId' });
      if (step.status !== 'IN_PROGRESS') refuse(RefusalReason.WrongState, `step '${input.stepId}' is ${step.status}, not in progress`);
    },
  }),
  pause: rule({
    input: d.PauseDecision,
    from: ['IN_HANDLING'],
    guard: (state) => {
      if (state.deadline && state.deadline.runningSince === null) {
        refuse(RefusalReason.WrongState, 'the clock is already stopped for an excluded period');
      }
    },
  }),
  resume: rule({
    input: d.ResumeDecision,
    from: ['PAUSED'],
    guard: (state) => {
      if (openPauseReason(state) === 'EXCLUDED_PERIOD') refuse(RefusalReason.WrongState, 'an excluded period ends when its step is handed over');
    },
  }),
  apologise: rule({
    input: d.Apology,
    from: HANDLING,
    guard: (state, input, now) => {
      if (state.apologisedAt) refuse(RefusalReason.AlreadyDone, 'an apology with a new appointment may be given only once');
      const deadline = state.deadline;
      if (!deadline) refuse(RefusalReason.WrongState, 'the dossier has no deadline to apologise for');
      if (now > Date.parse(deadline.lastApologyAt)) {
        refuse(RefusalReason.TooLate, `the apology had to come by ${deadline.lastApologyAt}, one working day before the due date`);
      }
      if (Date.parse(input.newAppointmentAt) <= Date.parse(deadline.dueAt)) {
        refuse(RefusalReason.InvalidInput, 'the new appointment must be after the due date', { field: 'newAppointmentAt' });
      }
    },
  }),
  assessFee: rule({
    input: d.FeeAssessment,
    from: ['ACCEPTED', ...HANDLING, 'RESULT_READY'],
    guard: (state) => {
      if (state.fee?.status === 'PAID') refuse(RefusalReason.AlreadyDone, 'the fee is already paid');
    },
  }),
  confirmPayment: rule({
    input: d.PaymentConfirmation,
    from: ['ACCEPTED', ...HANDLING, 'RESULT_READY'],
    guard: (state, input) => {
      if (!state.fee) refuse(RefusalReason.WrongState, 'no fee has been assessed');
      if (state.fee.status === 'PAID') refuse(RefusalReason.AlreadyDone, 'the fee is already paid');
      if (input.amountVnd !== state.fee.amountVnd) {
        refuse(RefusalReason.PaymentMismatch, `paid ${input.amountVnd} đ, assessed ${state.fee.amountVnd} đ`, { field: 'amountVnd' });
      }
    },
  }),
  approve: rule({
    input: d.Approval,
    from: ['IN_HANDLING'],
    guard: (state) => {
      const open = state.steps.filter((s) => s.status !== 'DONE').map((s) => s.id);
      if (open.length > 0) refuse(RefusalReason.StepsOpen, `steps not handed over yet: ${open.join(', ')}`, { steps: open });
    },
  }),
  refuseToResolve: rule({ input: d.Refusal, from: HANDLING }),
  returnResult: rule({
    input: d.ResultReturn,
    from: ['RESULT_READY'],
    guard: (state, input) => {
      if (state.fee && state.fee.status !== 'PAID') refuse(RefusalReason.PaymentPending, 'the fee must be paid before the result is returned');
      if (!state.input.procedure.returnChannels.includes(input.channel)) {
        refuse(RefusalReason.ChannelNotOffered, `this procedure does not return results by ${input.channel}`, { field: 'channel' });
      }
    },
  }),
  rate: rule({ input: d.Rating, from: ['RESULT_RETURNED'] }),
  withdraw: rule({ input: d.Withdrawal, from: BEFORE_RETURN }),
  recomputeDeadline: rule({
    input: d.Recompute,
    from: ['ACCEPTED', ...HANDLING, 'RESULT_READY'],
    guard: (state) => {
      if (!state.deadline) refuse(RefusalReason.WrongState, 'the dossier has no deadline to recompute');
    },
  }),
};

export type DecisionName = keyof typeof rules;

export function openPauseReason(state: DossierState) {
  const pauses = state.deadline?.pauses ?? [];
  const last = pauses[pauses.length - 1];
  return last && last.to === null ? last.reason : null;
}
