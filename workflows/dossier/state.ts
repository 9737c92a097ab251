import type { ActivityMode } from './activities';
import type { DeadlineRecord, StepClock } from './clock';
import type { DossierStartInput, DossierStatus, DossierView } from './inputs';
import type { ProcedureStep } from './procedure';

export type StepStatus = 'PENDING' | 'IN_PROGRESS' | 'DONE';
export type StepOutcome = 'COMPLETED' | 'AGREED' | 'DISAGREED' | 'DEEMED_CONSENT';
export type Timeliness = 'EARLY' | 'ON_TIME' | 'LATE';

export interface StepState {
  id: string;
  stage: number;
  status: StepStatus;
  clock: StepClock | null;
  outcome: StepOutcome | null;
  completedAt: string | null;
  /** Set when the step finished after its own due instant (tracked apart from the dossier). */
  late: boolean;
  /** Its due instant passed while it was still in progress (alert sent once). */
  overdue: boolean;
}

export interface FeeState {
  status: 'ASSESSED' | 'PAID';
  amountVnd: number;
  payableAt: 'submission' | 'before_result';
  paymentRef: string | null;
  paidAt: string | null;
}

/** The workflow's whole state: plain JSON, so it survives continue-as-new and shows cleanly in queries. */
export interface DossierState {
  id: string;
  /** How its activities run: through the server (dossiers started before the local-activities patch) or locally. */
  activityMode: ActivityMode;
  input: DossierStartInput;
  status: DossierStatus;
  /** The regime (Decree 61/45) pinned at the official receipt time; null until the acknowledgment. */
  regime: string | null;
  /** A decision whose handler has started but not finished; validators refuse a second one meanwhile. */
  pendingDecision: string | null;
  dossierCode: string | null;
  officialReceiptAt: string | null;
  receptionCheckDueAt: string | null;
  overdueAtReception: boolean;
  /** The one-time supplementation request at reception (form 02), if any. */
  supplementRequestedAt: string | null;
  acceptedAt: string | null;
  /** The statutory clock; reports compare against its due instant, the applicant sees `appointmentAt`. */
  deadline: DeadlineRecord | null;
  /** Applicant-facing appointment: the due instant, or the new one set by the apology (form 04). */
  appointmentAt: string | null;
  apologisedAt: string | null;
  reminded: boolean;
  overdue: boolean;
  steps: StepState[];
  fee: FeeState | null;
  resultDocuments: string[];
  resolvedAt: string | null;
  timeliness: Timeliness | null;
  returnedAt: string | null;
  returnChannel: 'online' | 'counter' | 'postal' | null;
  delivery: 'HANDED_OVER' | 'DELIVERED' | 'FAILED' | null;
  /** After return, the dossier stays open for rating until this instant, then the workflow completes. */
  ratingClosesAt: string | null;
  dueAt: string | null;
  calendarVersion: string | null;
  /** Number of the last recorded event; events are numbered from 1 in the order they happen. */
  sequence: number;
  /** Highest event number already in the read model: answers wait for it, so a read after a write sees it. */
  projectedThrough: number;
}

export function newDossierState(id: string, input: DossierStartInput, activityMode: ActivityMode): DossierState {
  return {
    id,
    activityMode,
    input,
    status: 'SUBMITTED',
    regime: null,
    pendingDecision: null,
    dossierCode: null,
    officialReceiptAt: null,
    receptionCheckDueAt: null,
    overdueAtReception: false,
    supplementRequestedAt: null,
    acceptedAt: null,
    deadline: null,
    appointmentAt: null,
    apologisedAt: null,
    reminded: false,
    overdue: false,
    steps: [],
    fee: null,
    resultDocuments: [],
    resolvedAt: null,
    timeliness: null,
    returnedAt: null,
    returnChannel: null,
    delivery: null,
    ratingClosesAt: null,
    dueAt: null,
    calendarVersion: null,
    sequence: 0,
    projectedThrough: 0,
  };
}

export function newStepStates(steps: readonly ProcedureStep[]): StepState[] {
  return steps.map((step) => ({
    id: step.id,
    stage: step.stage,
    status: 'PENDING',
    clock: null,
    outcome: null,
    completedAt: null,
    late: false,
    overdue: false,
  }));
}

export const FINAL_STATUSES: readonly DossierStatus[] = ['REFUSED_AT_RECEPTION', 'REFUSED_TO_RESOLVE', 'RATED', 'WITHDRAWN'];

export function toView(state: DossierState): DossierView {
  const { input } = state;
  return {
    id: state.id,
    dossierCode: state.dossierCode,
    procedureCode: input.procedureCode,
    unitCode: input.unitCode,
    channel: input.channel,
    status: state.status,
    submittedAt: input.submittedAt,
    officialReceiptAt: state.officialReceiptAt,
    receptionCheckDueAt: state.receptionCheckDueAt,
    overdueAtReception: state.overdueAtReception,
    acceptedAt: state.acceptedAt,
    dueAt: state.dueAt,
    appointmentAt: state.appointmentAt,
    overdue: state.overdue,
    paused: state.deadline !== null && state.deadline.runningSince === null,
    timeliness: state.timeliness,
    steps: state.steps.map(({ id, status, outcome, late, clock }) => ({ id, status, outcome, late, dueAt: clock?.dueAt ?? null })),
    fee: state.fee,
    resultDocuments: state.resultDocuments,
    returnChannel: state.returnChannel,
    delivery: state.delivery,
    calendarVersion: state.calendarVersion,
    requestDigest: input.requestDigest,
    lastSequence: state.sequence,
  };
}
