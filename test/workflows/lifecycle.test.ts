import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m from '../../workflows/dossier/messages';
import { applicant, officer, startScenario, vn, type DossierHandle, type Scenario } from './harness';

// The whole life of a one-agency dossier: permanent residence registration (1.004222, 7 working days).
// Dates are in the test server's future, in order; 2026 uses the government's official schedule.
describe('a one-agency dossier from receipt to rating', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  });
  afterAll(async () => s?.close());

  async function handleUntilReady(handle: DossierHandle) {
    await handle.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }] });
    await handle.executeUpdate(m.transferUpdate, { args: [{ actor: officer }] });
    await handle.executeUpdate(m.handOverStepUpdate, { args: [{ actor: officer, stepId: 'handling', outcome: 'COMPLETED' }] });
  }

  it('resolves early, returns online, is rated, and the workflow completes', async () => {
    await s.travelTo('2026-11-30T09:00');
    const handle = await s.submit('1.004222');
    await handleUntilReady(handle);
    const accepted = await handle.query(m.viewQuery);
    // Receipt Mon 30 Nov 09:00; 7 working days: 1–4, 7–9 Dec; due Wed 9 Dec at the end of office hours.
    expect(accepted).toMatchObject({ officialReceiptAt: vn('2026-11-30T09:00'), dueAt: vn('2026-12-09T17:00'), appointmentAt: vn('2026-12-09T17:00') });
    expect(accepted.dossierCode).toMatch(/^000\.00\.01\.H56-261130-\d{4}$/);

    await s.travelTo('2026-12-03T10:00');
    const ready = await handle.executeUpdate(m.approveUpdate, { args: [{ actor: officer, results: ['Xác nhận đăng ký thường trú'] }] });
    expect(ready).toMatchObject({ status: 'RESULT_READY', timeliness: 'EARLY', resultDocuments: [`${accepted.dossierCode}-KQ1`] });
    await handle.executeUpdate(m.returnResultUpdate, { args: [{ actor: officer, channel: 'online' }] });
    await handle.executeUpdate(m.rateUpdate, { args: [{ actor: applicant, punctuality: 5, attitude: 5, overall: 5, contacts: 1 }] });
    expect(await s.completion(handle)).toBe('COMPLETED');
    expect(await handle.query(m.viewQuery)).toMatchObject({ status: 'RATED' });
    expect(await s.events(handle)).toEqual([
      'RECEIVED', 'ACCEPTED', 'TRANSFERRED', 'STEP_STARTED', 'STEP_HANDED_OVER', 'RESULT_READY', 'RESULT_RETURNED', 'RATED',
    ]);
  });

  it('resolves on time on the due date, after the reminder the working day before', async () => {
    await s.travelTo('2026-12-10T09:00');
    const handle = await s.submit('1.004222');
    await handleUntilReady(handle);
    // Due Mon 21 Dec 17:00 (11, 14–18, 21 Dec); the reminder fires one working day before, Fri 18 Dec 17:00.
    expect((await handle.query(m.viewQuery)).dueAt).toBe(vn('2026-12-21T17:00'));
    await s.travelTo('2026-12-21T08:00');
    expect(await s.events(handle)).toContain('DUE_SOON');
    const ready = await handle.executeUpdate(m.approveUpdate, { args: [{ actor: officer, results: ['Xác nhận'] }] });
    expect(ready.timeliness).toBe('ON_TIME');
  });

  it('flags a dossier overdue at its due date and reports it late when resolved after', async () => {
    await s.travelTo('2026-12-22T09:00');
    const handle = await s.submit('1.004222');
    await handleUntilReady(handle);
    const { dueAt } = await handle.query(m.viewQuery);
    expect(dueAt).toBe(vn('2026-12-31T17:00'));
    await s.travelTo('2027-01-04T09:00');
    expect(await handle.query(m.viewQuery)).toMatchObject({ overdue: true });
    expect(await s.events(handle)).toEqual(expect.arrayContaining(['DUE_SOON', 'OVERDUE']));
    const ready = await handle.executeUpdate(m.approveUpdate, { args: [{ actor: officer, results: ['Xác nhận'] }] });
    expect(ready.timeliness).toBe('LATE');
  });

  it('refuses approval before acceptance, writing nothing', async () => {
    await s.travelTo('2027-01-05T09:00');
    const handle = await s.submit('1.004222');
    const early = handle.executeUpdate(m.approveUpdate, { args: [{ actor: officer, results: ['x'] }] });
    await expect(early).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(early).rejects.toMatchObject({ cause: { type: 'WrongState' } });
    // A validator's refusal is never accepted into history, and nothing reaches the read model.
    const history = (await handle.fetchHistory()).events!;
    expect(history.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1); // acknowledgment
    expect(await s.events(handle)).toEqual(['RECEIVED']);
  });
});
