import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AcceptInput, DossierView } from './inputs';

// Every message of the dossier workflow, defined once; the wire name is the constant minus its suffix.

/** Waits until the submission is acknowledged (official receipt time known) and returns the view. */
export const acknowledgmentUpdate = defineUpdate<DossierView>('acknowledgment');
/** Officer accepts the dossier after the reception check (tiếp nhận); issues the dossier code. */
export const acceptUpdate = defineUpdate<DossierView, [AcceptInput]>('accept');
export const viewQuery = defineQuery<DossierView>('view');
