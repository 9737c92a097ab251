import type { Executor } from '../client';
import { notifications, type NewNotificationRow } from '../schema';

export type NotificationRequest = Omit<NewNotificationRow, 'id' | 'createdAt' | 'sentAt'>;

export function createNotificationOutbox(db: Executor) {
  return {
    /** Writes a notice once: a retried activity or a replayed timer finds the same key and adds nothing. */
    async enqueue(request: NotificationRequest): Promise<void> {
      await db.insert(notifications).values(request).onConflictDoNothing();
    },
  };
}

export type NotificationOutbox = ReturnType<typeof createNotificationOutbox>;
