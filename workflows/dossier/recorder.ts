import * as wf from '@temporalio/workflow';
import type { ProjectedEvent } from '../../db/repositories/dossier-read-model';
import { activities } from './activities';
import type { Actor } from './decision-inputs';
import type { DossierStatus } from './inputs';
import { DossierCodeKey, DossierStatusKey, DueAtKey, OverdueKey, ProcedureCodeKey, UnitCodeKey } from './search-attributes';
import { toView, type DossierState } from './state';

export const SYSTEM: Actor = { id: 'motcua', role: 'system' };

/**
 * Appends an event to the dossier's trail: numbers it, refreshes the search attributes admins filter by, and
 * projects it (with the snapshot it leads to) into the read model. Returns once the read model has it.
 */
export async function record(
  state: DossierState,
  type: string,
  actor: Actor,
  payload: Record<string, unknown>,
  fromStatus: DossierStatus = state.status,
): Promise<void> {
  state.sequence += 1;
  upsertSearchAttributes(state);
  const { lastSequence: _sequence, ...view } = toView(state);
  const event: ProjectedEvent = {
    sequence: state.sequence,
    type,
    occurredAt: new Date(Date.now()).toISOString(),
    actor,
    fromStatus,
    toStatus: state.status,
    payload,
    snapshot: {
      ...view,
      applicant: state.input.applicant,
      resolvedAt: state.resolvedAt,
      returnedAt: state.returnedAt,
      view: { ...view },
    },
  };
  await activities(state).projectDossierEvent(event);
  state.projectedThrough = Math.max(state.projectedThrough, event.sequence);
  wf.setCurrentDetails(currentDetails(state));
}

function upsertSearchAttributes(state: DossierState): void {
  wf.upsertSearchAttributes([
    { key: DossierStatusKey, value: state.status },
    { key: ProcedureCodeKey, value: state.input.procedureCode },
    { key: UnitCodeKey, value: state.input.unitCode },
    { key: OverdueKey, value: state.overdue || state.overdueAtReception },
    ...(state.dossierCode ? [{ key: DossierCodeKey, value: state.dossierCode }] : []),
    ...(state.dueAt ? [{ key: DueAtKey, value: new Date(state.dueAt) }] : []),
  ]);
}

/** What an admin reads at the top of the workflow in the Web UI (no personal data). */
function currentDetails(state: DossierState): string {
  const lines = [`**${state.status}**${state.dossierCode ? ` · ${state.dossierCode}` : ''}`];
  if (state.dueAt) lines.push(`due ${state.dueAt}${state.appointmentAt !== state.dueAt ? ` · appointment ${state.appointmentAt}` : ''}`);
  if (state.overdue) lines.push('OVERDUE');
  const open = state.steps.filter((step) => step.status === 'IN_PROGRESS').map((step) => step.id);
  if (open.length > 0) lines.push(`steps in progress: ${open.join(', ')}`);
  return lines.join('\n');
}
