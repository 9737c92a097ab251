import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeadlineActivities } from '../../activities/deadlines';
import type { DeadlineRecord } from '../../workflows/dossier/clock';
import {
  activities,
  calendar,
  providerWithClosures,
  sevenDaysFromApril23,
  UNIT,
  vn,
  workingDays,
} from './deadline-fixtures';

// Pausing, resuming and recomputing a dossier's clock (domain spec §3.4, §6.1) on the real 2026 schedule.
// The running example: 7 working days from Thu 23 April 09:00, due Thu 7 May 17:00 (10:00Z).

const pause = (record: DeadlineRecord, at: string) =>
  activities.pauseDeadline({ unitCode: UNIT, record, at, reason: 'SUPPLEMENT' });
const resume = (record: DeadlineRecord, at: string, policy: 'PAUSE_RESUME' | 'RESTART' = 'PAUSE_RESUME') =>
  activities.resumeDeadline({ unitCode: UNIT, record, at, policy });

describe('pauseDeadline', () => {
  it('closes the running segment and opens a pause, keeping the due instant until the resume', async () => {
    const started = await sevenDaysFromApril23();
    const paused = await pause(started, vn('2026-05-05 10:00'));
    expect(paused).toMatchObject({
      consumedMinutes: 390 + 4 * 480 + 150, // 23/4 from 09:00; 24/4, 28/4, 29/4, 4/5; 5/5 until 10:00
      runningSince: null,
      pauses: [{ reason: 'SUPPLEMENT', from: '2026-05-05T03:00:00.000Z', to: null, workingMinutes: null }],
      dueAt: started.dueAt,
    });
  });

  it('refuses to pause a clock that is already paused', async () => {
    const paused = await pause(await sevenDaysFromApril23(), vn('2026-05-05 10:00'));
    await expect(pause(paused, vn('2026-05-06 10:00'))).rejects.toMatchObject({
      type: 'DEADLINE_ALREADY_PAUSED',
      nonRetryable: true,
    });
  });

  it('refuses to resume a clock that is running', async () => {
    await expect(resume(await sevenDaysFromApril23(), vn('2026-05-05 10:00'))).rejects.toMatchObject({
      type: 'DEADLINE_NOT_PAUSED',
      nonRetryable: true,
    });
  });
});

describe('resumeDeadline under PAUSE_RESUME', () => {
  it('moves the due date by the office time the pause lasted', async () => {
    const started = await sevenDaysFromApril23();
    const resumed = await resume(await pause(started, vn('2026-05-05 10:00')), vn('2026-05-07 14:00'));
    expect(resumed.pauses[0]).toMatchObject({ to: '2026-05-07T07:00:00.000Z', workingMinutes: 330 + 480 + 300 });
    expect(resumed).toMatchObject({
      runningSince: '2026-05-07T07:00:00.000Z',
      dueAt: '2026-05-12T03:00:00.000Z', // Tue 12 May 10:00
      reminderAt: '2026-05-11T03:00:00.000Z', // Mon 11 May 10:00
      lastApologyAt: '2026-05-11T10:00:00.000Z', // Mon 11 May 17:00
      budgetMinutes: started.budgetMinutes,
      calendarVersion: calendar.version,
    });
    expect(calendar.workingMinutesBetween(started.dueAt, resumed.dueAt)).toBe(1110);
  });

  it('leaves the due date where it was after a pause over a weekend and a holiday', async () => {
    const started = await sevenDaysFromApril23();
    const resumed = await resume(await pause(started, vn('2026-04-24 18:00')), vn('2026-04-28 07:30'));
    expect(resumed.pauses[0]!.workingMinutes).toBe(0);
    expect(resumed.dueAt).toBe(started.dueAt);
  });

  it('adds up successive pauses', async () => {
    let record = await sevenDaysFromApril23();
    record = await resume(await pause(record, vn('2026-04-24 13:00')), vn('2026-04-28 13:00')); // 240 + 240
    record = await resume(await pause(record, vn('2026-05-04 07:30')), vn('2026-05-05 07:30')); // 480
    expect(record.pauses.map((p) => p.workingMinutes)).toEqual([480, 480]);
    expect(record.dueAt).toBe('2026-05-11T10:00:00.000Z'); // two working days after Thu 7 May: Mon 11 May
  });

  it('keeps an overdue clock overdue by its overrun after a pause', async () => {
    const countsFrom = vn('2026-05-08 10:00');
    const started = await activities.startDeadline({ unitCode: UNIT, limit: workingDays(1), countsFrom });
    expect(started.dueAt).toBe('2026-05-11T10:00:00.000Z'); // Mon 11 May 17:00
    const resumed = await resume(await pause(started, vn('2026-05-12 10:00')), vn('2026-05-13 10:00'));
    expect(resumed.consumedMinutes - resumed.budgetMinutes).toBe(150);
    expect(resumed.dueAt).toBe('2026-05-12T10:00:00.000Z'); // Mon 17:00 moved by the 480 paused minutes
  });

  it('moves the due date by exactly the paused office time for any pause inside the running window', async () => {
    const yearStart = Date.parse(vn('2026-01-01 00:00'));
    const property = fc.asyncProperty(
      fc.integer({ min: 0, max: 330 * 1440 }), // submission minute in 2026
      fc.integer({ min: 1, max: 40 }), // limit in half working days
      fc.integer({ min: 0, max: 1000 }), // where in the running window the pause starts, per mille
      fc.integer({ min: 0, max: 30 * 1440 }), // how long the pause lasts, in wall-clock minutes
      async (submitted, halfDays, where, length) => {
        const countsFrom = calendar.officialReceiptTime(yearStart + submitted * 60_000).toISOString();
        const limit = workingDays(halfDays / 2);
        const started = await activities.startDeadline({ unitCode: UNIT, limit, countsFrom });
        const window = (Date.parse(started.dueAt) - Date.parse(countsFrom)) / 60_000;
        const from = Date.parse(countsFrom) + Math.floor((window * where) / 1000) * 60_000;
        const paused = await pause(started, new Date(from).toISOString());
        const resumed = await resume(paused, new Date(from + length * 60_000).toISOString());
        const moved = calendar.workingMinutesBetween(started.dueAt, resumed.dueAt);
        expect(moved).toBe(resumed.pauses[0]!.workingMinutes);
        expect(resumed.consumedMinutes).toBeLessThanOrEqual(resumed.budgetMinutes);
      },
    );
    await fc.assert(property, { numRuns: 300 });
  });
});

describe('resumeDeadline under RESTART', () => {
  it('starts the full limit again from the official receipt time of the resume, keeping the pause', async () => {
    const paused = await pause(await sevenDaysFromApril23(), vn('2026-05-05 10:00'));
    const restarted = await resume(paused, vn('2026-05-07 18:00'), 'RESTART');
    expect(restarted).toMatchObject({
      countsFrom: '2026-05-08T00:30:00.000Z', // Fri 8 May 07:30, the next working period
      runningSince: '2026-05-08T00:30:00.000Z',
      consumedMinutes: 0,
      budgetMinutes: 480 + 7 * 480,
      dueAt: '2026-05-19T10:00:00.000Z', // 11, 12, 13, 14, 15, 18, 19 May
      reminderAt: '2026-05-18T10:00:00.000Z',
      pauses: [{ from: '2026-05-05T03:00:00.000Z', to: '2026-05-07T11:00:00.000Z', workingMinutes: 1290 }],
    });
  });
});

describe('recomputeDeadline', () => {
  const closedOn5May = createDeadlineActivities(providerWithClosures(['2026-05-05']));

  it('changes nothing under the calendar that computed the record', async () => {
    const record = await sevenDaysFromApril23();
    expect(await activities.recomputeDeadline({ unitCode: UNIT, record })).toEqual(record);
  });

  it('moves a running clock past a unit closure added later and records the new calendar', async () => {
    const record = await sevenDaysFromApril23();
    const recomputed = await closedOn5May.recomputeDeadline({ unitCode: UNIT, record });
    expect(recomputed).toMatchObject({
      dueAt: '2026-05-08T10:00:00.000Z', // Tue 5 May closed: Fri 8 May 17:00
      reminderAt: '2026-05-07T10:00:00.000Z',
      lastApologyAt: '2026-05-07T10:00:00.000Z',
      budgetMinutes: record.budgetMinutes,
    });
    expect(recomputed.calendarVersion).not.toBe(record.calendarVersion);
  });

  it('recounts the budget of a calendar-day limit, whose end does not move', async () => {
    const limit = { unit: 'calendar_days', value: 7 } as const;
    const record = await activities.startDeadline({ unitCode: UNIT, limit, countsFrom: vn('2026-04-23 09:00') });
    const recomputed = await createDeadlineActivities(providerWithClosures(['2026-04-28'])).recomputeDeadline({
      unitCode: UNIT,
      record,
    });
    expect(recomputed).toMatchObject({ dueAt: record.dueAt, budgetMinutes: record.budgetMinutes - 480 });
  });

  it('gives a paused clock the due date it would have if it resumed at the pause start', async () => {
    const paused = await pause(await sevenDaysFromApril23(), vn('2026-04-29 10:00'));
    const recomputed = await closedOn5May.recomputeDeadline({ unitCode: UNIT, record: paused });
    expect(recomputed).toMatchObject({ runningSince: null, dueAt: '2026-05-08T10:00:00.000Z' });
    const resumed = await closedOn5May.resumeDeadline({
      unitCode: UNIT,
      record: recomputed,
      at: vn('2026-05-04 10:00'),
      policy: 'PAUSE_RESUME',
    });
    expect(resumed.pauses[0]!.workingMinutes).toBe(330 + 150); // 29 April from 10:00, 4 May until 10:00
    expect(resumed.dueAt).toBe('2026-05-11T10:00:00.000Z'); // one working day after Fri 8 May: Mon 11 May 17:00
  });

  it('explains a record computed under an older calendar with a note saying so', async () => {
    const record = await sevenDaysFromApril23();
    const { explanation } = await closedOn5May.explainDeadline({ unitCode: UNIT, record });
    expect(explanation.notes.at(-1)!.en).toContain(`the due date was computed with ${record.calendarVersion}`);
  });
});
