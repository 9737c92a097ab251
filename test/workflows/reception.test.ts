import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../db/schema';
import { defaultCalendarProvider } from '../../temporal-config/calendars';
import * as m from '../../workflows/dossier/messages';
import { OverdueKey } from '../../workflows/dossier/search-attributes';
import { applicant, officer, startScenario, vn, type DossierHandle, type Scenario } from './harness';

// Reception (tiếp nhận, Decree 45/2020 Art. 11): the 8-working-hour check, one-time supplementation, refusal and
// withdrawal, on permanent residence registration (1.004222, 7 working days, one `handling` step).
// Tests run in date order on one server; 2026 uses the official schedule, 2027 is drafted from the rules.
describe('reception of an online dossier', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  });
  afterAll(async () => s?.close());

  const supplementItems = [
    { item: 'Bản sao giấy tờ chứng minh chỗ ở hợp pháp', reason: 'Bản scan bị mờ, không đọc được' },
  ];
  const components = [{ name: 'Giấy tờ chứng minh chỗ ở hợp pháp', digest: 'a'.repeat(64) }];

  async function leaderNotices(handle: DossierHandle) {
    return s.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.dossierId, handle.workflowId), eq(notifications.kind, 'RECEPTION_CHECK_OVERDUE')));
  }

  async function overdueAttribute(handle: DossierHandle) {
    return (await handle.describe()).typedSearchAttributes.get(OverdueKey);
  }

  /** Expects the update to be refused by the validator with `reason`, writing nothing to the read model. */
  async function expectRefused(handle: DossierHandle, attempt: Promise<unknown>, reason: string) {
    const before = await s.events(handle);
    await expect(attempt).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(attempt).rejects.toMatchObject({ cause: { type: reason } });
    expect(await s.events(handle)).toEqual(before);
  }

  it('flags a dossier unchecked 8 working hours after a Friday-afternoon receipt on Monday at 16:00', async () => {
    await s.travelTo('2026-12-04T16:00');
    const handle = await s.submit('1.004222');
    // Fri 4 Dec 16:00–17:00 (1 h), weekend skipped, Mon 7 Dec 07:30–11:30 (4 h) and 13:00–16:00 (3 h).
    expect(await handle.query(m.viewQuery)).toMatchObject({
      status: 'AWAITING_RECEPTION_CHECK',
      officialReceiptAt: vn('2026-12-04T16:00'),
      receptionCheckDueAt: vn('2026-12-07T16:00'),
      overdueAtReception: false,
    });

    await s.travelTo('2026-12-07T15:59');
    expect((await handle.query(m.viewQuery)).overdueAtReception).toBe(false);
    expect(await s.events(handle)).toEqual(['RECEIVED']);
    expect(await leaderNotices(handle)).toHaveLength(0);
    expect(await overdueAttribute(handle)).toBe(false);

    await s.travelTo('2026-12-07T16:01');
    expect(await handle.query(m.viewQuery)).toMatchObject({
      status: 'AWAITING_RECEPTION_CHECK',
      overdueAtReception: true,
    });
    expect(await s.events(handle)).toEqual(['RECEIVED', 'RECEPTION_CHECK_OVERDUE']);
    const notices = await leaderNotices(handle);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      audience: 'leader',
      unitCode: '000.00.01.H56',
      dueAt: new Date(vn('2026-12-07T16:00')),
    });
    expect(await overdueAttribute(handle)).toBe(true);
  });

  it('asks for supplementation once, re-receives the resubmission and issues the code only at acceptance', async () => {
    await s.travelTo('2026-12-08T09:00');
    const handle = await s.submit('1.004222');
    // First check due Wed 9 Dec 09:00 (09:00–11:30, 13:00–17:00 Tue, 07:30–09:00 Wed).
    expect((await handle.query(m.viewQuery)).receptionCheckDueAt).toBe(vn('2026-12-09T09:00'));
    const request = { actor: officer, items: supplementItems };
    const requested = await handle.executeUpdate(m.requestSupplementUpdate, { args: [request] });
    expect(requested).toMatchObject({ status: 'SUPPLEMENT_REQUESTED', dossierCode: null });

    // Resubmitted Tue 18:30, after office hours: officially received at the next working period, Wed 07:30.
    await s.travelTo('2026-12-08T18:30');
    const resubmitted = await handle.executeUpdate(m.supplementUpdate, { args: [{ actor: applicant, components }] });
    expect(resubmitted).toMatchObject({
      status: 'AWAITING_RECEPTION_CHECK',
      officialReceiptAt: vn('2026-12-09T07:30'),
      receptionCheckDueAt: vn('2026-12-09T17:00'),
      dossierCode: null,
      overdueAtReception: false,
    });
    const again = handle.executeUpdate(m.requestSupplementUpdate, { args: [request] });
    await expectRefused(handle, again, 'AlreadyDone');

    // Past the first round's due instant (09:00) but inside the new one: not flagged.
    await s.travelTo('2026-12-09T10:00');
    expect((await handle.query(m.viewQuery)).overdueAtReception).toBe(false);
    const accepted = await handle.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }] });
    // The statutory clock counts from the new official receipt time: 7 working days 10–11, 14–18 Dec.
    expect(accepted).toMatchObject({
      status: 'ACCEPTED',
      dossierCode: '000.00.01.H56-261209-0001',
      dueAt: vn('2026-12-18T17:00'),
    });
    expect(await s.events(handle)).toEqual([
      'RECEIVED', 'SUPPLEMENT_REQUESTED', 'SUPPLEMENTED', 'RECEIVED_AGAIN', 'ACCEPTED',
    ]);
  });

  it('refuses a dossier at reception with reasons and completes its workflow', async () => {
    await s.travelTo('2026-12-10T09:00');
    const handle = await s.submit('1.004222');
    const refused = await handle.executeUpdate(m.refuseAtReceptionUpdate, {
      args: [{ actor: officer, reasons: ['Địa chỉ đăng ký không thuộc địa bàn xã'] }],
    });
    expect(refused).toMatchObject({ status: 'REFUSED_AT_RECEPTION', dossierCode: null });
    expect(await s.completion(handle)).toBe('COMPLETED');
    expect(await s.events(handle)).toEqual(['RECEIVED', 'REFUSED_AT_RECEPTION']);
    // The workflow has completed, so a later decision never reaches a validator: the server answers "not found"
    // (the API turns it into 409 with the final status, test/api/dossier-slice.test.ts) and nothing is written.
    const late = handle.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }] });
    await expect(late).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect(await s.events(handle)).toEqual(['RECEIVED', 'REFUSED_AT_RECEPTION']);
  });

  it('lets the applicant withdraw before return, and refuses withdrawal after the result is returned', async () => {
    await s.travelTo('2026-12-10T10:00');
    const early = await s.submit('1.004222');
    const withdrawal = { actor: applicant, note: 'Nộp nhầm thủ tục' };
    const withdrawn = await early.executeUpdate(m.withdrawUpdate, { args: [withdrawal] });
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect(await s.completion(early)).toBe('COMPLETED');
    expect(await s.events(early)).toEqual(['RECEIVED', 'WITHDRAWN']);

    const returned = await s.submit('1.004222');
    await returned.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }] });
    await returned.executeUpdate(m.transferUpdate, { args: [{ actor: officer }] });
    const handOver = { actor: officer, stepId: 'handling', outcome: 'COMPLETED' } as const;
    await returned.executeUpdate(m.handOverStepUpdate, { args: [handOver] });
    await returned.executeUpdate(m.approveUpdate, { args: [{ actor: officer, results: ['Xác nhận thường trú'] }] });
    const view = await returned.executeUpdate(m.returnResultUpdate, { args: [{ actor: officer, channel: 'online' }] });
    expect(view.status).toBe('RESULT_RETURNED');
    const tooLate = returned.executeUpdate(m.withdrawUpdate, { args: [{ actor: applicant }] });
    await expectRefused(returned, tooLate, 'WrongState');
    expect((await returned.query(m.viewQuery)).status).toBe('RESULT_RETURNED');
  });

  it('refuses an invalid decision with the field at fault and writes nothing', async () => {
    await s.travelTo('2026-12-11T09:00');
    const handle = await s.submit('1.004222');
    const empty = handle.executeUpdate(m.requestSupplementUpdate, { args: [{ actor: officer, items: [] }] });
    await expectRefused(handle, empty, 'InvalidInput');
    await expect(empty).rejects.toMatchObject({ cause: { details: [{ field: 'items' }] } });
    expect(await s.events(handle)).toEqual(['RECEIVED']);
    expect((await handle.query(m.viewQuery)).status).toBe('AWAITING_RECEPTION_CHECK');
  });

  it('counts the 8 working hours across the drafted Tết 2027 break', async () => {
    // 2027 has no official notice yet: Tết is drafted (Fri 5 – Tue 9 Feb, compensatory Wed 10 and Thu 11 Feb).
    const calendar = defaultCalendarProvider()('000.00.01.H56');
    expect(calendar.draftedYears).toContain(2027);
    expect(calendar.dayInfo('2027-02-05')).toMatchObject({ working: false, drafted: true });
    expect(calendar.dayInfo('2027-02-11')).toMatchObject({ working: false, drafted: true });

    await s.travelTo('2027-02-04T16:00');
    const handle = await s.submit('1.004222');
    // Thu 4 Feb 16:00–17:00 (1 h), then Fri 12 Feb 07:30–11:30 (4 h) and 13:00–16:00 (3 h).
    expect(await handle.query(m.viewQuery)).toMatchObject({
      officialReceiptAt: vn('2027-02-04T16:00'),
      receptionCheckDueAt: vn('2027-02-12T16:00'),
    });
    await s.travelTo('2027-02-12T15:59');
    expect((await handle.query(m.viewQuery)).overdueAtReception).toBe(false);
    await s.travelTo('2027-02-12T16:01');
    expect((await handle.query(m.viewQuery)).overdueAtReception).toBe(true);
    expect(await s.events(handle)).toEqual(['RECEIVED', 'RECEPTION_CHECK_OVERDUE']);
    expect(await leaderNotices(handle)).toHaveLength(1);
  });
});
