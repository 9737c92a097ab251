import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../calendars/index';
import { runCli } from '../../scripts/cli/main';

const env = { MOTCUA_DATA_DIR: mkdtempSync(join(tmpdir(), 'motcua-cli-')) };
const json = (argv: string[]) => {
  const result = runCli([...argv, '--json'], env);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout);
};

describe('motcua calendar (JSON output)', () => {
  it('lists days with their reasons, including a make-up Saturday and a swapped Friday', () => {
    const days = json(['calendar', 'days', '--from', '2025-04-26', '--to', '2025-05-02']);
    expect(days.map((d: { date: string; working: boolean }) => [d.date, d.working])).toEqual([
      ['2025-04-26', true], ['2025-04-27', false], ['2025-04-28', true], ['2025-04-29', true],
      ['2025-04-30', false], ['2025-05-01', false], ['2025-05-02', false],
    ]);
    expect(days[0].makeUpWorkingDay.swappedDate).toBe('2025-05-02');
    expect(days[4].reasons).toMatchObject([{ code: 'holiday', holiday: 'victory_day', label: { en: 'Reunification Day (30 April)' } }]);
    expect(days[6].reasons).toMatchObject([{ code: 'swapped_day_off', makeUpDate: '2025-04-26' }]);
  });

  it('gives the official receipt time of a submission', () => {
    expect(json(['calendar', 'receipt', '--at', '2025-06-07T09:00:00+07:00'])).toEqual({
      officialReceiptAt: '2025-06-09T07:30:00+07:00',
      calendarVersion: createWorkingCalendar().version,
    });
  });

  it('computes a deadline from the official receipt time of the submission', () => {
    const out = json(['calendar', 'deadline', '--from', '2025-06-06T18:00:00+07:00', '--working-days', '8.5']);
    expect(out).toMatchObject({
      officialReceiptAt: '2025-06-09T07:30:00+07:00',
      dueAt: '2025-06-20T11:30:00+07:00',
      calendarVersion: createWorkingCalendar().version,
      drafted: false,
      limit: { unit: 'working_days', value: 8.5 },
    });
    expect(out.explanation.countedDays).toHaveLength(9);
    const sameDay = json(['calendar', 'deadline', '--from', '2025-06-02T15:01:00+07:00', '--same-day', '--cutoff', '15:00']);
    expect(sameDay.dueAt).toBe('2025-06-03T17:00:00+07:00');
    expect(json(['calendar', 'deadline', '--from', '2025-06-02T10:00:00+07:00', '--calendar-days', '5']).dueAt).toBe('2025-06-09T17:00:00+07:00');
    expect(json(['calendar', 'deadline', '--from', '2025-06-02T10:15:00+07:00', '--working-hours', '8']).dueAt).toBe('2025-06-03T10:15:00+07:00');
  });

  it('converts between solar and lunar dates', () => {
    expect(json(['calendar', 'lunar', '--date', '2030-02-02'])).toEqual({ day: 1, month: 1, year: 2030, leap: false });
    expect(json(['calendar', 'solar', '--lunar', '2026-03-10'])).toEqual({ date: '2026-04-26' });
    expect(json(['calendar', 'solar', '--lunar', '2025-06-01', '--leap'])).toEqual({ date: '2025-07-25' });
  });

  it('warns on stderr when a unit is unknown and uses the default office hours', () => {
    const result = runCli(['calendar', 'receipt', '--at', '2025-06-07T09:00:00+07:00', '--unit', 'NOPE', '--json'], env);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('motcua: unknown unit "NOPE": default office hours used\n');
    const saturday = runCli(['calendar', 'receipt', '--at', '2025-06-07T09:00:00+07:00', '--unit', 'DEMO.SAT', '--json'], env);
    expect(JSON.parse(saturday.stdout).officialReceiptAt).toBe('2025-06-07T09:00:00+07:00');
  });

  it('loads a notice and uses it in every later command', () => {
    const file = join(env.MOTCUA_DATA_DIR, 'notice-2027.json');
    const notice = {
      schema: 'motcua.calendar-notice/v1', year: 2027, scope: 'civil_service',
      sources: [{ id: 't', document: 'Illustrative test notice', issuer: 'Test' }],
      entries: [{ date: '2027-03-01', kind: 'special_day_off', note: 'test', source: 't' }],
    };
    writeFileSync(file, JSON.stringify(notice));
    const loaded = json(['calendar', 'load-notice', '--file', file]);
    expect(loaded).toMatchObject({ year: 2027, previousVersion: createWorkingCalendar().version });
    expect(loaded.calendarVersion).not.toBe(loaded.previousVersion);
    const [day] = json(['calendar', 'days', '--from', '2027-03-01', '--to', '2027-03-01']);
    expect(day).toMatchObject({ working: false, drafted: false, reasons: [{ code: 'special_day_off', note: 'test' }] });
  });
});

describe('motcua calendar (errors)', () => {
  it.each([
    [['calendar', 'deadline', '--from', '2025-06-02T10:00:00+07:00', '--working-days', 'abc'], 'motcua: --working-days must be a positive number (got "abc")'],
    [['calendar', 'deadline', '--from', '2025-06-02T10:00:00+07:00', '--calendar-days', '2.5'], 'motcua: --calendar-days must be a positive whole number (got "2.5")'],
    [['calendar', 'deadline', '--from', '2025-06-02 10:00', '--working-days', '1'], 'motcua: --from must be an ISO 8601 instant with an offset, e.g. 2025-06-02T08:00:00+07:00 (got "2025-06-02 10:00")'],
    [['calendar', 'deadline', '--from', '2025-06-02T10:00:00+07:00'], 'motcua: give exactly one of --working-days, --calendar-days, --working-hours, --same-day'],
    [['calendar', 'deadline', '--from', '2025-06-02T10:00:00+07:00', '--same-day'], 'motcua: --cutoff is required'],
    [['calendar', 'days', '--from', '2025-02-30', '--to', '2025-03-01'], 'motcua: --from must be a date YYYY-MM-DD (got "2025-02-30")'],
    [['calendar', 'receipt'], 'motcua: --at is required'],
    [['calendar', 'receipt', '--at', '2025-06-02T10:00:00+07:00', '--cutoff', '15:00'], 'motcua: --cutoff is not an option of "calendar receipt"'],
    [['calendar', 'receipt', '--bogus'], 'motcua: Unknown option --bogus'],
    [['calendar', 'solar', '--lunar', '2026-06-01', '--leap'], 'motcua: --lunar must be an existing lunar date YYYY-MM-DD (got "2026-06-01")'],
    [['calendar', 'lunar', '--date', '1850-01-01'], 'motcua: --date must be a date YYYY-MM-DD between 1900-01-01 and 2100-12-31 (got "1850-01-01")'],
    [['calendar', 'frobnicate'], 'motcua: unknown calendar subcommand "frobnicate" (days, receipt, deadline, lunar, solar, load-notice, version)'],
  ])('refuses %j with exit code 2 and one line naming the argument', (argv, message) => {
    const result = runCli(argv, env);
    expect(result).toEqual({ exitCode: 2, stdout: '', stderr: `${message}\n` });
  });

  it('refuses an invalid notice file without storing it', () => {
    const file = join(env.MOTCUA_DATA_DIR, 'bad.json');
    writeFileSync(file, JSON.stringify({ schema: 'motcua.calendar-notice/v1', year: 2028 }));
    const result = runCli(['calendar', 'load-notice', '--file', file, '--json'], env);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^motcua: invalid calendar notice: .*entries/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('the motcua bin', () => {
  it('runs as a real process and prints JSON', () => {
    const bin = join(import.meta.dirname, '../../scripts/motcua.js');
    const ok = spawnSync(process.execPath, [bin, 'calendar', 'lunar', '--date', '1985-01-21', '--json'], { encoding: 'utf8', env: { ...process.env, ...env } });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ day: 1, month: 1, year: 1985, leap: false });
    const bad = spawnSync(process.execPath, [bin, 'calendar', 'receipt', '--at', 'now'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^motcua: --at must be an ISO 8601 instant/);
  }, 30_000);
});
