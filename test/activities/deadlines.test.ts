import { describe, expect, it } from 'vitest';
import { createDeadlineActivities } from '../../activities/deadlines';
import { calendarData, createWorkingCalendar, parseUnitSettings } from '../../calendars';
import { activities, calendar, sevenDaysFromApril23, UNIT, vn, workingDays } from './deadline-fixtures';

// Starting a dossier's clock and a step's clock on the real 2026 schedule (domain spec §6.1, §6.4).
// Expected instants are UTC: 17:00 local is 10:00Z, 11:30 local is 04:30Z, 07:30 local is 00:30Z.

const start = (countsFrom: string, limit: Parameters<typeof activities.startDeadline>[0]['limit'], lead?: number) =>
  activities.startDeadline({ unitCode: UNIT, limit, countsFrom, reminderLeadMinutes: lead });

describe('startDeadline', () => {
  it('counts 7 working days across the Hùng Kings and 30 April – 1 May breaks of 2026', async () => {
    const record = await sevenDaysFromApril23();
    expect(record).toEqual({
      limit: { unit: 'working_days', value: 7 },
      countsFrom: '2026-04-23T02:00:00.000Z',
      budgetMinutes: 150 + 240 + 7 * 480, // rest of 23 April, then seven office days
      consumedMinutes: 0,
      runningSince: '2026-04-23T02:00:00.000Z',
      pauses: [],
      dueAt: '2026-05-07T10:00:00.000Z', // Thu 7 May 17:00: 24/4, 28/4, 29/4, 4/5, 5/5, 6/5, 7/5
      reminderLeadMinutes: 480,
      reminderAt: '2026-05-06T10:00:00.000Z', // one working day before: Wed 6 May 17:00
      lastApologyAt: '2026-05-06T10:00:00.000Z',
      calendarVersion: calendar.version,
      drafted: false,
    });
  });

  it('reminds the configured office time before the due date when the worker sets REMINDER_LEAD_MINUTES', async () => {
    const configured = createDeadlineActivities(() => calendar, { reminderLeadMinutes: 120 });
    const record = await configured.startDeadline({ unitCode: UNIT, limit: workingDays(7), countsFrom: vn('2026-04-23 09:00') });
    expect(record.reminderLeadMinutes).toBe(120);
    expect(record.reminderAt).toBe('2026-05-07T08:00:00.000Z'); // Thu 7 May 15:00, two office hours before 17:00
  });

  it('ends 8.5 working days at 11:30 of the 9th working day and reminds a working day earlier', async () => {
    const record = await start(vn('2026-04-23 09:00'), workingDays(8.5));
    expect(record.dueAt).toBe('2026-05-11T04:30:00.000Z'); // Mon 11 May 11:30
    expect(record.reminderAt).toBe('2026-05-08T04:30:00.000Z'); // Fri 8 May 11:30
    expect(record.lastApologyAt).toBe('2026-05-08T10:00:00.000Z'); // Fri 8 May 17:00
    expect(record.budgetMinutes).toBe(390 + 8.5 * 480);
  });

  it('gives a same-day result when received by 15:00 and the next working day after it', async () => {
    const sameDay = { unit: 'same_day', cutoff: '15:00' } as const;
    expect((await start(vn('2026-05-08 15:00'), sameDay)).dueAt).toBe('2026-05-08T10:00:00.000Z');
    expect((await start(vn('2026-05-08 15:01'), sameDay)).dueAt).toBe('2026-05-11T10:00:00.000Z'); // Monday
  });

  it('never sets the reminder or the apology before the clock starts for a short limit', async () => {
    const countsFrom = vn('2026-05-08 14:00');
    const record = await start(countsFrom, { unit: 'same_day', cutoff: '15:00' });
    expect(record).toMatchObject({ dueAt: '2026-05-08T10:00:00.000Z', budgetMinutes: 180 });
    expect(record.reminderAt).toBe(countsFrom);
    expect(record.lastApologyAt).toBe(countsFrom);
  });

  it('moves a calendar-day period that ends on 30 April to the end of the next working day', async () => {
    const record = await start(vn('2026-04-23 09:00'), { unit: 'calendar_days', value: 7 });
    expect(record.dueAt).toBe('2026-05-04T10:00:00.000Z'); // 30/4–3/5 off: Mon 4 May 17:00
    expect(record.budgetMinutes).toBe(390 + 4 * 480); // 24/4, 28/4, 29/4, 4/5
  });

  it('sets the last apology on the Friday when the dossier is due on a Monday', async () => {
    const record = await start(vn('2026-05-08 10:00'), workingDays(1));
    expect(record.dueAt).toBe('2026-05-11T10:00:00.000Z');
    expect(record.lastApologyAt).toBe('2026-05-08T10:00:00.000Z');
  });

  it('sets the last apology before Tết when the dossier is due right after it', async () => {
    const record = await start(vn('2026-02-10 09:00'), workingDays(4));
    expect(record.dueAt).toBe('2026-02-23T10:00:00.000Z'); // 11, 12, 13 and 23 February
    expect(record.lastApologyAt).toBe('2026-02-13T10:00:00.000Z'); // Fri 13 Feb, before the 14–22 Feb break
    expect(record.reminderAt).toBe('2026-02-13T10:00:00.000Z');
  });

  it('counts the make-up Saturday of 22 August 2026 as the working day before the due date', async () => {
    const record = await start(vn('2026-08-21 10:00'), workingDays(2));
    expect(record.dueAt).toBe('2026-08-24T10:00:00.000Z'); // Sat 22 Aug (make-up) and Mon 24 Aug
    expect(record.lastApologyAt).toBe('2026-08-22T10:00:00.000Z');
  });

  it('takes an explicit reminder lead in office minutes', async () => {
    const record = await start(vn('2026-04-23 09:00'), workingDays(7), 120);
    expect(record.reminderAt).toBe('2026-05-07T08:00:00.000Z'); // Thu 7 May 15:00
  });

  it("derives the default reminder lead from the unit's office hours", async () => {
    const mornings = parseUnitSettings({ code: 'MORNINGS', sessions: [{ start: '07:30', end: '11:30' }] });
    const provider = () => createWorkingCalendar({ data: calendarData(), unit: mornings });
    const record = await createDeadlineActivities(provider).startDeadline({
      unitCode: 'MORNINGS',
      limit: workingDays(3),
      countsFrom: vn('2026-05-04 08:00'),
    });
    expect(record).toMatchObject({ reminderLeadMinutes: 240, dueAt: '2026-05-07T04:30:00.000Z' });
    expect(record.reminderAt).toBe('2026-05-06T04:30:00.000Z');
  });

  it('marks a clock reaching into a year without an official notice as drafted', async () => {
    // The year after the last one with an official notice, whichever that is when the test runs.
    const drafted = Math.max(...calendarData().notices.map((notice) => notice.year)) + 1;
    const record = await start(vn(`${drafted - 1}-12-28 09:00`), workingDays(10));
    expect(record.dueAt.slice(0, 4)).toBe(String(drafted));
    expect(record.drafted).toBe(true);
    const official = await start(vn(`${drafted - 1}-06-01 09:00`), workingDays(10));
    expect(official.drafted).toBe(false);
  });

  it('returns the same JSON record when retried', async () => {
    const [first, second] = await Promise.all([sevenDaysFromApril23(), sevenDaysFromApril23()]);
    expect(second).toEqual(first);
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
  });

  it('refuses an instant it cannot read without retrying', async () => {
    await expect(start('not a date', workingDays(1))).rejects.toMatchObject({
      type: 'INVALID_DEADLINE_INPUT',
      nonRetryable: true,
    });
  });
});

describe('stepDeadline', () => {
  it('gives a step without a stated slice no due instant', async () => {
    const step = await activities.stepDeadline({ unitCode: UNIT, slice: null, startedAt: vn('2026-05-04 08:00') });
    expect(step).toEqual({ startedAt: '2026-05-04T01:00:00.000Z', dueAt: null, calendarVersion: calendar.version });
  });

  it('ends a 12-calendar-day consultation after the National Day break', async () => {
    const slice = { unit: 'calendar_days', value: 12 } as const;
    const step = await activities.stepDeadline({ unitCode: UNIT, slice, startedAt: vn('2026-08-18 10:00') });
    expect(step.dueAt).toBe('2026-09-03T10:00:00.000Z'); // day 12 is Sun 30 Aug; 31/8–2/9 off: Thu 3 Sep
  });

  it('counts a step started in the evening from the next working period', async () => {
    const startedAt = vn('2026-05-08 18:00');
    const step = await activities.stepDeadline({ unitCode: UNIT, slice: workingDays(1), startedAt });
    expect(step.dueAt).toBe('2026-05-12T10:00:00.000Z'); // received Mon 11 May 07:30, due Tue 12 May 17:00
  });
});

describe('explainDeadline', () => {
  it("returns the calendar's explanation with the days skipped for the holidays", async () => {
    const record = await sevenDaysFromApril23();
    const explained = await activities.explainDeadline({ unitCode: UNIT, record });
    expect(explained).toMatchObject({ dueAt: record.dueAt, calendarVersion: calendar.version, pauses: [] });
    expect(explained.explanation.dueDate).toBe('2026-05-07');
    const holidays = ['2026-04-25', '2026-04-26', '2026-04-27', '2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03'];
    expect(explained.explanation.skippedDays.map((d) => d.date)).toEqual(holidays);
  });

  it('notes each pause that moved the due date', async () => {
    const started = await sevenDaysFromApril23();
    const [pausedAt, resumedAt] = [vn('2026-05-05 10:00'), vn('2026-05-07 14:00')];
    const reason = 'SUPPLEMENT';
    const paused = await activities.pauseDeadline({ unitCode: UNIT, record: started, at: pausedAt, reason });
    const policy = 'PAUSE_RESUME';
    const record = await activities.resumeDeadline({ unitCode: UNIT, record: paused, at: resumedAt, policy });
    const { explanation, dueAt, pauses } = await activities.explainDeadline({ unitCode: UNIT, record });
    expect(dueAt).toBe('2026-05-12T03:00:00.000Z');
    expect(pauses).toHaveLength(1);
    expect(explanation.notes.map((n) => n.en)).toEqual([
      'paused 2026-05-05T03:00:00.000Z – 2026-05-07T07:00:00.000Z (SUPPLEMENT): ' +
        'due date moved by 1110 office minutes',
    ]);
  });
});
