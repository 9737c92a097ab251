import { timestamp } from 'drizzle-orm/pg-core';

/** An instant, always stored with its zone (timestamptz) and read back as a `Date`. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const createdAt = () => instant('created_at').notNull().defaultNow();
export const updatedAt = () => instant('updated_at').notNull().defaultNow();
