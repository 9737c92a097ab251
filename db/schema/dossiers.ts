import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { DOSSIER_STATUSES } from '../../workflows/dossier/statuses';
import { createdAt, instant, updatedAt } from './columns';

export const dossierStatus = pgEnum('dossier_status', DOSSIER_STATUSES);

/** Statuses an officer still has work on: the worklist shows these, and its partial index covers only them. */
export const OPEN_STATUSES = [
  'AWAITING_RECEPTION_CHECK',
  'SUPPLEMENT_REQUESTED',
  'ACCEPTED',
  'IN_HANDLING',
  'PAUSED',
  'RESULT_READY',
] as const satisfies readonly (typeof DOSSIER_STATUSES)[number][];

/**
 * SQL text, not parameters, on purpose: the planner uses the worklist index only when the query repeats its
 * expression and predicate literally (dossier-search.ts builds its queries from these same strings).
 */
export const OPEN_STATUSES_SQL = `(${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;
export const WORKLIST_DEADLINE_SQL =
  `(case when "status" = 'AWAITING_RECEPTION_CHECK' then "reception_check_due_at" else "due_at" end)`;

/** Events the reports read besides the dossier row: when it was withdrawn, became overdue, was apologised for. */
export const REPORT_EVENT_TYPES = ['WITHDRAWN', 'OVERDUE', 'APOLOGISED'] as const;
export const REPORT_EVENT_TYPES_SQL = `(${REPORT_EVENT_TYPES.map((t) => `'${t}'`).join(', ')})`;

/** Read model of one dossier, projected from its workflow's events. The workflow is the source of truth. */
export const dossiers = pgTable(
  'dossiers',
  {
    id: text('id').primaryKey(),
    dossierCode: text('dossier_code'),
    procedureCode: text('procedure_code').notNull(),
    unitCode: text('unit_code').notNull(),
    status: dossierStatus('status').notNull(),
    channel: text('channel').notNull(),
    applicant: jsonb('applicant').notNull(),
    submittedAt: instant('submitted_at').notNull(),
    officialReceiptAt: instant('official_receipt_at'),
    receptionCheckDueAt: instant('reception_check_due_at'),
    overdueAtReception: boolean('overdue_at_reception').notNull().default(false),
    acceptedAt: instant('accepted_at'),
    /** Statutory due instant (ngày hẹn trả); reports compare against it. */
    dueAt: instant('due_at'),
    /** Applicant-facing appointment: the due instant, or the one set by an apology (form 04). */
    appointmentAt: instant('appointment_at'),
    overdue: boolean('overdue').notNull().default(false),
    timeliness: text('timeliness'),
    resolvedAt: instant('resolved_at'),
    returnedAt: instant('returned_at'),
    returnChannel: text('return_channel'),
    /** The whole view (steps, fee, result documents) as the workflow last reported it. */
    view: jsonb('view'),
    /** Content hash of the working-day calendar the deadlines were computed with. */
    calendarVersion: text('calendar_version'),
    /** SHA-256 of the submission request, to recognise a retried submission. */
    requestDigest: text('request_digest').notNull(),
    lastSequence: integer('last_sequence').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('dossiers_dossier_code_key').on(t.dossierCode),
    index('dossiers_procedure_idx').on(t.procedureCode, t.status),
    // Search and worklist (dossier-search.ts): each is ordered by its first columns up to `id`, the keyset tiebreak, so a
    // page is one index range; the columns after `id` change no order, they are the other filters' columns
    // (FILTERED_COLUMNS), so a search page's ids and its capped count are read from index entries alone (index-only
    // scans), instead of a table row visited for every entry a filter then rejects (docs/performance.md).
    index('dossiers_unit_status_due_idx').on(t.unitCode, t.status, t.dueAt, t.id, t.procedureCode, t.channel, t.overdue, t.overdueAtReception),
    index('dossiers_status_due_idx').on(t.status, t.dueAt, t.id, t.unitCode, t.procedureCode, t.channel, t.overdue, t.overdueAtReception),
    index('dossiers_submitted_idx').on(t.submittedAt, t.id, t.status, t.unitCode, t.procedureCode, t.channel, t.dueAt, t.overdue, t.overdueAtReception),
    index('dossiers_unit_submitted_idx').on(t.unitCode, t.submittedAt, t.id, t.status, t.procedureCode, t.channel, t.dueAt, t.overdue, t.overdueAtReception),
    index('dossiers_procedure_submitted_idx').on(t.procedureCode, t.submittedAt, t.id, t.status, t.unitCode, t.channel, t.dueAt, t.overdue, t.overdueAtReception),
    index('dossiers_overdue_idx')
      .on(t.submittedAt, t.id, t.status, t.unitCode, t.procedureCode, t.channel, t.dueAt)
      .where(sql`${t.overdue} or ${t.overdueAtReception}`),
    // Overdue dossiers by due date (sort=dueAt&overdue=true): the first page in due order from the index, instead of
    // every overdue row fetched and sorted (docs/performance.md, "Read model").
    index('dossiers_overdue_due_idx')
      .on(t.dueAt, t.id, t.status, t.unitCode, t.procedureCode, t.channel)
      .where(sql`${t.overdue} or ${t.overdueAtReception}`),
    index('dossiers_applicant_identifier_idx').on(sql`(${t.applicant} ->> 'identifier')`),
    index('dossiers_dossier_code_prefix_idx').using('btree', t.dossierCode.op('text_pattern_ops')),
    index('dossiers_worklist_idx')
      .on(t.unitCode, sql.raw(WORKLIST_DEADLINE_SQL), t.id)
      .where(sql.raw(`"status" in ${OPEN_STATUSES_SQL}`)),
  ],
);

/** Append-only audit trail: one row per event the workflow recorded, idempotent on (dossier, sequence). */
export const dossierEvents = pgTable(
  'dossier_events',
  {
    dossierId: text('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    sequence: integer('sequence').notNull(),
    type: text('type').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    actorId: text('actor_id'),
    actorRole: text('actor_role'),
    unitCode: text('unit_code'),
    fromStatus: dossierStatus('from_status'),
    toStatus: dossierStatus('to_status'),
    payload: jsonb('payload').notNull(),
    recordedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.dossierId, t.sequence] }),
    // Reports (db/repositories/dossier-reports.ts) look up these events per dossier: a small covering index.
    index('dossier_events_report_idx')
      .on(t.dossierId, t.type, t.occurredAt)
      .where(sql.raw(`"type" in ${REPORT_EVENT_TYPES_SQL}`)),
  ],
);

export type DossierRow = typeof dossiers.$inferSelect;
export type NewDossierRow = typeof dossiers.$inferInsert;
export type DossierEventRow = typeof dossierEvents.$inferSelect;
