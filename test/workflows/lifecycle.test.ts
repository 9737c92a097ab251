import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m from '../../workflows/dossier/messages';
import { addDays, at, codeDate, ordinaryWeeks } from './dates';
import { applicant, officer, startScenario, vn, type DossierHandle, type Scenario } from './harness';

// The whole life of a one-agency dossier: permanent residence registration (1.004222, 7 working days).
// Each test finds ordinary weeks (Monday–Friday working, no holiday, no swap) after the server's clock, so its working
// days are plain arithmetic on their Monday.
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
    const monday = ordinaryWeeks(s.calendar, await s.searchFrom(), 2);
    const day = (n: number) => addDays(monday, n);
    await s.travelTo(at(monday, '09:00'));
    const handle = await s.submit('1.004222');
    await handleUntilReady(handle);
    const accepted = await handle.query(m.viewQuery);
    // Receipt Monday 09:00; 7 working days: Tuesday–Friday, Monday–Wednesday; due Wednesday at the end of office hours.
    expect(accepted).toMatchObject({ officialReceiptAt: vn(at(monday, '09:00')), dueAt: vn(at(day(9), '17:00')), appointmentAt: vn(at(day(9), '17:00')) });
    expect(accepted.dossierCode).toMatch(new RegExp(`^000\\.00\\.01\\.H56-${codeDate(monday)}-\\d{4}$`));

    await s.travelTo(at(day(3), '10:00'));
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
    const monday = ordinaryWeeks(s.calendar, await s.searchFrom(), 3);
    const day = (n: number) => addDays(monday, n);
    await s.travelTo(at(day(3), '09:00'));
    const handle = await s.submit('1.004222');
    await handleUntilReady(handle);
    // Received Thursday: due the Monday after next, 17:00 (Friday, five days, Monday); the reminder fires one working
    // day before, on the Friday at 17:00.
    expect((await handle.query(m.viewQuery)).dueAt).toBe(vn(at(day(14), '17:00')));
    await s.travelTo(at(day(11), '16:59'));
    expect(await s.events(handle)).not.toContain('DUE_SOON');
    await s.travelTo(at(day(14), '08:00'));
    expect(await s.events(handle)).toContain('DUE_SOON');
    const ready = await handle.executeUpdate(m.approveUpdate, { args: [{ actor: officer, results: ['Xác nhận'] }] });
    expect(ready.timeliness).toBe('ON_TIME');
  });

  it('flags a dossier overdue at its due date and reports it late when resolved after', async () => {
    const monday = ordinaryWeeks(s.calendar, await s.searchFrom(), 2);
    const day = (n: number) => addDays(monday, n);
    await s.travelTo(at(day(1), '09:00'));
    const handle = await s.submit('1.004222');
    await handleUntilReady(handle);
    // Received Tuesday: due Thursday of the next week.
    const { dueAt } = await handle.query(m.viewQuery);
    expect(dueAt).toBe(vn(at(day(10), '17:00')));
    expect((await handle.query(m.viewQuery)).overdue).toBe(false);
    await s.travelTo(at(day(11), '09:00'));
    expect(await handle.query(m.viewQuery)).toMatchObject({ overdue: true });
    expect(await s.events(handle)).toEqual(expect.arrayContaining(['DUE_SOON', 'OVERDUE']));
    const ready = await handle.executeUpdate(m.approveUpdate, { args: [{ actor: officer, results: ['Xác nhận'] }] });
    expect(ready.timeliness).toBe('LATE');
  });

  it('refuses approval before acceptance, writing nothing', async () => {
    const monday = ordinaryWeeks(s.calendar, await s.searchFrom(), 1);
    await s.travelTo(at(monday, '09:00'));
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
