import type { TimeLimit } from './procedure';

// The dossier's deadline as the workflow keeps it (domain spec §6.1): budget + consumed + pauses + calendar
// version, with the due instant derived by the deadline activities. Plain JSON; instants are ISO 8601 strings.

export type PauseReason =
  | 'SUPPLEMENT' // bổ sung hồ sơ trong quá trình giải quyết
  | 'FINANCIAL_OBLIGATION' // chờ thực hiện nghĩa vụ tài chính
  | 'VERIFICATION' // thẩm tra, xác minh theo luật chuyên ngành
  | 'EXCLUDED_PERIOD'; // a step the procedure excludes from the time limit

export interface ClockPause {
  reason: PauseReason;
  from: string;
  /** Null while the pause lasts. */
  to: string | null;
  /** Office minutes between `from` and `to`, once closed. */
  workingMinutes: number | null;
}

export interface DeadlineRecord {
  limit: TimeLimit;
  /** The instant the limit counts from: the official receipt time, or the restart. */
  countsFrom: string;
  /** Office minutes between `countsFrom` and the first due instant. */
  budgetMinutes: number;
  /** Office minutes used before the running segment (the sum over closed segments). */
  consumedMinutes: number;
  /** Start of the running segment; null while paused. */
  runningSince: string | null;
  pauses: ClockPause[];
  /** The statutory due instant (ngày hẹn trả) now in force. */
  dueAt: string;
  /**
   * Office minutes between the reminder and `dueAt`, chosen when the clock starts (default: one working day of the
   * unit). Kept so a resume or a recomputation places the reminder with the same lead.
   */
  reminderLeadMinutes: number;
  /** When the reminder fires: `reminderLeadMinutes` of office time before `dueAt`, never before `countsFrom`. */
  reminderAt: string;
  /** Last moment for an apology (form 04): end of office hours of the working day before the due date. */
  lastApologyAt: string;
  calendarVersion: string;
  /** Some day counted lies in a year whose holidays are drafted (no official notice yet). */
  drafted: boolean;
}

/** A step's own clock (liên thông): each step's lateness is tracked apart from the dossier's. */
export interface StepClock {
  startedAt: string;
  dueAt: string | null;
  calendarVersion: string;
}
