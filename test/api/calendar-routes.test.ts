import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReadOnlyApp, type ReadOnlyApp } from '../support/read-only-app';

// The /v1/calendar routes answer as `motcua calendar` does (test/calendars/cli.test.ts pins the same cases).
describe('calendar routes', () => {
  let api: ReadOnlyApp;
  beforeAll(async () => {
    api = await startReadOnlyApp();
  });
  afterAll(async () => api?.close());

  const get = (url: string) => api.get(url, null); // public routes: no credentials

  it('lists days with the reason each is off, make-up Saturdays included', async () => {
    const { status, body } = await get('/v1/calendar/days?from=2026-08-29&to=2026-09-03');
    expect(status).toBe(200);
    expect(body.map((day: { date: string; working: boolean }) => [day.date, day.working])).toEqual([
      ['2026-08-29', false], ['2026-08-30', false], ['2026-08-31', false], ['2026-09-01', false], ['2026-09-02', false], ['2026-09-03', true],
    ]);
    expect(body[2].reasons[0]).toMatchObject({ code: 'swapped_day_off', makeUpDate: '2026-08-22' });
  });

  it('moves a Friday-evening submission before Tết to the first working morning after it', async () => {
    const { body } = await get('/v1/calendar/receipt?at=2026-02-13T17:00:00%2B07:00');
    expect(body.officialReceiptAt).toBe('2026-02-23T07:30:00+07:00');
  });

  it('explains a 7-working-day deadline across the April and May holidays', async () => {
    const { status, body } = await get('/v1/calendar/deadline?from=2026-04-24T16:30:00%2B07:00&workingDays=7');
    expect(status).toBe(200);
    expect(body).toMatchObject({ dueAt: '2026-05-08T17:00:00+07:00', drafted: false, limit: { unit: 'working_days', value: 7 } });
    expect(body.explanation.countedDays).toHaveLength(7);
  });

  it('converts to and from the Vietnamese lunar calendar', async () => {
    expect((await get('/v1/calendar/lunar?date=2030-02-02')).body).toEqual({ year: 2030, month: 1, day: 1, leap: false });
    expect((await get('/v1/calendar/solar?lunar=2026-03-10')).body).toEqual({ date: '2026-04-26' });
  });

  it('answers 400 naming the field for bad input', async () => {
    expect((await get('/v1/calendar/receipt?at=yesterday')).body).toMatchObject({ status: 400, field: 'querystring.at' });
    expect((await get('/v1/calendar/deadline?from=2026-04-24T16:30:00%2B07:00')).body).toMatchObject({ status: 400 });
    expect((await get('/v1/calendar/deadline?from=2026-04-24T16:30:00%2B07:00&workingDays=2&calendarDays=2')).status).toBe(400);
    expect((await get('/v1/calendar/days?from=2026-01-01&to=2028-01-01')).body).toMatchObject({ field: 'querystring.to' });
    expect((await get('/v1/calendar/lunar?date=1800-01-01')).body).toMatchObject({ status: 400, field: 'querystring.date' });
    expect((await get('/v1/calendar/solar?lunar=2026-02-30')).body).toMatchObject({ status: 400, field: 'querystring.lunar' });
  });
});
