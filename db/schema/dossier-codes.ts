import { date, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns';

/**
 * Last sequence number issued per receiving unit and day (Circular 01/2018 Art. 19: `<unit>-<YYMMDD>-<NNNN>`).
 * Incremented under a row lock, so concurrent acceptances get consecutive, gap-free numbers.
 */
export const dossierCodeCounters = pgTable(
  'dossier_code_counters',
  {
    unitCode: text('unit_code').notNull(),
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitCode, t.issueDate] })],
);

/** The code issued to each dossier; one per dossier, so a retried allocation returns the same code. */
export const dossierCodes = pgTable(
  'dossier_codes',
  {
    dossierId: text('dossier_id').primaryKey(),
    unitCode: text('unit_code').notNull(),
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    number: integer('number').notNull(),
    code: text('code').notNull(),
    issuedAt: instant('issued_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dossier_codes_code_key').on(t.code),
    uniqueIndex('dossier_codes_unit_day_number_key').on(t.unitCode, t.issueDate, t.number),
  ],
);

export type DossierCodeRow = typeof dossierCodes.$inferSelect;
