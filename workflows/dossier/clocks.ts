import * as wf from '@temporalio/workflow';
import { activities } from './activities';
import { completeStep } from './handling';
import { record, SYSTEM } from './recorder';
import { FINAL_STATUSES, type DossierState, type StepState } from './state';

// The dossier's timers after acceptance: the reminder before the due date, the due date itself, each liên thông
// step's due date, and the end of the rating window. One loop sleeps until the earliest of them and starts over
// whenever an event changes the dossier (a pause moves the due date, a step starts…).

interface Wake {
  at: string;
  summary: string;
  fire(): Promise<void>;
}

const CLOCK_STATES = ['ACCEPTED', 'IN_HANDLING'];

function dossierWakes(state: DossierState): Wake[] {
  const deadline = state.deadline;
  if (!deadline || deadline.runningSince === null || !CLOCK_STATES.includes(state.status)) return [];
  const wakes: Wake[] = [];
  if (!state.reminded && !state.overdue) {
    wakes.push({ at: deadline.reminderAt, summary: `reminder: due ${deadline.dueAt}`, fire: () => remind(state) });
  }
  if (!state.overdue) wakes.push({ at: deadline.dueAt, summary: `due date ${deadline.dueAt}`, fire: () => flagOverdue(state) });
  return wakes;
}

function stepWakes(state: DossierState): Wake[] {
  if (state.status !== 'IN_HANDLING') return [];
  return state.steps
    .filter((step) => step.status === 'IN_PROGRESS' && step.clock?.dueAt && !step.overdue)
    .map((step) => ({ at: step.clock!.dueAt!, summary: `step ${step.id} due ${step.clock!.dueAt}`, fire: () => stepDue(state, step) }));
}

function closingWake(state: DossierState): Wake[] {
  if (state.status !== 'RESULT_RETURNED' || !state.ratingClosesAt || state.delivery === 'HANDED_OVER') return [];
  return [{ at: state.ratingClosesAt, summary: 'rating window closes', fire: async () => void (state.ratingClosesAt = null) }];
}

/** Runs until the dossier is final, or returned and past its rating window. */
export async function runClocks(state: DossierState): Promise<void> {
  const done = () => FINAL_STATUSES.includes(state.status) || (state.status === 'RESULT_RETURNED' && state.ratingClosesAt === null);
  while (!done()) {
    const wakes = [...dossierWakes(state), ...stepWakes(state), ...closingWake(state)];
    const next = wakes.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
    const seen = state.sequence;
    const changed = () => state.sequence !== seen || state.pendingDecision !== null || done();
    if (!next) {
      await wf.condition(changed);
    } else if (!(await wf.condition(changed, Math.max(0, Date.parse(next.at) - Date.now()), { summary: next.summary }))) {
      await next.fire();
    }
    await wf.condition(() => state.pendingDecision === null);
  }
}

async function remind(state: DossierState): Promise<void> {
  state.reminded = true;
  await record(state, 'DUE_SOON', SYSTEM, { dueAt: state.dueAt });
  await notice(state, 'DUE_SOON', 'unit', `due-soon:${state.dueAt}`);
}

/** The due date passed without a result: flag it, tell the unit's leader, let reports count it. */
async function flagOverdue(state: DossierState): Promise<void> {
  state.overdue = true;
  await record(state, 'OVERDUE', SYSTEM, { dueAt: state.dueAt, appointmentAt: state.appointmentAt });
  await notice(state, 'OVERDUE', 'leader', `overdue:${state.dueAt}`);
}

/** A step's own due date: a silent consulted agency is deemed to agree; any other step is flagged. */
async function stepDue(state: DossierState, step: StepState): Promise<void> {
  const definition = state.input.procedure.steps.find((s) => s.id === step.id)!;
  if (definition.silenceMeansConsent) {
    await completeStep(state, step, 'DEEMED_CONSENT', null);
    return;
  }
  step.overdue = true;
  await record(state, 'STEP_OVERDUE', SYSTEM, { stepId: step.id, agency: definition.agency, dueAt: step.clock!.dueAt });
  await notice(state, 'STEP_OVERDUE', 'leader', `step-overdue:${step.id}:${step.clock!.dueAt}`);
}

function notice(state: DossierState, kind: string, audience: 'unit' | 'leader', dedupeKey: string) {
  return activities(state).notify({ dossierId: state.id, unitCode: state.input.unitCode, kind, audience, dedupeKey, dueAt: state.dueAt });
}
