import * as wf from '@temporalio/workflow';
import type { ProjectedEvent } from '../../db/repositories/dossier-read-model';
import type { Activities } from '../../activities';
import type { DossierStartInput, DossierView } from './inputs';
import { acceptUpdate, acknowledgmentUpdate, viewQuery } from './messages';
import { DossierCodeKey, DossierStatusKey, OverdueKey, ProcedureCodeKey, UnitCodeKey } from './search-attributes';
import { newDossierState, toView, type DossierState } from './state';
import { applyAccept, applyReceipt, applyReceptionCheckOverdue, whyNotAccept } from './transitions';

const { acknowledgeReceipt, allocateDossierCode, projectDossierEvent } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** One dossier (hồ sơ), from online receipt onwards (Decree 45/2020 Art. 11, Decree 61/2018 Chapter III). */
export async function dossierWorkflow(input: DossierStartInput): Promise<DossierView> {
  const state = newDossierState(wf.workflowInfo().workflowId, input);
  const record = recorder(state);

  wf.setHandler(viewQuery, () => toView(state));
  wf.setHandler(acknowledgmentUpdate, async () => {
    await wf.condition(() => state.projectedThrough > 0);
    return toView(state);
  });
  wf.setHandler(
    acceptUpdate,
    async (decision) =>
      decide(state, 'accept', async () => {
        const acceptedAt = new Date(Date.now()).toISOString();
        const { dossierCode } = await allocateDossierCode({ dossierId: state.id, unitCode: input.unitCode, acceptedAt });
        applyAccept(state, { dossierCode, acceptedAt });
        await record('ACCEPTED', { officerId: decision.officerId, note: decision.note ?? null, dossierCode });
      }),
    { validator: (decision) => whyNotAccept(state, decision) },
  );

  // Online receipt: automatic acknowledgment stating the official receipt time.
  const receipt = await acknowledgeReceipt({ unitCode: input.unitCode, submittedAt: input.submittedAt });
  applyReceipt(state, receipt);
  await record('RECEIVED', { ...receipt });

  // The officer's completeness check must come within 8 working hours; when it does not, flag and report.
  const checked = await wf.condition(
    () => state.status !== 'AWAITING_RECEPTION_CHECK' || state.pendingDecision !== null,
    Math.max(0, Date.parse(receipt.receptionCheckDueAt) - Date.now()),
  );
  if (!checked) {
    applyReceptionCheckOverdue(state);
    await record('RECEPTION_CHECK_OVERDUE', { dueAt: receipt.receptionCheckDueAt });
  }

  // Handling, pauses and result return follow (workflow issue); until then an accepted dossier stays open.
  await wf.condition(() => false);
  return toView(state);
}

/** Runs one decision's handler with the transition claimed first, so a concurrent duplicate is refused. */
async function decide(state: DossierState, name: string, apply: () => Promise<void>): Promise<DossierView> {
  state.pendingDecision = name;
  try {
    await apply();
  } finally {
    state.pendingDecision = null;
  }
  return toView(state);
}

/** Appends an event: numbers it, updates search attributes and projects it into the read model. */
function recorder(state: DossierState) {
  return async (type: string, payload: Record<string, unknown>): Promise<void> => {
    state.sequence += 1;
    upsertDossierSearchAttributes(state);
    const { lastSequence: _sequence, ...view } = toView(state);
    const event: ProjectedEvent = {
      sequence: state.sequence,
      type,
      occurredAt: new Date(Date.now()).toISOString(),
      payload,
      snapshot: { ...view, applicant: state.input.applicant },
    };
    await projectDossierEvent(event);
    state.projectedThrough = Math.max(state.projectedThrough, event.sequence);
  };
}

function upsertDossierSearchAttributes(state: DossierState): void {
  wf.upsertSearchAttributes([
    { key: DossierStatusKey, value: state.status },
    { key: ProcedureCodeKey, value: state.input.procedureCode },
    { key: UnitCodeKey, value: state.input.unitCode },
    { key: OverdueKey, value: state.overdueAtReception },
    ...(state.dossierCode ? [{ key: DossierCodeKey, value: state.dossierCode }] : []),
  ]);
}
