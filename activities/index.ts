import type { Database } from '../db/client';
import { createDossierCodeRepository } from '../db/repositories/dossier-codes';
import { createDossierReadModel } from '../db/repositories/dossier-read-model';
import { createNotificationOutbox } from '../db/repositories/notifications';
import { createDeadlineActivities, type DeadlineOptions } from './deadlines';
import { createDossierCodeActivities } from './dossier-code';
import { createNotificationActivities } from './notifications';
import { createProjectionActivities } from './projection';
import { createReceiptActivities, type CalendarProvider } from './receipt';

export interface ActivityDeps {
  db: Database;
  calendars: CalendarProvider;
  deadlines?: DeadlineOptions;
}

/** All activities, with their dependencies injected once per worker. */
export function createActivities({ db, calendars, deadlines }: ActivityDeps) {
  return {
    ...createReceiptActivities(calendars),
    ...createDeadlineActivities(calendars, deadlines),
    ...createDossierCodeActivities(createDossierCodeRepository(db)),
    ...createProjectionActivities(createDossierReadModel(db)),
    ...createNotificationActivities(createNotificationOutbox(db)),
  };
}

export type Activities = ReturnType<typeof createActivities>;
