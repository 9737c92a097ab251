import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../calendars';
import type { PauseDecision } from '../../workflows/dossier/decision-inputs';
import * as m from '../../workflows/dossier/messages';
import { applicant, officer, startScenario, vn, type DossierHandle, type Scenario } from './harness';

// Handling a one-agency dossier: the apology for a late dossier (form 04), same-day limits, pauses with a reason and a
// notice (supplementation under PAUSE_RESUME and RESTART, financial obligation, verification) and the refusal to
// resolve (domain spec §3.4–§3.6). Dates increase through the file and stay in 2026 (official schedule). Decisions
// whose instant moves a due date are taken outside office hours, so the due dates are exact to the millisecond.
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

  it('accepts one apology before the last working day, keeps the due date, and still reports the dossier late', async () => {
    await s.travelTo('2026-11-30T09:00');
    const handle = await transferred('1.004222');
    const other = await transferred('1.004222');
    // Due Wed 9 Dec 17:00; the apology must come by the end of the working day before, Tue 8 Dec 17:00.
    expect(await handle.query(m.viewQuery)).toMatchObject({ dueAt: vn('2026-12-09T17:00'), appointmentAt: vn('2026-12-09T17:00') });
    await expect(apologise(handle, vn('2026-12-09T17:00'))).rejects.toMatchObject({
      cause: { type: 'InvalidInput', details: [{ field: 'newAppointmentAt' }] },
    });

    const apologised = await apologise(handle, vn('2026-12-11T17:00'));
    expect(apologised).toMatchObject({ status: 'IN_HANDLING', dueAt: vn('2026-12-09T17:00'), appointmentAt: vn('2026-12-11T17:00') });
    await expect(apologise(handle, vn('2026-12-14T17:00'))).rejects.toMatchObject(refusedWith('AlreadyDone'));
    expect((await s.notices(handle)).map((n) => [n.kind, n.audience, n.dueAt?.toISOString()])).toEqual([
      ['APOLOGY', 'applicant', vn('2026-12-11T17:00')],
    ]);

    await s.travelTo('2026-12-08T17:30');
    await expect(apologise(other, vn('2026-12-11T17:00'))).rejects.toMatchObject(refusedWith('TooLate'));
    expect((await other.query(m.viewQuery)).appointmentAt).toBe(vn('2026-12-09T17:00'));

    // Resolved after the due date, though before the new appointment: late (with an apology).
    await s.travelTo('2026-12-10T09:00');
    expect(await handle.query(m.viewQuery)).toMatchObject({ overdue: true, appointmentAt: vn('2026-12-11T17:00') });
    await handle.executeUpdate(m.handOverStepUpdate, { args: [{ actor: officer, stepId: 'handling', outcome: 'COMPLETED' }] });
    const ready = await handle.executeUpdate(m.approveUpdate, { args: [{ actor: officer, results: ['Xác nhận'] }] });
    expect(ready).toMatchObject({ status: 'RESULT_READY', timeliness: 'LATE', dueAt: vn('2026-12-09T17:00'), appointmentAt: vn('2026-12-11T17:00') });
    expect(await s.events(handle)).toEqual([
      'RECEIVED', 'ACCEPTED', 'TRANSFERRED', 'STEP_STARTED', 'APOLOGISED', 'DUE_SOON', 'OVERDUE', 'STEP_OVERDUE', 'STEP_HANDED_OVER', 'RESULT_READY',
    ]);
    // The one step has the whole limit as its slice, so it is late on its own as well.
    expect(ready.steps).toEqual([{ id: 'handling', status: 'DONE', outcome: 'COMPLETED', late: true, dueAt: vn('2026-12-09T17:00') }]);
  });

  it('gives a same-day procedure until 17:00 when received by the 15:00 cut-off, else until the next working day', async () => {
    await s.travelTo('2026-12-11T14:30');
    const early = await transferred('1.001193');
    await s.travelTo('2026-12-11T15:00');
    const atCutoff = await transferred('1.001193');
    await s.travelTo('2026-12-11T15:30');
    const late = await transferred('1.001193');
    expect(await early.query(m.viewQuery)).toMatchObject({ officialReceiptAt: vn('2026-12-11T14:30'), dueAt: vn('2026-12-11T17:00') });
    expect(await atCutoff.query(m.viewQuery)).toMatchObject({ dueAt: vn('2026-12-11T17:00') });
    // Friday after the cut-off: the end of the next working day, Monday.
    expect(await late.query(m.viewQuery)).toMatchObject({ officialReceiptAt: vn('2026-12-11T15:30'), dueAt: vn('2026-12-14T17:00') });
    expect((await late.query(m.viewQuery)).steps).toEqual([
      { id: 'handling', status: 'IN_PROGRESS', outcome: null, late: false, dueAt: vn('2026-12-14T17:00') },
    ]);
  });

  it('pauses for supplementation and resumes on the applicant’s supplement, moving the due date by the paused office time', async () => {
    await s.travelTo('2026-12-14T09:00');
    const handle = await transferred('1.004222');
    // Seven working days from Mon 14 Dec: 15–18, 21–23 Dec.
    expect((await handle.query(m.viewQuery)).dueAt).toBe(vn('2026-12-23T17:00'));

    await s.travelTo('2026-12-15T12:00');
    const items = [{ item: 'Giấy xác nhận chỗ ở hợp pháp', reason: 'Bản chụp không đọc được' }];
    const paused = await pause(handle, 'SUPPLEMENT', { noticeRef: 'TB-02/2026/0015', items });
    expect(paused).toMatchObject({ status: 'PAUSED', paused: true, dueAt: vn('2026-12-23T17:00') });
    await expect(pause(handle, 'VERIFICATION')).rejects.toMatchObject(refusedWith('WrongState'));
    await expect(handle.executeUpdate(m.handOverStepUpdate, { args: [{ actor: officer, stepId: 'handling', outcome: 'COMPLETED' }] })).rejects.toMatchObject(
      refusedWith('WrongState'),
    );

    // Supplemented online on Thursday evening: paused Tue afternoon, Wed, Thu = 1,200 office minutes.
    await s.travelTo('2026-12-17T19:30');
    const resumed = await supplement(handle);
    const calendar = createWorkingCalendar();
    const pausedMinutes = calendar.workingMinutesBetween(vn('2026-12-15T12:00'), vn('2026-12-17T19:30'));
    expect(pausedMinutes).toBe(1200);
    expect(resumed).toMatchObject({ status: 'IN_HANDLING', paused: false, dueAt: vn('2026-12-28T11:30'), appointmentAt: vn('2026-12-28T11:30') });
    expect(resumed.dueAt).toBe(calendar.addWorkingMinutes(vn('2026-12-23T17:00'), pausedMinutes).toISOString());
    // The step's own clock (here the whole limit) stood still too.
    expect(resumed.steps).toMatchObject([{ id: 'handling', status: 'IN_PROGRESS', dueAt: vn('2026-12-28T11:30') }]);
    const trail = await s.trail(handle);
    expect(trail.slice(-3).map((e) => [e.type, e.actorId, e.toStatus])).toEqual([
      ['PAUSED', officer.id, 'PAUSED'],
      ['SUPPLEMENTED', applicant.id, 'PAUSED'],
      ['RESUMED', applicant.id, 'IN_HANDLING'],
    ]);
    expect(trail.at(-3)!.payload).toEqual({ reason: 'SUPPLEMENT', noticeRef: 'TB-02/2026/0015', items });
    expect(trail.at(-1)!.payload).toMatchObject({ policy: 'PAUSE_RESUME', dueAt: vn('2026-12-28T11:30') });
  });

  it('restarts the full limit from the official receipt time of the supplement under RESTART', async () => {
    await s.travelTo('2026-12-18T09:00');
    const handle = await transferred('1.013225');
    expect((await handle.query(m.viewQuery)).dueAt).toBe(vn('2026-12-29T17:00'));
    await s.travelTo('2026-12-18T12:00');
    await pause(handle, 'SUPPLEMENT', { items: [{ item: 'Bản vẽ thiết kế', reason: 'Thiếu mặt cắt' }] });

    // Supplemented on Friday evening: officially received Mon 21 Dec 07:30; 7 working days again: 22–25, 28–30 Dec.
    await s.travelTo('2026-12-18T18:30');
    const restarted = await supplement(handle);
    expect(restarted).toMatchObject({ status: 'IN_HANDLING', paused: false, dueAt: vn('2026-12-30T17:00'), appointmentAt: vn('2026-12-30T17:00') });
    // The steps' slices count again from the same instant: the appraisal has the whole 7 days, the consultation 12.
    const consultationDue = createWorkingCalendar().dueAt(vn('2026-12-21T07:30'), { unit: 'calendar_days', value: 12 }).toISOString();
    expect(restarted.steps).toMatchObject([
      { id: 'appraisal', status: 'IN_PROGRESS', dueAt: vn('2026-12-30T17:00') },
      { id: 'consultation', status: 'IN_PROGRESS', dueAt: consultationDue },
    ]);
    expect((await s.trail(handle)).at(-1)).toMatchObject({ type: 'RESUMED', payload: { policy: 'RESTART', dueAt: vn('2026-12-30T17:00') } });
  });

  it('pauses for a financial obligation and for verification, each resumed by the officer', async () => {
    await s.travelTo('2026-12-21T09:00');
    const handle = await transferred('1.004222');
    expect((await handle.query(m.viewQuery)).dueAt).toBe(vn('2026-12-30T17:00'));
    await expect(resume(handle)).rejects.toMatchObject(refusedWith('WrongState'));

    await s.travelTo('2026-12-21T12:00');
    expect(await pause(handle, 'FINANCIAL_OBLIGATION')).toMatchObject({ status: 'PAUSED', paused: true });
    // Not paused for supplementation: the applicant cannot end it with a supplement.
    await expect(supplement(handle)).rejects.toMatchObject(refusedWith('WrongState'));
    await s.travelTo('2026-12-21T17:30');
    // Paused the afternoon of Mon 21 Dec (240 office minutes): due Thu 31 Dec 11:30.
    expect(await resume(handle)).toMatchObject({ status: 'IN_HANDLING', paused: false, dueAt: vn('2026-12-31T11:30') });

    await s.travelTo('2026-12-22T12:00');
    await pause(handle, 'VERIFICATION');
    await s.travelTo('2026-12-22T17:30');
    expect(await resume(handle)).toMatchObject({ status: 'IN_HANDLING', dueAt: vn('2026-12-31T17:00'), appointmentAt: vn('2026-12-31T17:00') });
    const trail = await s.trail(handle);
    expect(trail.filter((e) => e.type === 'PAUSED').map((e) => e.payload.reason)).toEqual(['FINANCIAL_OBLIGATION', 'VERIFICATION']);
    expect(trail.filter((e) => e.type === 'RESUMED').map((e) => [e.actorId, e.payload.policy, e.payload.dueAt])).toEqual([
      [officer.id, 'PAUSE_RESUME', vn('2026-12-31T11:30')],
      [officer.id, 'PAUSE_RESUME', vn('2026-12-31T17:00')],
    ]);
  });

  it('refuses to resolve with written reasons, even while paused, and the dossier ends', async () => {
    await s.travelTo('2026-12-23T09:00');
    const handle = await transferred('1.004222');
    await pause(handle, 'VERIFICATION');
    const refuse = (reasons: string[]) => handle.executeUpdate(m.refuseToResolveUpdate, { args: [{ actor: officer, reasons }] });
    await expect(refuse([])).rejects.toMatchObject({ cause: { type: 'InvalidInput', details: [{ field: 'reasons' }] } });

    await s.travelTo('2026-12-24T10:00');
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
