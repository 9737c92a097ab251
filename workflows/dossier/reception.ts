import * as wf from '@temporalio/workflow';
import { activities } from './activities';
import type * as d from './decision-inputs';
import { record, SYSTEM } from './recorder';
import type { DossierState } from './state';

// Reception (tiếp nhận): acknowledgment, the 8-working-hour check, accept / one-time supplementation / refusal.

const now = () => new Date(Date.now()).toISOString();

/** The automatic acknowledgment of an online submission (Decree 45/2020 Art. 11.2), or of a resubmission. */
export async function acknowledge(state: DossierState, submittedAt: string, type = 'RECEIVED'): Promise<void> {
  const from = state.status;
  const receipt = await activities(state).acknowledgeReceipt({ unitCode: state.input.unitCode, submittedAt });
  state.status = 'AWAITING_RECEPTION_CHECK';
  state.officialReceiptAt = receipt.officialReceiptAt;
  state.receptionCheckDueAt = receipt.receptionCheckDueAt;
  state.calendarVersion = receipt.calendarVersion;
  state.regime ??= receipt.regime;
  await record(state, type, SYSTEM, { ...receipt }, from);
}

/**
 * One round of the reception check: waits for the officer's decision until the 8 working hours run out; when they
 * do, the dossier stays where it is, flagged and reported (product rule, domain spec §3.1).
 */
export async function receptionCheck(state: DossierState): Promise<void> {
  const dueAt = state.receptionCheckDueAt!;
  const decided = () => state.status !== 'AWAITING_RECEPTION_CHECK' || state.pendingDecision !== null;
  const timeout = Math.max(0, Date.parse(dueAt) - Date.now());
  const checked = await wf.condition(decided, timeout, { summary: `8-working-hour reception check due ${dueAt}` });
  if (checked) return;
  state.overdueAtReception = true;
  await record(state, 'RECEPTION_CHECK_OVERDUE', SYSTEM, { dueAt });
  await activities(state).notify({
    dossierId: state.id,
    unitCode: state.input.unitCode,
    kind: 'RECEPTION_CHECK_OVERDUE',
    audience: 'leader',
    dedupeKey: `reception-check:${dueAt}`,
    dueAt,
  });
}

/** Acceptance: the dossier code (Circular 01/2018 Art. 19) and the statutory clock. */
export async function accept(state: DossierState, input: d.AcceptDecision): Promise<void> {
  const acceptedAt = now();
  const { dossierCode } = await activities(state).allocateDossierCode({ dossierId: state.id, unitCode: state.input.unitCode, acceptedAt });
  const { procedure, unitCode } = state.input;
  state.deadline = await activities(state).startDeadline({ unitCode, limit: procedure.limit, countsFrom: state.officialReceiptAt! });
  state.dueAt = state.deadline.dueAt;
  state.appointmentAt = state.deadline.dueAt;
  state.calendarVersion = state.deadline.calendarVersion;
  state.status = 'ACCEPTED';
  state.dossierCode = dossierCode;
  state.acceptedAt = acceptedAt;
  const payload = { note: input.note ?? null, dossierCode, dueAt: state.dueAt };
  await record(state, 'ACCEPTED', input.actor, payload, 'AWAITING_RECEPTION_CHECK');
}

export async function requestSupplement(state: DossierState, input: d.SupplementRequest): Promise<void> {
  state.status = 'SUPPLEMENT_REQUESTED';
  state.supplementRequestedAt = now();
  await record(state, 'SUPPLEMENT_REQUESTED', input.actor, { items: input.items, note: input.note ?? null }, 'AWAITING_RECEPTION_CHECK');
}

/** The applicant's resubmission at reception: a new official receipt time and a new 8-working-hour check. */
export async function resubmit(state: DossierState, input: d.SupplementSubmission): Promise<void> {
  await record(state, 'SUPPLEMENTED', input.actor, { components: input.components });
  state.overdueAtReception = false;
  await acknowledge(state, now(), 'RECEIVED_AGAIN');
}

export async function refuseAtReception(state: DossierState, input: d.Refusal): Promise<void> {
  state.status = 'REFUSED_AT_RECEPTION';
  state.resolvedAt = now();
  await record(state, 'REFUSED_AT_RECEPTION', input.actor, { reasons: input.reasons, note: input.note ?? null }, 'AWAITING_RECEPTION_CHECK');
}
