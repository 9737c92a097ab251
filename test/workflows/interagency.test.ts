import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../calendars';
import type { StepHandOver } from '../../workflows/dossier/decision-inputs';
import * as m from '../../workflows/dossier/messages';
import { officer, startScenario, vn, type DossierHandle, type Scenario } from './harness';

// Liên thông: steps handled by several agencies, each with its own slice of the limit (domain spec §3.3), silent
// consultations (deemed consent) and steps the procedure excludes from the limit. Dates increase through the file;
// December 2026 follows the government's official schedule, 2027 is drafted, so 2027 dates come from the calendar.
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

  it('runs birth registration, then the police and social insurance together, each on its own clock', async () => {
    await s.travelTo('2026-11-30T09:00');
    const handle = await transferred('2.000986');
    const started = await handle.query(m.viewQuery);
    // 20 working days from Mon 30 Nov: 1–4, 7–11, 14–18, 21–25, 28 Dec.
    expect(started.dueAt).toBe(vn('2026-12-28T17:00'));
    expect(started.steps).toEqual([
      { id: 'birth-registration', status: 'IN_PROGRESS', outcome: null, late: false, dueAt: null },
      { id: 'residence-registration', status: 'PENDING', outcome: null, late: false, dueAt: null },
      { id: 'health-insurance-card', status: 'PENDING', outcome: null, late: false, dueAt: null },
    ]);

    await s.travelTo('2026-12-01T10:00');
    const stage2 = await handOver(handle, 'birth-registration');
    // Counted from Tue 1 Dec: police 15 calendar days (Wed 16 Dec), social insurance 10 (Fri 11 Dec).
    expect(stage2.steps).toEqual([
      { id: 'birth-registration', status: 'DONE', outcome: 'COMPLETED', late: false, dueAt: null },
      { id: 'residence-registration', status: 'IN_PROGRESS', outcome: null, late: false, dueAt: vn('2026-12-16T17:00') },
      { id: 'health-insurance-card', status: 'IN_PROGRESS', outcome: null, late: false, dueAt: vn('2026-12-11T17:00') },
    ]);
    await expect(approve(handle)).rejects.toMatchObject({
      cause: { type: 'StepsOpen', details: [{ steps: ['residence-registration', 'health-insurance-card'] }] },
    });

    await s.travelTo('2026-12-03T10:00');
    await handOver(handle, 'health-insurance-card');
    await expect(approve(handle)).rejects.toMatchObject({ cause: { type: 'StepsOpen', details: [{ steps: ['residence-registration'] }] } });

    await s.travelTo('2026-12-08T10:00');
    await handOver(handle, 'residence-registration');
    const ready = await approve(handle);
    expect(ready).toMatchObject({ status: 'RESULT_READY', timeliness: 'EARLY', dueAt: vn('2026-12-28T17:00') });
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
      dueAt: vn('2026-12-11T17:00'),
      timeliness: 'EARLY',
    });
  });

  it('flags a step late at its own due date while the dossier itself stays early', async () => {
    await s.travelTo('2026-12-09T09:00');
    const handle = await transferred('2.000986');
    await handOver(handle, 'birth-registration');
    // Ten calendar days from Wed 9 Dec is Sat 19 Dec: the end of the next working day, Mon 21 Dec.
    expect(await step(handle, 'health-insurance-card')).toMatchObject({ dueAt: vn('2026-12-21T17:00') });
    await s.travelTo('2026-12-10T10:00');
    await handOver(handle, 'residence-registration');

    await s.travelTo('2026-12-22T09:00');
    expect(await s.events(handle)).toContain('STEP_OVERDUE');
    expect((await s.trail(handle)).find((e) => e.type === 'STEP_OVERDUE')).toMatchObject({
      actorId: 'motcua',
      occurredAt: firedAt(vn('2026-12-21T17:00')),
      payload: { stepId: 'health-insurance-card', dueAt: vn('2026-12-21T17:00') },
    });
    expect((await s.notices(handle)).map((n) => [n.kind, n.audience, n.dedupeKey])).toEqual([
      ['STEP_OVERDUE', 'leader', `step-overdue:health-insurance-card:${vn('2026-12-21T17:00')}`],
    ]);
    const late = await handOver(handle, 'health-insurance-card');
    expect(late.steps.find((x) => x.id === 'health-insurance-card')).toMatchObject({ status: 'DONE', late: true });
    expect(late.steps.find((x) => x.id === 'residence-registration')).toMatchObject({ status: 'DONE', late: false });
    const ready = await approve(handle);
    expect(Date.parse(ready.dueAt!)).toBeGreaterThan(Date.parse(vn('2027-01-01T00:00')));
    expect(ready).toMatchObject({ status: 'RESULT_READY', timeliness: 'EARLY', overdue: false });
    const handedOver = (await s.trail(handle)).filter((e) => e.type === 'STEP_HANDED_OVER').map((e) => [e.payload.stepId, e.payload.timeliness]);
    expect(handedOver).toEqual([
      ['birth-registration', null],
      ['residence-registration', 'EARLY'],
      ['health-insurance-card', 'LATE'],
    ]);
  });

  it('takes a silent tax office as agreeing once its 2 working days pass, and starts the next stage by itself', async () => {
    await s.travelTo('2026-12-23T09:00');
    const handle = await transferred('1.001266');
    await handOver(handle, 'registry-intake');
    // Two working days from Wed 23 Dec: 24, 25 Dec. The dossier: 5 working days, due Wed 30 Dec.
    expect(await handle.query(m.viewQuery)).toMatchObject({ dueAt: vn('2026-12-30T17:00') });
    expect(await step(handle, 'tax-opinion')).toMatchObject({ status: 'IN_PROGRESS', dueAt: vn('2026-12-25T17:00') });

    await s.travelTo('2026-12-28T09:00');
    const view = await handle.query(m.viewQuery);
    expect(view.steps.map((x) => [x.id, x.status, x.outcome, x.late])).toEqual([
      ['registry-intake', 'DONE', 'COMPLETED', false],
      ['tax-opinion', 'DONE', 'DEEMED_CONSENT', false],
      ['status-change', 'IN_PROGRESS', null, false],
    ]);
    const trail = await s.trail(handle);
    expect(trail.find((e) => e.type === 'STEP_DEEMED_CONSENT')).toMatchObject({
      actorId: 'motcua',
      occurredAt: firedAt(vn('2026-12-25T17:00')),
      payload: { stepId: 'tax-opinion', outcome: 'DEEMED_CONSENT', agency: 'Cơ quan thuế' },
    });
    expect(trail.map((e) => e.type)).not.toContain('STEP_OVERDUE');
    expect(trail.filter((e) => e.type === 'STEP_STARTED').map((e) => e.payload.stepId)).toEqual(['registry-intake', 'tax-opinion', 'status-change']);
    await expect(handOver(handle, 'tax-opinion', 'AGREED')).rejects.toMatchObject({ cause: { type: 'WrongState' } });

    await handOver(handle, 'status-change');
    expect(await approve(handle)).toMatchObject({ status: 'RESULT_READY', timeliness: 'EARLY' });
  });

  it('stops the dossier clock from the public posting to the payment and moves the due date by exactly that time', async () => {
    const calendar = createWorkingCalendar();
    await s.travelTo('2026-12-29T09:00');
    const handle = await transferred('1.115620');
    const { dueAt: originalDue } = await handle.query(m.viewQuery);
    expect(originalDue).toBe(calendar.dueAt(vn('2026-12-29T09:00'), { unit: 'working_days', value: 10 }).toISOString());

    // Handed over in the lunch break, so the clock stops at a well-defined point of office time.
    await s.travelTo('2026-12-30T12:00');
    const posting = await handOver(handle, 'land-registration');
    expect(posting).toMatchObject({ status: 'IN_HANDLING', paused: true, dueAt: originalDue });
    await expect(handle.executeUpdate(m.resumeUpdate, { args: [{ actor: officer }] })).rejects.toMatchObject({ cause: { type: 'WrongState' } });
    const pause = handle.executeUpdate(m.pauseUpdate, { args: [{ actor: officer, reason: 'VERIFICATION', noticeRef: 'CV-1/2026' }] });
    await expect(pause).rejects.toMatchObject({ cause: { type: 'WrongState' } });

    // From one excluded step to the next during office hours: the clock must not run in between.
    await s.travelTo('2027-01-14T10:00');
    expect(await handOver(handle, 'public-posting')).toMatchObject({ paused: true });
    await s.travelTo('2027-01-15T10:00');
    expect(await handOver(handle, 'tax-assessment')).toMatchObject({ paused: true });
    await s.travelTo('2027-01-18T12:00');
    const resumed = await handOver(handle, 'obligation-payment');
    expect(resumed.paused).toBe(false);

    const excluded = calendar.workingMinutesBetween(vn('2026-12-30T12:00'), vn('2027-01-18T12:00'));
    expect(resumed.dueAt).toBe(calendar.addWorkingMinutes(originalDue!, excluded).toISOString());
    expect(resumed.appointmentAt).toBe(resumed.dueAt);
    expect(resumed.steps.find((x) => x.id === 'certificate-issue')).toMatchObject({ status: 'IN_PROGRESS' });
    expect((await s.events(handle)).filter((type) => type === 'OVERDUE')).toEqual([]);

    await handOver(handle, 'certificate-issue');
    expect(await approve(handle)).toMatchObject({ status: 'RESULT_READY', timeliness: 'EARLY', dueAt: resumed.dueAt });
  });
});
