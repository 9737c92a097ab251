import type { DossierStartInput, DossierStatus, DossierView } from './inputs';

/** The workflow's whole state: plain JSON, so it survives continue-as-new and shows cleanly in queries. */
export interface DossierState {
  id: string;
  input: DossierStartInput;
  status: DossierStatus;
  /** A decision whose handler has started but not finished; validators refuse a second one meanwhile. */
  pendingDecision: string | null;
  dossierCode: string | null;
  officialReceiptAt: string | null;
  receptionCheckDueAt: string | null;
  overdueAtReception: boolean;
  acceptedAt: string | null;
  dueAt: string | null;
  calendarVersion: string | null;
  /** Number of the last recorded event; events are numbered from 1 in the order they happen. */
  sequence: number;
  /** Highest event number already in the read model: answers wait for it, so a read after a write sees it. */
  projectedThrough: number;
}

export function newDossierState(id: string, input: DossierStartInput): DossierState {
  return {
    id,
    input,
    status: 'SUBMITTED',
    pendingDecision: null,
    dossierCode: null,
    officialReceiptAt: null,
    receptionCheckDueAt: null,
    overdueAtReception: false,
    acceptedAt: null,
    dueAt: null,
    calendarVersion: null,
    sequence: 0,
    projectedThrough: 0,
  };
}

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
    calendarVersion: state.calendarVersion,
    requestDigest: input.requestDigest,
    lastSequence: state.sequence,
  };
}
