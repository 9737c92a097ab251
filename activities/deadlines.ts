import { ApplicationFailure } from '@temporalio/common';
import type { Explanation, WorkingCalendar } from '../calendars';
import type { ClockPause, DeadlineRecord, PauseReason, StepClock } from '../workflows/dossier/clock';
import type { ClockPolicy, TimeLimit } from '../workflows/dossier/procedure';
import type { CalendarProvider } from './receipt';

// The dossier's clocks (domain spec §3.4, §3.6, §6.1). A deadline is kept as budget + consumed + pauses + calendar
// version; every instant is derived here from those and the unit's calendar, never from the process clock, so each
// activity is a pure function of its input and the calendar in force (a retry returns the same record).
// Rules and choices: docs/calendar.md, "Dossier clocks".

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

const iso = (instant: string | Date) => new Date(instant).toISOString();

/** A domain error: retrying cannot help, so the workflow sees it at once. */
function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** Calendar range errors and unparseable instants come from the input: refused, not retried. */
function guarded<I, O>(run: (input: I) => O): (input: I) => Promise<O> {
  return async (input) => {
    try {
      return run(input);
    } catch (error) {
      if (error instanceof RangeError) refuse('INVALID_DEADLINE_INPUT', error.message);
      throw error;
    }
  };
}

/** Office minutes of one working day of the unit (480 under 07:30–11:30, 13:00–17:00). */
export function officeMinutesPerDay(calendar: WorkingCalendar): number {
  const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
  return calendar.unit.sessions.reduce((sum, s) => sum + minutes(s.end) - minutes(s.start), 0);
}

/**
 * The earliest instant at `minutes` of office time after `from`, where `minutes` may be negative down to
 * `anchor` (an overdue clock keeps its overrun). Counting from the anchor lands on the end of a session rather
 * than the start of the next one, so "one working day before Friday 17:00" is Thursday 17:00.
 */
function officeInstant(calendar: WorkingCalendar, anchor: string, from: string, minutes: number): string {
  const offset = Math.max(0, calendar.workingMinutesBetween(anchor, from) + minutes);
  return iso(calendar.addWorkingMinutes(anchor, offset));
}

/** Start of the local (UTC+7) day of an instant. */
function localMidnight(instant: string): string {
  const ms = Date.parse(instant) + VIETNAM_OFFSET_MS;
  return iso(new Date(ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS) - VIETNAM_OFFSET_MS));
}

function draftedBetween(calendar: WorkingCalendar, from: string, to: string): boolean {
  const year = (instant: string) => new Date(Date.parse(instant) + VIETNAM_OFFSET_MS).getUTCFullYear();
  return calendar.draftedYears.some((y) => y >= year(from) && y <= year(to));
}

/** Office minutes the limit grants from `countsFrom` under this calendar. */
function budgetOf(calendar: WorkingCalendar, limit: TimeLimit, countsFrom: string): number {
  return calendar.workingMinutesBetween(countsFrom, calendar.dueAt(countsFrom, limit));
}

type Clock = Omit<DeadlineRecord, 'reminderAt' | 'lastApologyAt' | 'calendarVersion' | 'drafted'>;

/**
 * Derives what follows from the due instant: the reminder (`reminderLeadMinutes` of office time before it, never
 * before `countsFrom`), the last moment for an apology (end of office hours of the last working day before the due
 * date, §3.6; `countsFrom` when there is no such day after it), the calendar version and the drafted flag.
 */
function finish(clock: Clock, calendar: WorkingCalendar): DeadlineRecord {
  const { countsFrom, dueAt, reminderLeadMinutes } = clock;
  return {
    ...clock,
    reminderAt: officeInstant(calendar, countsFrom, dueAt, -reminderLeadMinutes),
    lastApologyAt: officeInstant(calendar, countsFrom, localMidnight(dueAt), 0),
    calendarVersion: calendar.version,
    drafted: draftedBetween(calendar, countsFrom, dueAt),
  };
}

/** The due instant of a clock: the remaining budget counted from where it runs (or would run) again. */
function dueFrom(calendar: WorkingCalendar, clock: Clock, runsFrom: string): string {
  return officeInstant(calendar, clock.countsFrom, runsFrom, clock.budgetMinutes - clock.consumedMinutes);
}

function openPause(record: DeadlineRecord): ClockPause | undefined {
  const last = record.pauses.at(-1);
  return record.runningSince === null && last && last.to === null ? last : undefined;
}

export interface StartDeadlineInput {
  unitCode: string;
  limit: TimeLimit;
  /** An official receipt instant (or a restart's). */
  countsFrom: string;
  /** Office minutes before the due instant; one working day of the unit when absent. */
  reminderLeadMinutes?: number;
}

function startDeadline(calendar: WorkingCalendar, input: StartDeadlineInput): DeadlineRecord {
  const countsFrom = iso(input.countsFrom);
  const dueAt = iso(calendar.dueAt(countsFrom, input.limit));
  const clock: Clock = {
    limit: input.limit,
    countsFrom,
    budgetMinutes: calendar.workingMinutesBetween(countsFrom, dueAt),
    consumedMinutes: 0,
    runningSince: countsFrom,
    pauses: [],
    dueAt,
    reminderLeadMinutes: input.reminderLeadMinutes ?? officeMinutesPerDay(calendar),
  };
  return finish(clock, calendar);
}

export interface PauseDeadlineInput {
  unitCode: string;
  record: DeadlineRecord;
  at: string;
  reason: PauseReason;
}

/** Closes the running segment. The due instant stays until the resume says how long the pause lasted. */
function pauseDeadline(calendar: WorkingCalendar, { record, at, reason }: PauseDeadlineInput): DeadlineRecord {
  if (record.runningSince === null) {
    refuse('DEADLINE_ALREADY_PAUSED', `the clock is already paused since ${record.pauses.at(-1)?.from}`);
  }
  const consumedMinutes = record.consumedMinutes + Math.max(0, calendar.workingMinutesBetween(record.runningSince, at));
  const pause: ClockPause = { reason, from: iso(at), to: null, workingMinutes: null };
  return { ...record, consumedMinutes, runningSince: null, pauses: [...record.pauses, pause] };
}

export interface ResumeDeadlineInput {
  unitCode: string;
  record: DeadlineRecord;
  at: string;
  policy: ClockPolicy;
}

function resumeDeadline(calendar: WorkingCalendar, input: ResumeDeadlineInput): DeadlineRecord {
  const { unitCode, record, at, policy } = input;
  const open = openPause(record);
  if (!open) refuse('DEADLINE_NOT_PAUSED', 'the clock is running: there is no pause to end');
  const to = iso(new Date(Math.max(Date.parse(at), Date.parse(open.from)))); // never resumes before it paused
  const workingMinutes = Math.max(0, calendar.workingMinutesBetween(open.from, to));
  const closed: ClockPause = { ...open, to, workingMinutes };
  const pauses = [...record.pauses.slice(0, -1), closed];
  if (policy === 'RESTART') {
    const countsFrom = iso(calendar.officialReceiptTime(to));
    const { limit, reminderLeadMinutes } = record;
    return { ...startDeadline(calendar, { unitCode, limit, countsFrom, reminderLeadMinutes }), pauses };
  }
  const clock: Clock = { ...record, runningSince: to, pauses };
  return finish({ ...clock, dueAt: dueFrom(calendar, clock, to) }, calendar);
}

export interface StepDeadlineInput {
  unitCode: string;
  slice: TimeLimit | null;
  startedAt: string;
}

function stepDeadline(calendar: WorkingCalendar, { slice, startedAt }: StepDeadlineInput): StepClock {
  const dueAt = slice === null ? null : iso(calendar.dueAt(calendar.officialReceiptTime(startedAt), slice));
  return { startedAt: iso(startedAt), dueAt, calendarVersion: calendar.version };
}

export interface ShiftStepInput {
  unitCode: string;
  clock: StepClock;
  /** Office minutes the dossier's clock stood still (a closed pause). */
  workingMinutes: number;
}

/** A step's due instant moves with the dossier's pauses: the agency's time stops while the applicant's runs. */
function shiftStepDeadline(calendar: WorkingCalendar, { clock, workingMinutes }: ShiftStepInput): StepClock {
  if (clock.dueAt === null || workingMinutes <= 0) return clock;
  return { ...clock, dueAt: iso(calendar.addWorkingMinutes(clock.dueAt, workingMinutes)), calendarVersion: calendar.version };
}

export interface RecordInput {
  unitCode: string;
  record: DeadlineRecord;
}

/**
 * Recomputes under the calendar in force now. The budget is recounted from `limit` and `countsFrom`; consumed
 * minutes and closed pauses are history and stay. A paused record gets the due instant it would have if it resumed
 * at the pause start (the due in force when it paused, under the new calendar); the resume moves it as usual.
 */
function recomputeDeadline(calendar: WorkingCalendar, { record }: RecordInput): DeadlineRecord {
  const clock: Clock = { ...record, budgetMinutes: budgetOf(calendar, record.limit, record.countsFrom) };
  const runsFrom = record.runningSince ?? openPause(record)?.from ?? record.countsFrom;
  return finish({ ...clock, dueAt: dueFrom(calendar, clock, runsFrom) }, calendar);
}

export interface DeadlineExplanation {
  dueAt: string;
  calendarVersion: string;
  drafted: boolean;
  /** The calendar's explanation of the due date from `countsFrom`, with a note per pause that moved it. */
  explanation: Explanation;
  pauses: ClockPause[];
}

type Note = { en: string; vi: string };

function pauseNote(pause: ClockPause, countsFrom: string): Note {
  const span = `${pause.from} – ${pause.to ?? '…'} (${pause.reason})`;
  if (pause.from < countsFrom) {
    return { en: `paused ${span}, before the restart`, vi: `tạm dừng ${span}, trước khi tính lại` };
  }
  if (pause.to === null) {
    return {
      en: `paused ${span}: the due date moves by the paused office time on resume`,
      vi: `tạm dừng ${span}: ngày hẹn trả lùi theo thời gian tạm dừng khi tiếp tục`,
    };
  }
  const minutes = pause.workingMinutes ?? 0;
  return {
    en: `paused ${span}: due date moved by ${minutes} office minutes`,
    vi: `tạm dừng ${span}: ngày hẹn trả lùi ${minutes} phút làm việc`,
  };
}

function versionNote(now: string, recorded: string): Note {
  return {
    en: `explained with calendar ${now}; the due date was computed with ${recorded} (recompute to apply ${now})`,
    vi: `giải thích theo lịch ${now}; ngày hẹn trả được tính theo lịch ${recorded}`,
  };
}

function explainDeadline(calendar: WorkingCalendar, { record }: RecordInput): DeadlineExplanation {
  const base = calendar.dueDate(record.countsFrom, record.limit);
  const notes = [...base.explanation.notes, ...record.pauses.map((p) => pauseNote(p, iso(record.countsFrom)))];
  if (calendar.version !== record.calendarVersion) notes.push(versionNote(calendar.version, record.calendarVersion));
  const { dueAt, calendarVersion, drafted, pauses } = record;
  return { dueAt, calendarVersion, drafted, explanation: { ...base.explanation, notes }, pauses };
}

export interface DeadlineOptions {
  /** Office minutes between the reminder and the due instant (REMINDER_LEAD_MINUTES); one working day when unset. */
  reminderLeadMinutes?: number | undefined;
}

/** Deadline activities: each takes the receiving unit's code and uses that unit's calendar in force now. */
export function createDeadlineActivities(calendars: CalendarProvider, options: DeadlineOptions = {}) {
  const withLead = (input: StartDeadlineInput): StartDeadlineInput => ({
    ...input,
    reminderLeadMinutes: input.reminderLeadMinutes ?? options.reminderLeadMinutes,
  });
  const withCalendar =
    <I extends { unitCode: string }, O>(run: (calendar: WorkingCalendar, input: I) => O) =>
    (input: I) =>
      run(calendars(input.unitCode), input);
  return {
    startDeadline: guarded((input: StartDeadlineInput) => startDeadline(calendars(input.unitCode), withLead(input))),
    pauseDeadline: guarded(withCalendar(pauseDeadline)),
    resumeDeadline: guarded(withCalendar(resumeDeadline)),
    stepDeadline: guarded(withCalendar(stepDeadline)),
    shiftStepDeadline: guarded(withCalendar(shiftStepDeadline)),
    recomputeDeadline: guarded(withCalendar(recomputeDeadline)),
    explainDeadline: guarded(withCalendar(explainDeadline)),
  };
}
