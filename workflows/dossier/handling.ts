import { activities } from './activities';
import type { PauseReason } from './clock';
import type * as d from './decision-inputs';
import type { ProcedureStep } from './procedure';
import { record, SYSTEM } from './recorder';
import { openPauseReason } from './transitions';
import { newStepStates, type DossierState, type StepOutcome, type StepState, type Timeliness } from './state';

// Handling (giải quyết): transfer, liên thông steps with their own clocks, pauses, apology, fee, resolution.

const now = () => new Date(Date.now()).toISOString();
const procedureStep = (state: DossierState, id: string) => state.input.procedure.steps.find((s) => s.id === id)!;

/** Transfer to the handling agency (form 05, first row); the first stage's steps start with their clocks. */
export async function transfer(state: DossierState, input: d.Transfer): Promise<void> {
  state.status = 'IN_HANDLING';
  state.steps = newStepStates(state.input.procedure.steps);
  await record(state, 'TRANSFERRED', input.actor, { note: input.note ?? null }, 'ACCEPTED');
  await startStage(state, firstOpenStage(state));
}

function firstOpenStage(state: DossierState): number | undefined {
  const stages = state.steps.filter((s) => s.status !== 'DONE').map((s) => s.stage);
  return stages.length > 0 ? Math.min(...stages) : undefined;
}

async function startStage(state: DossierState, stage: number | undefined): Promise<void> {
  if (stage === undefined) return;
  for (const step of state.steps.filter((s) => s.stage === stage && s.status === 'PENDING')) {
    const definition = procedureStep(state, step.id);
    const unitCode = definition.unitCode ?? state.input.unitCode;
    const startedAt = now();
    step.clock = await activities(state).stepDeadline({ unitCode, slice: definition.slice, startedAt });
    step.status = 'IN_PROGRESS';
    if (!definition.countsTowardLimit) await pauseClock(state, 'EXCLUDED_PERIOD', startedAt);
    await record(state, 'STEP_STARTED', SYSTEM, { stepId: step.id, agency: definition.agency, dueAt: step.clock.dueAt });
  }
}

/** A step's agency hands the dossier on; when its stage is complete, the next stage starts. */
export async function completeStep(state: DossierState, step: StepState, outcome: StepOutcome, input: d.StepHandOver | null) {
  const definition: ProcedureStep = procedureStep(state, step.id);
  const completedAt = now();
  step.status = 'DONE';
  step.outcome = outcome;
  step.completedAt = completedAt;
  step.late = step.clock?.dueAt != null && completedAt > step.clock.dueAt && outcome !== 'DEEMED_CONSENT';
  const excluded = (s: StepState) => !procedureStep(state, s.id).countsTowardLimit;
  const excludedStillRunning = state.steps.some((s) => s.status === 'IN_PROGRESS' && excluded(s));
  const stageDone = state.steps.every((s) => s.stage !== step.stage || s.status === 'DONE');
  const excludedNext = stageDone && state.steps.some((s) => s.stage === firstOpenStage(state) && excluded(s));
  // Consecutive excluded steps (posting → tax → payment) are one stop: the clock must not run between them.
  if (!definition.countsTowardLimit && !excludedStillRunning && !excludedNext) {
    await resumeClock(state, 'PAUSE_RESUME');
  }
  const type = outcome === 'DEEMED_CONSENT' ? 'STEP_DEEMED_CONSENT' : 'STEP_HANDED_OVER';
  await record(state, type, input?.actor ?? SYSTEM, {
    stepId: step.id,
    agency: definition.agency,
    outcome,
    dueAt: step.clock?.dueAt ?? null,
    timeliness: stepTimeliness(step),
    note: input?.note ?? null,
  });
  if (state.steps.every((s) => s.stage !== step.stage || s.status === 'DONE')) await startStage(state, firstOpenStage(state));
}

function stepTimeliness(step: StepState): Timeliness | null {
  return step.clock?.dueAt ? timelinessOf(step.completedAt!, step.clock.dueAt) : null;
}

export async function handOverStep(state: DossierState, input: d.StepHandOver): Promise<void> {
  await completeStep(state, state.steps.find((s) => s.id === input.stepId)!, input.outcome, input);
}

async function pauseClock(state: DossierState, reason: PauseReason, at = now()): Promise<void> {
  if (!state.deadline || state.deadline.runningSince === null) return;
  state.deadline = await activities(state).pauseDeadline({ unitCode: state.input.unitCode, record: state.deadline, at, reason });
}

async function resumeClock(state: DossierState, policy: 'PAUSE_RESUME' | 'RESTART'): Promise<void> {
  if (!state.deadline || state.deadline.runningSince !== null) return;
  state.deadline = await activities(state).resumeDeadline({ unitCode: state.input.unitCode, record: state.deadline, at: now(), policy });
  const paused = state.deadline.pauses[state.deadline.pauses.length - 1]?.workingMinutes ?? 0;
  for (const step of state.steps.filter((s) => s.status === 'IN_PROGRESS' && s.clock?.dueAt)) {
    const { countsTowardLimit, slice } = procedureStep(state, step.id);
    if (!countsTowardLimit) continue;
    // Under RESTART the steps' slices count again from the restart, like the dossier's limit.
    step.clock = policy === 'RESTART'
      ? await activities(state).stepDeadline({ unitCode: state.input.unitCode, slice, startedAt: state.deadline.countsFrom })
      : await activities(state).shiftStepDeadline({ unitCode: state.input.unitCode, clock: step.clock!, workingMinutes: paused });
    step.overdue = false; // its due instant moved: the alert is due again at the new one
  }
  state.dueAt = state.deadline.dueAt;
  if (!state.apologisedAt) state.appointmentAt = state.deadline.dueAt;
  state.calendarVersion = state.deadline.calendarVersion;
  state.reminded = false;
}

/** Pause with a reason and a notice (domain spec §3.4): supplementation, financial obligation, verification. */
export async function pause(state: DossierState, input: d.PauseDecision): Promise<void> {
  await pauseClock(state, input.reason);
  state.status = 'PAUSED';
  await record(state, 'PAUSED', input.actor, { reason: input.reason, noticeRef: input.noticeRef, items: input.items ?? null }, 'IN_HANDLING');
}

/** Resume: the remaining budget (PAUSE_RESUME), or a fresh limit after supplementation under RESTART. */
export async function resume(state: DossierState, input: d.ResumeDecision | d.SupplementSubmission, supplemented: boolean) {
  // Only supplementation may restart the clock (domain spec §3.4), whoever ends the pause.
  const policy = openPauseReason(state) === 'SUPPLEMENT' ? state.input.procedure.clockPolicy : 'PAUSE_RESUME';
  if (supplemented) await record(state, 'SUPPLEMENTED', input.actor, { components: (input as d.SupplementSubmission).components });
  await resumeClock(state, policy);
  state.status = 'IN_HANDLING';
  await record(state, 'RESUMED', input.actor, { policy, dueAt: state.dueAt, note: input.note ?? null }, 'PAUSED');
}

/** Form 04: once, by the end of the working day before the due date; reports keep the statutory due date. */
export async function apologise(state: DossierState, input: d.Apology): Promise<void> {
  state.apologisedAt = now();
  state.appointmentAt = new Date(input.newAppointmentAt).toISOString();
  await record(state, 'APOLOGISED', input.actor, { reason: input.reason, dueAt: state.dueAt, newAppointmentAt: state.appointmentAt });
  await activities(state).notify({
    dossierId: state.id,
    unitCode: state.input.unitCode,
    kind: 'APOLOGY',
    audience: 'applicant',
    dedupeKey: 'apology',
    dueAt: state.appointmentAt,
  });
}

export async function assessFee(state: DossierState, input: d.FeeAssessment): Promise<void> {
  const payableAt = state.input.procedure.fees[0]?.payableAt ?? 'before_result';
  state.fee = { status: 'ASSESSED', amountVnd: input.amountVnd, payableAt, paymentRef: null, paidAt: null };
  await record(state, 'PAYMENT_REQUESTED', input.actor, { amountVnd: input.amountVnd, payableAt });
}

export async function confirmPayment(state: DossierState, input: d.PaymentConfirmation): Promise<void> {
  state.fee = { ...state.fee!, status: 'PAID', paymentRef: input.paymentRef, paidAt: now() };
  await record(state, 'PAYMENT_CONFIRMED', input.actor, { paymentRef: input.paymentRef, amountVnd: input.amountVnd });
}

/** The result is ready (signed): documents are numbered `<dossier code>-KQ<n>`. */
export async function approve(state: DossierState, input: d.Approval): Promise<void> {
  resolve(state);
  state.status = 'RESULT_READY';
  state.resultDocuments = input.results.map((_, i) => `${state.dossierCode}-KQ${i + 1}`);
  const documents = input.results.map((name, i) => ({ code: state.resultDocuments[i], name }));
  await record(state, 'RESULT_READY', input.actor, { documents, timeliness: state.timeliness, note: input.note ?? null }, 'IN_HANDLING');
}

export async function refuseToResolve(state: DossierState, input: d.Refusal): Promise<void> {
  const from = state.status;
  resolve(state);
  state.status = 'REFUSED_TO_RESOLVE';
  await record(state, 'REFUSED_TO_RESOLVE', input.actor, { reasons: input.reasons, timeliness: state.timeliness }, from);
}

function resolve(state: DossierState): void {
  state.resolvedAt = now();
  state.timeliness = state.dueAt ? timelinessOf(state.resolvedAt, state.dueAt) : null;
}

const LOCAL_OFFSET_MS = 7 * 3_600_000;
const localDate = (iso: string) => new Date(Date.parse(iso) + LOCAL_OFFSET_MS).toISOString().slice(0, 10);

/** Early: before the due date's day; on time: by the due instant; late: after it (domain spec §3.7). */
export function timelinessOf(at: string, dueAt: string): Timeliness {
  if (Date.parse(at) > Date.parse(dueAt)) return 'LATE';
  return localDate(at) < localDate(dueAt) ? 'EARLY' : 'ON_TIME';
}

/** Admin: the deadline under the calendar in force now (after a new official notice); otherwise never recomputed. */
export async function recompute(state: DossierState, input: d.Recompute): Promise<void> {
  const previous = state.dueAt;
  state.deadline = await activities(state).recomputeDeadline({ unitCode: state.input.unitCode, record: state.deadline! });
  state.dueAt = state.deadline.dueAt;
  if (!state.apologisedAt) state.appointmentAt = state.deadline.dueAt;
  state.calendarVersion = state.deadline.calendarVersion;
  await record(state, 'DEADLINE_RECOMPUTED', input.actor, { previousDueAt: previous, dueAt: state.dueAt, calendarVersion: state.calendarVersion });
}
