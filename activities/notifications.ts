import type { NotificationOutbox } from '../db/repositories/notifications';

export interface NoticeRequest {
  dossierId: string;
  unitCode: string;
  /** What happened: `RECEPTION_CHECK_OVERDUE`, `DUE_SOON`, `OVERDUE`, `STEP_OVERDUE`… */
  kind: string;
  audience: 'unit' | 'leader' | 'applicant';
  /** Makes the notice unique per dossier: a replayed or retried wake-up never sends it twice. */
  dedupeKey: string;
  dueAt?: string | null;
  details?: Record<string, unknown>;
}

export function createNotificationActivities(outbox: NotificationOutbox) {
  return {
    /** Puts a notice in the outbox (no personal data: the sender looks the applicant up when it delivers). */
    async notify(request: NoticeRequest): Promise<void> {
      await outbox.enqueue({
        dossierId: request.dossierId,
        dedupeKey: request.dedupeKey,
        kind: request.kind,
        audience: request.audience,
        unitCode: request.unitCode,
        payload: request.details ?? {},
        dueAt: request.dueAt ? new Date(request.dueAt) : null,
      });
    },
  };
}
