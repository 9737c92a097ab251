import type { WorkingCalendar } from '../calendars';
import { regimeAt } from '../workflows/dossier/regimes';

/** The working-day calendar (calendars/) of a unit: its office hours, holidays and closures. */
export type ReceiptCalendar = WorkingCalendar;

/** The calendar in force for a receiving unit (its office hours, closures) with the current official data. */
export type CalendarProvider = (unitCode: string) => ReceiptCalendar;

export function createReceiptActivities(calendars: CalendarProvider) {
  return {
    /**
     * The automatic acknowledgment: the official receipt time (the instant itself inside office hours, else the
     * start of the next working period) and when the 8-working-hour reception check falls due. Computed here, not
     * in the workflow, so the result is recorded in history and a later calendar notice never changes it on replay.
     */
    async acknowledgeReceipt(request: { unitCode: string; submittedAt: string }) {
      const calendar = calendars(request.unitCode);
      const officialReceiptAt = calendar.officialReceiptTime(new Date(request.submittedAt));
      const regime = regimeAt(officialReceiptAt.toISOString());
      const receptionCheckDueAt = calendar.addWorkingMinutes(officialReceiptAt, regime.receptionCheckMinutes);
      return {
        officialReceiptAt: officialReceiptAt.toISOString(),
        receptionCheckDueAt: receptionCheckDueAt.toISOString(),
        calendarVersion: calendar.version,
        regime: regime.code,
      };
    },
  };
}
