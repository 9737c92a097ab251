import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m from '../../workflows/dossier/messages';
import { addDays, at, ordinaryWeeks } from './dates';
import { officer, paymentPlatform, startScenario, vn, type DossierHandle, type Scenario } from './harness';

// After handling: the fee paid before the result (domain spec §3.8), and the result returned online, at the counter or
// by public post (Decision 45/2016, §3.7), then the 30-day rating window. Each test finds ordinary weeks (Monday–Friday
// working, no holiday or swap) after the server's clock; `day(n)` is n days after their Monday.
describe('fees and result return', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  });
  afterAll(async () => s?.close());

  async function accepted(): Promise<DossierHandle> {
    const handle = await s.submit('1.004222');
    await handle.executeUpdate(m.acceptUpdate, { args: [{ actor: officer }] });
    await handle.executeUpdate(m.transferUpdate, { args: [{ actor: officer }] });
    return handle;
  }
  async function ready(handle: DossierHandle) {
    await handle.executeUpdate(m.handOverStepUpdate, { args: [{ actor: officer, stepId: 'handling', outcome: 'COMPLETED' }] });
    return handle.executeUpdate(m.approveUpdate, { args: [{ actor: officer, results: ['Xác nhận đăng ký thường trú'] }] });
  }
  const returnBy = (handle: DossierHandle, channel: 'online' | 'counter' | 'postal') =>
    handle.executeUpdate(m.returnResultUpdate, { args: [{ actor: officer, channel }] });
  const postal = (handle: DossierHandle, status: 'DELIVERED' | 'FAILED', at: string) =>
    handle.signal(m.postalDeliverySignal, { trackingRef: `EMS-${handle.workflowId.slice(-6)}`, status, at });
  const ordinaryDays = async (weeks: number) => {
    const monday = ordinaryWeeks(s.calendar, await s.searchFrom(), weeks);
    return (n: number) => addDays(monday, n);
  };

  it('holds the result until the payment platform confirms the assessed amount, ignoring a wrong one', async () => {
    const day = await ordinaryDays(2);
    await s.travelTo(at(day(0), '09:00'));
    const handle = await accepted();
    // The online rate of 1.004222 (lệ phí 10,000 đ online, 20,000 đ at the counter).
    const assessed = await handle.executeUpdate(m.assessFeeUpdate, { args: [{ actor: officer, amountVnd: 10_000 }] });
    expect(assessed.fee).toEqual({ status: 'ASSESSED', amountVnd: 10_000, payableAt: 'submission', paymentRef: null, paidAt: null });
    await s.travelTo(at(day(2), '10:00'));
    expect(await ready(handle)).toMatchObject({ status: 'RESULT_READY', timeliness: 'EARLY' });
    await expect(returnBy(handle, 'online')).rejects.toMatchObject({ cause: { type: 'PaymentPending' } });

    const wrong = { actor: paymentPlatform, paymentRef: 'PAY-0001', amountVnd: 5_000 };
    await expect(handle.executeUpdate(m.confirmPaymentUpdate, { args: [wrong] })).rejects.toMatchObject({
      cause: { type: 'PaymentMismatch', details: [{ field: 'amountVnd' }] },
    });
    const before = (await handle.query(m.viewQuery)).lastSequence;
    await handle.signal(m.paymentConfirmedSignal, wrong);
    const ignored = await s.viewWhen(handle, (view) => view.lastSequence > before);
    expect(ignored.fee).toMatchObject({ status: 'ASSESSED', paymentRef: null });
    expect((await s.trail(handle)).at(-1)).toMatchObject({
      type: 'PAYMENT_REPORT_IGNORED',
      actorId: 'motcua',
      payload: { paymentRef: 'PAY-0001', amountVnd: 5_000, reason: 'assessed 10000 đ' },
    });

    await handle.signal(m.paymentConfirmedSignal, { actor: paymentPlatform, paymentRef: 'PAY-0002', amountVnd: 10_000 });
    const paid = await s.viewWhen(handle, (view) => view.fee?.status === 'PAID');
    expect(paid.fee).toMatchObject({ status: 'PAID', amountVnd: 10_000, paymentRef: 'PAY-0002', paidAt: expect.any(String) });
    expect((await s.trail(handle)).at(-1)).toMatchObject({ type: 'PAYMENT_CONFIRMED', actorId: paymentPlatform.id });
    const again = handle.executeUpdate(m.confirmPaymentUpdate, { args: [{ ...wrong, amountVnd: 10_000 }] });
    await expect(again).rejects.toMatchObject({ cause: { type: 'AlreadyDone' } });

    expect(await returnBy(handle, 'online')).toMatchObject({ status: 'RESULT_RETURNED', returnChannel: 'online', delivery: null });
    expect(await s.events(handle)).toEqual([
      'RECEIVED', 'ACCEPTED', 'TRANSFERRED', 'STEP_STARTED', 'PAYMENT_REQUESTED', 'STEP_HANDED_OVER', 'RESULT_READY',
      'PAYMENT_REPORT_IGNORED', 'PAYMENT_CONFIRMED', 'RESULT_RETURNED',
    ]);
  });

  it('sends the result by post, takes it back when delivery fails, and closes each dossier after its rating window', async () => {
    const day = await ordinaryDays(2);
    await s.travelTo(at(day(3), '09:00'));
    const failing = await accepted();
    const delivered = await accepted();
    await ready(failing);
    await ready(delivered);
    for (const handle of [failing, delivered]) {
      expect(await returnBy(handle, 'postal')).toMatchObject({ status: 'RESULT_RETURNED', returnChannel: 'postal', delivery: 'HANDED_OVER' });
    }

    // Sent on Thursday; the post reports on Saturday; the applicant comes to the counter on Monday.
    await s.travelTo(at(day(7), '10:00'));
    await postal(failing, 'FAILED', vn(at(day(5), '15:00')));
    expect(await s.viewWhen(failing, (view) => view.status !== 'RESULT_RETURNED')).toMatchObject({ status: 'RESULT_READY', delivery: 'FAILED' });
    // The applicant collects it at the counter instead.
    expect(await returnBy(failing, 'counter')).toMatchObject({ status: 'RESULT_RETURNED', returnChannel: 'counter', delivery: null });
    await postal(delivered, 'DELIVERED', vn(at(day(5), '11:00')));
    expect(await s.viewWhen(delivered, (view) => view.delivery !== 'HANDED_OVER')).toMatchObject({ status: 'RESULT_RETURNED', delivery: 'DELIVERED' });
    expect((await s.events(failing)).slice(-3)).toEqual(['RESULT_RETURNED', 'POSTAL_DELIVERY_FAILED', 'RESULT_RETURNED']);
    expect((await s.events(delivered)).slice(-2)).toEqual(['RESULT_RETURNED', 'POSTAL_DELIVERED']);

    // Thirty days from each return: from Thursday 09:00 for the post, from Monday 10:00 for the counter. Nobody rated
    // either.
    await s.travelTo(at(day(33), '08:59'));
    expect((await delivered.describe()).status.name).toBe('RUNNING');
    await s.travelTo(at(day(33), '10:00'));
    expect((await failing.describe()).status.name).toBe('RUNNING');
    expect(await s.completion(delivered)).toBe('COMPLETED');
    await s.travelTo(at(day(37), '11:00'));
    expect(await s.completion(failing)).toBe('COMPLETED');
    expect(await failing.query(m.viewQuery)).toMatchObject({ status: 'RESULT_RETURNED', returnChannel: 'counter' });
  });
});
