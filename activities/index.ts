import type { Database } from '../db/client';
import { createDossierCodeRepository } from '../db/repositories/dossier-codes';
import { createDossierReadModel } from '../db/repositories/dossier-read-model';
import { createNotificationOutbox } from '../db/repositories/notifications';
import { createOutbox } from '../db/repositories/outbox';
import { createDeadlineActivities, type DeadlineOptions } from './deadlines';
import { createDossierCodeActivities } from './dossier-code';
import { createNotificationActivities } from './notifications';
import { createOutboxActivities, type OutboxDeliveryOptions } from './outbox/deliver';
import { createProjectionActivities } from './projection';
import { createReceiptActivities, type CalendarProvider } from './receipt';

export interface ActivityDeps {
  db: Database;
  calendars: CalendarProvider;
  deadlines?: DeadlineOptions;
  /** Delivery of the outbox (SMTP, retry schedule); webhooks work without it, e-mails need its mailer. */
  outbox?: OutboxDeliveryOptions;
}

/** All activities, with their dependencies injected once per worker. */
export function createActivities({ db, calendars, deadlines, outbox }: ActivityDeps) {
  return {
    ...createReceiptActivities(calendars),
    ...createDeadlineActivities(calendars, deadlines),
    ...createDossierCodeActivities(createDossierCodeRepository(db)),
    ...createProjectionActivities(createDossierReadModel(db)),
    ...createNotificationActivities(createNotificationOutbox(db)),
    ...createOutboxActivities(createOutbox(db), outbox),
  };
}

export type Activities = ReturnType<typeof createActivities>;
