import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../db/schema';
import * as m from '../../workflows/dossier/messages';
import { OverdueKey } from '../../workflows/dossier/search-attributes';
import { addDays, at, codeDate, nextTetBreak, nextWorkingDay, ordinaryWeeks } from './dates';
import { applicant, officer, startScenario, vn, type DossierHandle, type Scenario } from './harness';

// Reception (tiếp nhận, Decree 45/2020 Art. 11): the 8-working-hour check, one-time supplementation, refusal and
// withdrawal, on permanent residence registration (1.004222, 7 working days, one `handling` step).
// Each test finds the days it needs after the server's clock: ordinary weeks (Monday–Friday working, no holiday or
// swap, `day(n)` n days after their Monday), any working day, or the next Tết break.
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

  const ordinaryDays = async (weeks: number) => {
    const monday = ordinaryWeeks(s.calendar, await s.searchFrom(), weeks);
    return (n: number) => addDays(monday, n);
  };
  const aWorkingDay = async () => nextWorkingDay(s.calendar, await s.searchFrom());

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
    const day = await ordinaryDays(2);
    const [friday, monday] = [day(4), day(7)];
    await s.travelTo(at(friday, '16:00'));
    const handle = await s.submit('1.004222');
    // Friday 16:00–17:00 (1 h), weekend skipped, Monday 07:30–11:30 (4 h) and 13:00–16:00 (3 h).
    expect(await handle.query(m.viewQuery)).toMatchObject({
      status: 'AWAITING_RECEPTION_CHECK',
      officialReceiptAt: vn(at(friday, '16:00')),
      receptionCheckDueAt: vn(at(monday, '16:00')),
      overdueAtReception: false,
    });

    await s.travelTo(at(monday, '15:59'));
    expect((await handle.query(m.viewQuery)).overdueAtReception).toBe(false);
    expect(await s.events(handle)).toEqual(['RECEIVED']);
    expect(await leaderNotices(handle)).toHaveLength(0);
    expect(await overdueAttribute(handle)).toBe(false);

    await s.travelTo(at(monday, '16:01'));
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
      dueAt: new Date(vn(at(monday, '16:00'))),
    });
    expect(await overdueAttribute(handle)).toBe(true);
  });

  it('asks for supplementation once, re-receives the resubmission and issues the code only at acceptance', async () => {
    const day = await ordinaryDays(2);
    const [tuesday, wednesday] = [day(1), day(2)];
    await s.travelTo(at(tuesday, '09:00'));
    const handle = await s.submit('1.004222');
    // First check due Wednesday 09:00 (09:00–11:30, 13:00–17:00 Tuesday, 07:30–09:00 Wednesday).
    expect((await handle.query(m.viewQuery)).receptionCheckDueAt).toBe(vn(at(wednesday, '09:00')));
    const request = { actor: officer, items: supplementItems };
    const requested = await handle.executeUpdate(m.requestSupplementUpdate, { args: [request] });
    expect(requested).toMatchObject({ status: 'SUPPLEMENT_REQUESTED', dossierCode: null });

    // Resubmitted Tuesday 18:30, after office hours: officially received at the next working period, Wednesday 07:30.
    await s.travelTo(at(tuesday, '18:30'));
    const resubmitted = await handle.executeUpdate(m.supplementUpdate, { args: [{ actor: applicant, components }] });
    expect(resubmitted).toMatchObject({
      status: 'AWAITING_RECEPTION_CHECK',
      officialReceiptAt: vn(at(wednesday, '07:30')),
      receptionCheckDueAt: vn(at(wednesday, '17:00')),
      dossierCode: null,
      overdueAtReception: false,
    });
    const again = handle.executeUpdate(m.requestSupplementUpdate, { args: [request] });
    await expectRefused(handle, again, 'AlreadyDone');

    // Past the first round's due instant (09:00) but inside the new one: not flagged.
    await s.travelTo(at(wednesday, '10:00'));
    expect((await handle.query(m.viewQuery)).overdueAtReception).toBe(false);
    const accepted = await handle.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }] });
    // The statutory clock counts from the new official receipt time: 7 working days, Thursday to Friday of the next
    // week. The code is the unit's first of the day of acceptance.
    expect(accepted).toMatchObject({
      status: 'ACCEPTED',
      dossierCode: `000.00.01.H56-${codeDate(wednesday)}-0001`,
      dueAt: vn(at(day(11), '17:00')),
    });
    expect(await s.events(handle)).toEqual([
      'RECEIVED', 'SUPPLEMENT_REQUESTED', 'SUPPLEMENTED', 'RECEIVED_AGAIN', 'ACCEPTED',
    ]);
  });

  it('refuses a dossier at reception with reasons and completes its workflow', async () => {
    await s.travelTo(at(await aWorkingDay(), '09:00'));
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
    await s.travelTo(at(await aWorkingDay(), '10:00'));
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
    await s.travelTo(at(await aWorkingDay(), '09:00'));
    const handle = await s.submit('1.004222');
    const empty = handle.executeUpdate(m.requestSupplementUpdate, { args: [{ actor: officer, items: [] }] });
    await expectRefused(handle, empty, 'InvalidInput');
    await expect(empty).rejects.toMatchObject({ cause: { details: [{ field: 'items' }] } });
    expect(await s.events(handle)).toEqual(['RECEIVED']);
    expect((await handle.query(m.viewQuery)).status).toBe('AWAITING_RECEPTION_CHECK');
  });

  it('counts the 8 working hours across the next Tết break', async () => {
    // Official or drafted, the break is the days between the last working day before mùng 1 Tết and the first after;
    // each of them is off, at least one as the Tết holiday.
    const { tet, lastWorkingDayBefore: before, firstWorkingDayAfter: after, daysOff } = nextTetBreak(s.calendar, await s.searchFrom());
    expect(daysOff).toContain(tet);
    expect(daysOff.length).toBeGreaterThanOrEqual(5);
    expect(daysOff.map((date) => s.calendar.dayInfo(date).working)).toEqual(daysOff.map(() => false));
    expect(s.calendar.dayInfo(tet).reasons).toContainEqual(expect.objectContaining({ code: 'holiday', holiday: 'tet' }));

    await s.travelTo(at(before, '16:00'));
    const handle = await s.submit('1.004222');
    // 16:00–17:00 before the break (1 h), then the first day back 07:30–11:30 (4 h) and 13:00–16:00 (3 h).
    expect(await handle.query(m.viewQuery)).toMatchObject({
      officialReceiptAt: vn(at(before, '16:00')),
      receptionCheckDueAt: vn(at(after, '16:00')),
    });
    await s.travelTo(at(after, '15:59'));
    expect((await handle.query(m.viewQuery)).overdueAtReception).toBe(false);
    await s.travelTo(at(after, '16:01'));
    expect((await handle.query(m.viewQuery)).overdueAtReception).toBe(true);
    expect(await s.events(handle)).toEqual(['RECEIVED', 'RECEPTION_CHECK_OVERDUE']);
    expect(await leaderNotices(handle)).toHaveLength(1);
  });
});
