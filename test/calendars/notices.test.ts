import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calendarData, createWorkingCalendar, parseYearNotice, type YearNotice } from '../../calendars/index';
import { loadStoredNotices, noticeDirectory, storeNoticeFile } from '../../calendars/notice-store';

/** An illustrative (not real) 2027 notice: Tết 3–12 February with a swap, for testing the loading path. */
const notice2027: YearNotice = {
  schema: 'motcua.calendar-notice/v1',
  year: 2027,
  scope: 'civil_service',
  sources: [{ id: 'test', document: 'Test notice (illustrative)', issuer: 'Test', date: '2026-11-20' }],
  entries: [
    { date: '2027-01-01', kind: 'holiday', holiday: 'new_year', source: 'test' },
    { date: '2027-02-03', kind: 'swapped_day_off', makeUpDate: '2027-01-23', source: 'test' },
    { date: '2027-01-23', kind: 'make_up_working_day', swappedDate: '2027-02-03', source: 'test' },
    { date: '2027-02-04', kind: 'holiday', holiday: 'tet', source: 'test' },
    { date: '2027-02-05', kind: 'holiday', holiday: 'tet', source: 'test' },
    { date: '2027-02-08', kind: 'holiday', holiday: 'tet', source: 'test' },
    { date: '2027-02-09', kind: 'compensatory', for: { holiday: 'tet', date: '2027-02-06' }, source: 'test' },
  ],
};

describe('loading an official notice', () => {
  it('replaces the drafted year for new computations, with a new calendar version', () => {
    const before = createWorkingCalendar();
    const after = createWorkingCalendar({ data: calendarData([notice2027]) });
    expect(after.version).not.toBe(before.version);
    expect(after.draftedYears).not.toContain(2027);
    expect(after.dayInfo('2027-02-03')).toMatchObject({ working: false, drafted: false, reasons: [{ code: 'swapped_day_off' }] });
    expect(after.dayInfo('2027-01-23')).toMatchObject({ working: true, makeUpWorkingDay: { swappedDate: '2027-02-03' } });
    expect(before.dayInfo('2027-02-03')).toMatchObject({ working: true, drafted: true });
  });

  it('leaves recorded deadlines where they are until a dossier is explicitly recomputed', () => {
    const recorded = createWorkingCalendar().dueDate('2027-02-01T09:00:00+07:00', { unit: 'working_days', value: 3 });
    const snapshot = JSON.stringify(recorded);
    const updated = createWorkingCalendar({ data: calendarData([notice2027]) });
    expect(JSON.stringify(recorded)).toBe(snapshot);
    expect(recorded).toMatchObject({ dueAt: '2027-02-04T17:00:00+07:00', drafted: true });
    const recomputed = updated.recompute(recorded);
    expect(recomputed).toMatchObject({ dueAt: '2027-02-11T17:00:00+07:00', drafted: false, calendarVersion: updated.version });
    expect(recomputed.calendarVersion).not.toBe(recorded.calendarVersion);
  });

  it('validates a notice with the schema and names what is wrong', () => {
    const bad = (patch: Partial<YearNotice>) => () => parseYearNotice({ ...notice2027, ...patch });
    expect(bad({ entries: [{ date: '2028-01-01', kind: 'holiday', holiday: 'new_year', source: 'test' }] })).toThrow(/not in 2027/);
    expect(bad({ entries: [{ date: '2027-01-01', kind: 'holiday', holiday: 'new_year', source: 'nope' }] })).toThrow(/unknown source/);
    expect(bad({ entries: [{ date: '2027-01-25', kind: 'make_up_working_day', swappedDate: '2027-02-03', source: 'test' }] })).toThrow(
      /not a weekend/,
    );
    expect(bad({ entries: [{ date: '2027-02-03', kind: 'swapped_day_off', makeUpDate: '2027-01-23', source: 'test' }] })).toThrow(/pair/);
    expect(() => parseYearNotice({ ...notice2027, year: 'soon' })).toThrow(/year/);
    expect(() => parseYearNotice({ ...notice2027, entries: [{ date: '2027-01-01', kind: 'holiday', holiday: 'christmas', source: 'test' }] })).toThrow(
      /holiday/,
    );
  });

  it('stores a validated notice file and reads it back from the data directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-notices-'));
    const file = join(dir, 'incoming.json');
    writeFileSync(file, JSON.stringify(notice2027));
    const store = noticeDirectory({ MOTCUA_DATA_DIR: dir });
    expect(store).toBe(join(dir, 'calendar-notices'));
    expect(loadStoredNotices(store)).toEqual([]);
    const { path } = storeNoticeFile(file, store);
    expect(path).toBe(join(store, '2027.json'));
    expect(loadStoredNotices(store)).toEqual([notice2027]);
    writeFileSync(join(store, '2028.json'), '{"year": 2028}');
    expect(() => loadStoredNotices(store)).toThrow(/2028\.json: invalid calendar notice/);
    writeFileSync(file, '{ not json');
    expect(() => storeNoticeFile(file, store)).toThrow(/cannot read/);
    expect(JSON.parse(readFileSync(path, 'utf8')).year).toBe(2027);
  });
});
