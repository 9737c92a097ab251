import type * as d from './decision-inputs';
import { record, SYSTEM } from './recorder';
import type { DossierState } from './state';

// Result return (trả kết quả), delivery by public post, rating, withdrawal.

const now = () => new Date(Date.now()).toISOString();
/** After return the applicant may rate the service for this long; then the dossier's workflow completes. */
export const RATING_WINDOW_MS = 30 * 24 * 3_600_000;

export async function returnResult(state: DossierState, input: d.ResultReturn): Promise<void> {
  state.status = 'RESULT_RETURNED';
  state.returnedAt = now();
  state.returnChannel = input.channel;
  // Online: the signed e-results go into the applicant's data warehouse; postal: handed to the post office.
  state.delivery = input.channel === 'postal' ? 'HANDED_OVER' : null;
  state.ratingClosesAt = new Date(Date.now() + RATING_WINDOW_MS).toISOString();
  await record(state, 'RESULT_RETURNED', input.actor, {
    channel: input.channel,
    documents: state.resultDocuments,
    note: input.note ?? null,
  }, 'RESULT_READY');
}

/** Public postal service report (Decision 45/2016): delivered, or failed — then the result can be returned again. */
export async function recordDelivery(state: DossierState, report: d.PostalDelivery): Promise<void> {
  if (state.status !== 'RESULT_RETURNED' || state.delivery !== 'HANDED_OVER') {
    await record(state, 'POSTAL_REPORT_IGNORED', SYSTEM, { ...report, reason: `no postal delivery under way (${state.status})` });
    return;
  }
  state.delivery = report.status;
  if (report.status === 'FAILED') {
    state.status = 'RESULT_READY';
    state.returnedAt = null;
    state.ratingClosesAt = null;
  }
  await record(state, report.status === 'DELIVERED' ? 'POSTAL_DELIVERED' : 'POSTAL_DELIVERY_FAILED', SYSTEM, { ...report }, 'RESULT_RETURNED');
}

export async function rate(state: DossierState, input: d.Rating): Promise<void> {
  state.status = 'RATED';
  const { punctuality, attitude, overall, contacts } = input;
  await record(state, 'RATED', input.actor, { punctuality, attitude, overall, contacts }, 'RESULT_RETURNED');
}

export async function withdraw(state: DossierState, input: d.Withdrawal): Promise<void> {
  const from = state.status;
  state.status = 'WITHDRAWN';
  await record(state, 'WITHDRAWN', input.actor, { note: input.note ?? null }, from);
}
