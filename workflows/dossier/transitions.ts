import { ApplicationFailure } from '@temporalio/workflow';
import { AcceptInput } from './inputs';
import type { DossierState } from './state';

/** Closed set of reasons a decision is refused; the API answers 409 (or 422 for bad input) with one of them. */
export const RefusalReason = {
  InvalidInput: 'InvalidInput',
  WrongState: 'WrongState',
  DecisionInProgress: 'DecisionInProgress',
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

export function refuse(reason: RefusalReason, message: string, details?: unknown): never {
  throw ApplicationFailure.create({ type: reason, message, nonRetryable: true, details: details ? [details] : [] });
}

function requireNoPendingDecision(state: DossierState): void {
  if (state.pendingDecision) {
    refuse(RefusalReason.DecisionInProgress, `the decision '${state.pendingDecision}' is still being recorded`);
  }
}

/** Validator of `accept`: only a dossier awaiting the reception check can be accepted, and only once. */
export function whyNotAccept(state: DossierState, input: unknown): void {
  const parsed = AcceptInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    refuse(RefusalReason.InvalidInput, `${issue.path.join('.') || 'body'}: ${issue.message}`, { field: issue.path.join('.') });
  }
  requireNoPendingDecision(state);
  if (state.status !== 'AWAITING_RECEPTION_CHECK') {
    refuse(RefusalReason.WrongState, `a dossier in status ${state.status} cannot be accepted`, { status: state.status });
  }
}

export function applyReceipt(
  state: DossierState,
  receipt: { officialReceiptAt: string; receptionCheckDueAt: string; calendarVersion: string },
): void {
  state.status = 'AWAITING_RECEPTION_CHECK';
  state.officialReceiptAt = receipt.officialReceiptAt;
  state.receptionCheckDueAt = receipt.receptionCheckDueAt;
  state.calendarVersion = receipt.calendarVersion;
}

export function applyAccept(state: DossierState, accepted: { dossierCode: string; acceptedAt: string }): void {
  state.status = 'ACCEPTED';
  state.dossierCode = accepted.dossierCode;
  state.acceptedAt = accepted.acceptedAt;
}

export function applyReceptionCheckOverdue(state: DossierState): void {
  state.overdueAtReception = true;
}
