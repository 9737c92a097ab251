/** What receipt needs of the working-day calendar (calendars/): the unit's office hours and holidays. */
export interface ReceiptCalendar {
  readonly version: string;
  officialReceiptTime(instant: Date): Date;
  addWorkingMinutes(instant: Date, minutes: number): Date;
}

/** The calendar in force for a receiving unit (its office hours, closures) with the current official data. */
export type CalendarProvider = (unitCode: string) => ReceiptCalendar;

/** Decree 45/2020 Art. 11: the officer checks the dossier within 8 working hours of its receipt. */
export const RECEPTION_CHECK_MINUTES = 8 * 60;

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
      const receptionCheckDueAt = calendar.addWorkingMinutes(officialReceiptAt, RECEPTION_CHECK_MINUTES);
      return {
        officialReceiptAt: officialReceiptAt.toISOString(),
        receptionCheckDueAt: receptionCheckDueAt.toISOString(),
        calendarVersion: calendar.version,
      };
    },
  };
}
