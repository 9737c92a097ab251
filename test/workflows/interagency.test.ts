import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepHandOver } from '../../workflows/dossier/decision-inputs';
import * as m from '../../workflows/dossier/messages';
import { addDays, at, ordinaryWeeks } from './dates';
import { officer, startScenario, vn, type DossierHandle, type Scenario } from './harness';

// Liên thông: steps handled by several agencies, each with its own slice of the limit (domain spec §3.3), silent
// consultations (deemed consent) and steps the procedure excludes from the limit. Each test finds ordinary weeks
// (Monday–Friday working, no holiday or swap) after the server's clock; `day(n)` is n days after their Monday.
describe('inter-agency (liên thông) handling', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  });
  afterAll(async () => s?.close());

  const transferred = (procedureCode: string) => s.transferred(procedureCode);
  const handOver = (handle: DossierHandle, stepId: string, outcome: StepHandOver['outcome'] = 'COMPLETED') =>
    handle.executeUpdate(m.handOverStepUpdate, { args: [{ actor: officer, stepId, outcome }] });
  const approve = (handle: DossierHandle) => handle.executeUpdate(m.approveUpdate, { args: [{ actor: officer, results: ['Kết quả'] }] });
  /** A timer's event is recorded once its activities ran: at the instant, or a moment after it. */
  const firedAt = (instant: string) =>
    expect.toSatisfy((at: Date) => at.getTime() >= Date.parse(instant) && at.getTime() < Date.parse(instant) + 60_000, `fired at ${instant}`);
  const step = async (handle: DossierHandle, id: string) => (await handle.query(m.viewQuery)).steps.find((x) => x.id === id)!;
  const ordinaryDays = async (weeks: number) => {
    const monday = ordinaryWeeks(s.calendar, await s.searchFrom(), weeks);
    return (n: number) => addDays(monday, n);
  };

  it('runs birth registration, then the police and social insurance together, each on its own clock', async () => {
    const day = await ordinaryDays(5);
    const due = vn(at(day(28), '17:00'));
    await s.travelTo(at(day(0), '09:00'));
    const handle = await transferred('2.000986');
    const started = await handle.query(m.viewQuery);
    // 20 working days from Monday: Tuesday–Friday, three whole weeks, and the Monday after.
    expect(started.dueAt).toBe(due);
    expect(started.steps).toEqual([
      { id: 'birth-registration', status: 'IN_PROGRESS', outcome: null, late: false, dueAt: null },
      { id: 'residence-registration', status: 'PENDING', outcome: null, late: false, dueAt: null },
      { id: 'health-insurance-card', status: 'PENDING', outcome: null, late: false, dueAt: null },
    ]);

    await s.travelTo(at(day(1), '10:00'));
    const stage2 = await handOver(handle, 'birth-registration');
    // Counted from Tuesday: police 15 calendar days (a Wednesday), social insurance 10 (a Friday).
    const insuranceDue = vn(at(day(11), '17:00'));
    expect(stage2.steps).toEqual([
      { id: 'birth-registration', status: 'DONE', outcome: 'COMPLETED', late: false, dueAt: null },
      { id: 'residence-registration', status: 'IN_PROGRESS', outcome: null, late: false, dueAt: vn(at(day(16), '17:00')) },
      { id: 'health-insurance-card', status: 'IN_PROGRESS', outcome: null, late: false, dueAt: insuranceDue },
    ]);
    await expect(approve(handle)).rejects.toMatchObject({
      cause: { type: 'StepsOpen', details: [{ steps: ['residence-registration', 'health-insurance-card'] }] },
    });

    await s.travelTo(at(day(3), '10:00'));
    await handOver(handle, 'health-insurance-card');
    await expect(approve(handle)).rejects.toMatchObject({ cause: { type: 'StepsOpen', details: [{ steps: ['residence-registration'] }] } });

    await s.travelTo(at(day(8), '10:00'));
    await handOver(handle, 'residence-registration');
    const ready = await approve(handle);
    expect(ready).toMatchObject({ status: 'RESULT_READY', timeliness: 'EARLY', dueAt: due });
    expect(ready.steps.map((x) => [x.id, x.status, x.late])).toEqual([
      ['birth-registration', 'DONE', false],
      ['residence-registration', 'DONE', false],
      ['health-insurance-card', 'DONE', false],
    ]);
    const trail = await s.trail(handle);
    expect(trail.map((e) => [e.type, e.payload.stepId ?? null])).toEqual([
      ['RECEIVED', null],
      ['ACCEPTED', null],
      ['TRANSFERRED', null],
      ['STEP_STARTED', 'birth-registration'],
      ['STEP_HANDED_OVER', 'birth-registration'],
      ['STEP_STARTED', 'residence-registration'],
      ['STEP_STARTED', 'health-insurance-card'],
      ['STEP_HANDED_OVER', 'health-insurance-card'],
      ['STEP_HANDED_OVER', 'residence-registration'],
      ['RESULT_READY', null],
    ]);
    expect(trail.find((e) => e.type === 'STEP_HANDED_OVER' && e.payload.stepId === 'health-insurance-card')?.payload).toMatchObject({
      agency: 'Bảo hiểm xã hội',
      dueAt: insuranceDue,
      timeliness: 'EARLY',
    });
  });

  it('flags a step late at its own due date while the dossier itself stays early', async () => {
    const day = await ordinaryDays(5);
    await s.travelTo(at(day(2), '09:00'));
    const handle = await transferred('2.000986');
    await handOver(handle, 'birth-registration');
    // Ten calendar days from Wednesday is a Saturday: the end of the next working day, Monday.
    const insuranceDue = vn(at(day(14), '17:00'));
    expect(await step(handle, 'health-insurance-card')).toMatchObject({ dueAt: insuranceDue });
    await s.travelTo(at(day(3), '10:00'));
    await handOver(handle, 'residence-registration');

    await s.travelTo(at(day(14), '16:59'));
    expect(await s.events(handle)).not.toContain('STEP_OVERDUE');
    await s.travelTo(at(day(15), '09:00'));
    expect(await s.events(handle)).toContain('STEP_OVERDUE');
    expect((await s.trail(handle)).find((e) => e.type === 'STEP_OVERDUE')).toMatchObject({
      actorId: 'motcua',
      occurredAt: firedAt(insuranceDue),
      payload: { stepId: 'health-insurance-card', dueAt: insuranceDue },
    });
    expect((await s.notices(handle)).map((n) => [n.kind, n.audience, n.dedupeKey])).toEqual([
      ['STEP_OVERDUE', 'leader', `step-overdue:health-insurance-card:${insuranceDue}`],
    ]);
    const late = await handOver(handle, 'health-insurance-card');
    expect(late.steps.find((x) => x.id === 'health-insurance-card')).toMatchObject({ status: 'DONE', late: true });
    expect(late.steps.find((x) => x.id === 'residence-registration')).toMatchObject({ status: 'DONE', late: false });
    const ready = await approve(handle);
    // The dossier's 20 working days from Wednesday end on the Wednesday four weeks on.
    expect(ready).toMatchObject({ status: 'RESULT_READY', timeliness: 'EARLY', overdue: false, dueAt: vn(at(day(30), '17:00')) });
    const handedOver = (await s.trail(handle)).filter((e) => e.type === 'STEP_HANDED_OVER').map((e) => [e.payload.stepId, e.payload.timeliness]);
    expect(handedOver).toEqual([
      ['birth-registration', null],
      ['residence-registration', 'EARLY'],
      ['health-insurance-card', 'LATE'],
    ]);
  });

  it('takes a silent tax office as agreeing once its 2 working days pass, and starts the next stage by itself', async () => {
    const day = await ordinaryDays(2);
    await s.travelTo(at(day(2), '09:00'));
    const handle = await transferred('1.001266');
    await handOver(handle, 'registry-intake');
    // Two working days from Wednesday: Thursday, Friday. The dossier: 5 working days, due Wednesday of the next week.
    const taxDue = vn(at(day(4), '17:00'));
    expect(await handle.query(m.viewQuery)).toMatchObject({ dueAt: vn(at(day(9), '17:00')) });
    expect(await step(handle, 'tax-opinion')).toMatchObject({ status: 'IN_PROGRESS', dueAt: taxDue });

    await s.travelTo(at(day(7), '09:00'));
    const view = await handle.query(m.viewQuery);
    expect(view.steps.map((x) => [x.id, x.status, x.outcome, x.late])).toEqual([
      ['registry-intake', 'DONE', 'COMPLETED', false],
      ['tax-opinion', 'DONE', 'DEEMED_CONSENT', false],
      ['status-change', 'IN_PROGRESS', null, false],
    ]);
    const trail = await s.trail(handle);
    expect(trail.find((e) => e.type === 'STEP_DEEMED_CONSENT')).toMatchObject({
      actorId: 'motcua',
      occurredAt: firedAt(taxDue),
      payload: { stepId: 'tax-opinion', outcome: 'DEEMED_CONSENT', agency: 'Cơ quan thuế' },
    });
    expect(trail.map((e) => e.type)).not.toContain('STEP_OVERDUE');
    expect(trail.filter((e) => e.type === 'STEP_STARTED').map((e) => e.payload.stepId)).toEqual(['registry-intake', 'tax-opinion', 'status-change']);
    await expect(handOver(handle, 'tax-opinion', 'AGREED')).rejects.toMatchObject({ cause: { type: 'WrongState' } });

    await handOver(handle, 'status-change');
    expect(await approve(handle)).toMatchObject({ status: 'RESULT_READY', timeliness: 'EARLY' });
  });

  it('stops the dossier clock from the public posting to the payment and moves the due date by exactly that time', async () => {
    const { calendar } = s;
    const day = await ordinaryDays(4);
    await s.travelTo(at(day(1), '09:00'));
    const handle = await transferred('1.115620');
    const { dueAt: originalDue } = await handle.query(m.viewQuery);
    // Ten working days from Tuesday: Wednesday–Friday, a whole week, Monday and Tuesday.
    expect(originalDue).toBe(vn(at(day(15), '17:00')));
    expect(originalDue).toBe(calendar.dueAt(vn(at(day(1), '09:00')), { unit: 'working_days', value: 10 }).toISOString());

    // Handed over in the lunch break, so the clock stops at a well-defined point of office time.
    await s.travelTo(at(day(2), '12:00'));
    const posting = await handOver(handle, 'land-registration');
    expect(posting).toMatchObject({ status: 'IN_HANDLING', paused: true, dueAt: originalDue });
    await expect(handle.executeUpdate(m.resumeUpdate, { args: [{ actor: officer }] })).rejects.toMatchObject({ cause: { type: 'WrongState' } });
    const pause = handle.executeUpdate(m.pauseUpdate, { args: [{ actor: officer, reason: 'VERIFICATION', noticeRef: 'CV-1/2026' }] });
    await expect(pause).rejects.toMatchObject({ cause: { type: 'WrongState' } });

    // From one excluded step to the next during office hours: the clock must not run in between.
    await s.travelTo(at(day(10), '10:00'));
    expect(await handOver(handle, 'public-posting')).toMatchObject({ paused: true });
    await s.travelTo(at(day(11), '10:00'));
    expect(await handOver(handle, 'tax-assessment')).toMatchObject({ paused: true });
    await s.travelTo(at(day(14), '12:00'));
    const resumed = await handOver(handle, 'obligation-payment');
    expect(resumed.paused).toBe(false);

    // Stopped from Wednesday 12:00 to Monday 12:00 twelve days on: eight whole working days (3,840 office minutes),
    // so the Tuesday's 17:00 moves to 17:00 on the Friday of the week after.
    const excluded = calendar.workingMinutesBetween(vn(at(day(2), '12:00')), vn(at(day(14), '12:00')));
    expect(excluded).toBe(8 * 480);
    expect(resumed.dueAt).toBe(vn(at(day(25), '17:00')));
    expect(resumed.dueAt).toBe(calendar.addWorkingMinutes(originalDue!, excluded).toISOString());
    expect(resumed.appointmentAt).toBe(resumed.dueAt);
    expect(resumed.steps.find((x) => x.id === 'certificate-issue')).toMatchObject({ status: 'IN_PROGRESS' });
    expect((await s.events(handle)).filter((type) => type === 'OVERDUE')).toEqual([]);

    await handOver(handle, 'certificate-issue');
    expect(await approve(handle)).toMatchObject({ status: 'RESULT_READY', timeliness: 'EARLY', dueAt: resumed.dueAt });
  });
});
