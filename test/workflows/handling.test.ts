import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PauseDecision } from '../../workflows/dossier/decision-inputs';
import * as m from '../../workflows/dossier/messages';
import { addDays, at, ordinaryWeeks } from './dates';
import { applicant, officer, startScenario, vn, type DossierHandle, type Scenario } from './harness';

// Handling a one-agency dossier: the apology for a late dossier (form 04), same-day limits, pauses with a reason and a
// notice (supplementation under PAUSE_RESUME and RESTART, financial obligation, verification) and the refusal to
// resolve (domain spec §3.4–§3.6). Each test finds ordinary weeks (Monday–Friday working, no holiday or swap) after
// the server's clock, so its working days are arithmetic on their Monday (`day(n)`). Decisions whose instant moves a
// due date are taken outside office hours, so the due dates are exact to the millisecond.
describe('handling a dossier', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  });
  afterAll(async () => s?.close());

  const transferred = (procedureCode: string) => s.transferred(procedureCode);
  const apologise = (handle: DossierHandle, newAppointmentAt: string) =>
    handle.executeUpdate(m.apologiseUpdate, { args: [{ actor: officer, reason: 'Chờ xác minh nơi cư trú', newAppointmentAt }] });
  const pause = (handle: DossierHandle, reason: PauseDecision['reason'], extra: Partial<PauseDecision> = {}) =>
    handle.executeUpdate(m.pauseUpdate, { args: [{ actor: officer, reason, noticeRef: `TB-${reason}-2026`, ...extra }] });
  const resume = (handle: DossierHandle) => handle.executeUpdate(m.resumeUpdate, { args: [{ actor: officer }] });
  const supplement = (handle: DossierHandle) =>
    handle.executeUpdate(m.supplementUpdate, {
      args: [{ actor: applicant, components: [{ name: 'Giấy xác nhận chỗ ở hợp pháp', digest: 'a'.repeat(64) }] }],
    });
  const refusedWith = (type: string) => ({ cause: { type } });
  /** `day(n)`: n days after the Monday that starts `weeks` ordinary weeks after the server's clock. */
  const ordinaryDays = async (weeks: number) => {
    const monday = ordinaryWeeks(s.calendar, await s.searchFrom(), weeks);
    return (n: number) => addDays(monday, n);
  };

  it('accepts one apology before the last working day, keeps the due date, and still reports the dossier late', async () => {
    const day = await ordinaryDays(3);
    const due = vn(at(day(9), '17:00'));
    const newAppointment = vn(at(day(11), '17:00'));
    await s.travelTo(at(day(0), '09:00'));
    const handle = await transferred('1.004222');
    const other = await transferred('1.004222');
    // Received Monday, due Wednesday of the next week; the apology must come by the end of the working day before.
    expect(await handle.query(m.viewQuery)).toMatchObject({ dueAt: due, appointmentAt: due });
    await expect(apologise(handle, due)).rejects.toMatchObject({
      cause: { type: 'InvalidInput', details: [{ field: 'newAppointmentAt' }] },
    });

    const apologised = await apologise(handle, newAppointment);
    expect(apologised).toMatchObject({ status: 'IN_HANDLING', dueAt: due, appointmentAt: newAppointment });
    await expect(apologise(handle, vn(at(day(14), '17:00')))).rejects.toMatchObject(refusedWith('AlreadyDone'));
    expect((await s.notices(handle)).map((n) => [n.kind, n.audience, n.dueAt?.toISOString()])).toEqual([
      ['APOLOGY', 'applicant', newAppointment],
    ]);

    await s.travelTo(at(day(8), '17:30'));
    await expect(apologise(other, newAppointment)).rejects.toMatchObject(refusedWith('TooLate'));
    expect((await other.query(m.viewQuery)).appointmentAt).toBe(due);

    // Resolved after the due date, though before the new appointment: late (with an apology).
    await s.travelTo(at(day(10), '09:00'));
    expect(await handle.query(m.viewQuery)).toMatchObject({ overdue: true, appointmentAt: newAppointment });
    await handle.executeUpdate(m.handOverStepUpdate, { args: [{ actor: officer, stepId: 'handling', outcome: 'COMPLETED' }] });
    const ready = await handle.executeUpdate(m.approveUpdate, { args: [{ actor: officer, results: ['Xác nhận'] }] });
    expect(ready).toMatchObject({ status: 'RESULT_READY', timeliness: 'LATE', dueAt: due, appointmentAt: newAppointment });
    expect(await s.events(handle)).toEqual([
      'RECEIVED', 'ACCEPTED', 'TRANSFERRED', 'STEP_STARTED', 'APOLOGISED', 'DUE_SOON', 'OVERDUE', 'STEP_OVERDUE', 'STEP_HANDED_OVER', 'RESULT_READY',
    ]);
    // The one step has the whole limit as its slice, so it is late on its own as well.
    expect(ready.steps).toEqual([{ id: 'handling', status: 'DONE', outcome: 'COMPLETED', late: true, dueAt: due }]);
  });

  it('gives a same-day procedure until 17:00 when received by the 15:00 cut-off, else until the next working day', async () => {
    const day = await ordinaryDays(2);
    const friday = day(4);
    await s.travelTo(at(friday, '14:30'));
    const early = await transferred('1.001193');
    await s.travelTo(at(friday, '15:00'));
    const atCutoff = await transferred('1.001193');
    await s.travelTo(at(friday, '15:30'));
    const late = await transferred('1.001193');
    expect(await early.query(m.viewQuery)).toMatchObject({ officialReceiptAt: vn(at(friday, '14:30')), dueAt: vn(at(friday, '17:00')) });
    expect(await atCutoff.query(m.viewQuery)).toMatchObject({ dueAt: vn(at(friday, '17:00')) });
    // Friday after the cut-off: the end of the next working day, Monday.
    expect(await late.query(m.viewQuery)).toMatchObject({ officialReceiptAt: vn(at(friday, '15:30')), dueAt: vn(at(day(7), '17:00')) });
    expect((await late.query(m.viewQuery)).steps).toEqual([
      { id: 'handling', status: 'IN_PROGRESS', outcome: null, late: false, dueAt: vn(at(day(7), '17:00')) },
    ]);
  });

  it('pauses for supplementation and resumes on the applicant’s supplement, moving the due date by the paused office time', async () => {
    const day = await ordinaryDays(3);
    await s.travelTo(at(day(0), '09:00'));
    const handle = await transferred('1.004222');
    // Seven working days from Monday: Tuesday–Friday, Monday–Wednesday.
    expect((await handle.query(m.viewQuery)).dueAt).toBe(vn(at(day(9), '17:00')));

    await s.travelTo(at(day(1), '12:00'));
    const items = [{ item: 'Giấy xác nhận chỗ ở hợp pháp', reason: 'Bản chụp không đọc được' }];
    const paused = await pause(handle, 'SUPPLEMENT', { noticeRef: 'TB-02/2026/0015', items });
    expect(paused).toMatchObject({ status: 'PAUSED', paused: true, dueAt: vn(at(day(9), '17:00')) });
    await expect(pause(handle, 'VERIFICATION')).rejects.toMatchObject(refusedWith('WrongState'));
    await expect(handle.executeUpdate(m.handOverStepUpdate, { args: [{ actor: officer, stepId: 'handling', outcome: 'COMPLETED' }] })).rejects.toMatchObject(
      refusedWith('WrongState'),
    );

    // Supplemented online on Thursday evening: paused Tue afternoon, Wed, Thu = 1,200 office minutes, so the due date
    // moves from Wednesday 17:00 over Thursday and Friday (960) to Monday 11:30 (240).
    await s.travelTo(at(day(3), '19:30'));
    const resumed = await supplement(handle);
    const pausedMinutes = s.calendar.workingMinutesBetween(vn(at(day(1), '12:00')), vn(at(day(3), '19:30')));
    expect(pausedMinutes).toBe(1200);
    const moved = vn(at(day(14), '11:30'));
    expect(resumed).toMatchObject({ status: 'IN_HANDLING', paused: false, dueAt: moved, appointmentAt: moved });
    expect(resumed.dueAt).toBe(s.calendar.addWorkingMinutes(vn(at(day(9), '17:00')), pausedMinutes).toISOString());
    // The step's own clock (here the whole limit) stood still too.
    expect(resumed.steps).toMatchObject([{ id: 'handling', status: 'IN_PROGRESS', dueAt: moved }]);
    const trail = await s.trail(handle);
    expect(trail.slice(-3).map((e) => [e.type, e.actorId, e.toStatus])).toEqual([
      ['PAUSED', officer.id, 'PAUSED'],
      ['SUPPLEMENTED', applicant.id, 'PAUSED'],
      ['RESUMED', applicant.id, 'IN_HANDLING'],
    ]);
    expect(trail.at(-3)!.payload).toEqual({ reason: 'SUPPLEMENT', noticeRef: 'TB-02/2026/0015', items });
    expect(trail.at(-1)!.payload).toMatchObject({ policy: 'PAUSE_RESUME', dueAt: moved });
  });

  it('restarts the full limit from the official receipt time of the supplement under RESTART', async () => {
    const day = await ordinaryDays(3);
    const friday = day(4);
    await s.travelTo(at(friday, '09:00'));
    const handle = await transferred('1.013225');
    // Seven working days from Friday: Monday–Friday, Monday, Tuesday.
    expect((await handle.query(m.viewQuery)).dueAt).toBe(vn(at(day(15), '17:00')));
    await s.travelTo(at(friday, '12:00'));
    await pause(handle, 'SUPPLEMENT', { items: [{ item: 'Bản vẽ thiết kế', reason: 'Thiếu mặt cắt' }] });

    // Supplemented on Friday evening: officially received Monday 07:30; 7 working days again: Tuesday–Friday,
    // Monday–Wednesday.
    await s.travelTo(at(friday, '18:30'));
    const restarted = await supplement(handle);
    const restartedDue = vn(at(day(16), '17:00'));
    expect(restarted).toMatchObject({ status: 'IN_HANDLING', paused: false, dueAt: restartedDue, appointmentAt: restartedDue });
    // The steps' slices count again from the same instant: the appraisal has the whole 7 days, the consultation 12.
    const consultationDue = s.calendar.dueAt(vn(at(day(7), '07:30')), { unit: 'calendar_days', value: 12 }).toISOString();
    expect(restarted.steps).toMatchObject([
      { id: 'appraisal', status: 'IN_PROGRESS', dueAt: restartedDue },
      { id: 'consultation', status: 'IN_PROGRESS', dueAt: consultationDue },
    ]);
    expect((await s.trail(handle)).at(-1)).toMatchObject({ type: 'RESUMED', payload: { policy: 'RESTART', dueAt: restartedDue } });
  });

  it('pauses for a financial obligation and for verification, each resumed by the officer', async () => {
    const day = await ordinaryDays(2);
    await s.travelTo(at(day(0), '09:00'));
    const handle = await transferred('1.004222');
    expect((await handle.query(m.viewQuery)).dueAt).toBe(vn(at(day(9), '17:00')));
    await expect(resume(handle)).rejects.toMatchObject(refusedWith('WrongState'));

    await s.travelTo(at(day(0), '12:00'));
    expect(await pause(handle, 'FINANCIAL_OBLIGATION')).toMatchObject({ status: 'PAUSED', paused: true });
    // Not paused for supplementation: the applicant cannot end it with a supplement.
    await expect(supplement(handle)).rejects.toMatchObject(refusedWith('WrongState'));
    await s.travelTo(at(day(0), '17:30'));
    // Paused the afternoon of Monday (240 office minutes): due Thursday of the next week, 11:30.
    const afterFirst = vn(at(day(10), '11:30'));
    expect(await resume(handle)).toMatchObject({ status: 'IN_HANDLING', paused: false, dueAt: afterFirst });

    await s.travelTo(at(day(1), '12:00'));
    await pause(handle, 'VERIFICATION');
    await s.travelTo(at(day(1), '17:30'));
    const afterSecond = vn(at(day(10), '17:00'));
    expect(await resume(handle)).toMatchObject({ status: 'IN_HANDLING', dueAt: afterSecond, appointmentAt: afterSecond });
    const trail = await s.trail(handle);
    expect(trail.filter((e) => e.type === 'PAUSED').map((e) => e.payload.reason)).toEqual(['FINANCIAL_OBLIGATION', 'VERIFICATION']);
    expect(trail.filter((e) => e.type === 'RESUMED').map((e) => [e.actorId, e.payload.policy, e.payload.dueAt])).toEqual([
      [officer.id, 'PAUSE_RESUME', afterFirst],
      [officer.id, 'PAUSE_RESUME', afterSecond],
    ]);
  });

  it('refuses to resolve with written reasons, even while paused, and the dossier ends', async () => {
    const day = await ordinaryDays(1);
    await s.travelTo(at(day(1), '09:00'));
    const handle = await transferred('1.004222');
    await pause(handle, 'VERIFICATION');
    const refuse = (reasons: string[]) => handle.executeUpdate(m.refuseToResolveUpdate, { args: [{ actor: officer, reasons }] });
    await expect(refuse([])).rejects.toMatchObject({ cause: { type: 'InvalidInput', details: [{ field: 'reasons' }] } });

    await s.travelTo(at(day(2), '10:00'));
    const reasons = ['Kết quả xác minh: người đăng ký không cư trú tại địa chỉ kê khai'];
    const refused = await refuse(reasons);
    expect(refused).toMatchObject({ status: 'REFUSED_TO_RESOLVE', timeliness: 'EARLY' });
    expect(await s.completion(handle)).toBe('COMPLETED');
    expect((await s.trail(handle)).at(-1)).toMatchObject({
      type: 'REFUSED_TO_RESOLVE',
      fromStatus: 'PAUSED',
      toStatus: 'REFUSED_TO_RESOLVE',
      payload: { reasons, timeliness: 'EARLY' },
    });
  });
});
