import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { dossierEvents, dossiers, type DossierEventRow, type DossierRow } from '../schema';
import { enqueueMessages, outboxContext } from './outbox';

type DossierStatus = DossierRow['status'];

/** The dossier as the workflow sees it after an event; instants are ISO 8601 strings (they cross Temporal as JSON). */
export interface DossierSnapshot {
  id: string;
  dossierCode: string | null;
  procedureCode: string;
  unitCode: string;
  status: DossierStatus;
  channel: string;
  applicant: unknown;
  submittedAt: string;
  officialReceiptAt: string | null;
  receptionCheckDueAt: string | null;
  overdueAtReception: boolean;
  acceptedAt: string | null;
  dueAt: string | null;
  calendarVersion: string | null;
  requestDigest: string;
  /** Present on events recorded by the full lifecycle; absent on older events. */
  appointmentAt?: string | null;
  overdue?: boolean;
  timeliness?: string | null;
  resolvedAt?: string | null;
  returnedAt?: string | null;
  returnChannel?: string | null;
  /** The workflow's whole view, kept for the detail page. */
  view?: Record<string, unknown>;
}

/** One event recorded by a dossier workflow, with the snapshot it leads to. */
export interface ProjectedEvent {
  sequence: number;
  type: string;
  occurredAt: string;
  actor?: { id: string; role: string } | null;
  fromStatus?: DossierStatus | null;
  toStatus?: DossierStatus | null;
  payload: Record<string, unknown>;
  snapshot: DossierSnapshot;
}

const toDate = (iso: string | null | undefined) => (iso ? new Date(iso) : null);

function toRow(event: ProjectedEvent): DossierRow {
  const s = event.snapshot;
  const now = new Date();
  return {
    id: s.id,
    dossierCode: s.dossierCode,
    procedureCode: s.procedureCode,
    unitCode: s.unitCode,
    status: s.status,
    channel: s.channel,
    applicant: s.applicant,
    overdueAtReception: s.overdueAtReception,
    calendarVersion: s.calendarVersion,
    requestDigest: s.requestDigest,
    submittedAt: new Date(s.submittedAt),
    officialReceiptAt: toDate(s.officialReceiptAt),
    receptionCheckDueAt: toDate(s.receptionCheckDueAt),
    acceptedAt: toDate(s.acceptedAt),
    dueAt: toDate(s.dueAt),
    appointmentAt: toDate(s.appointmentAt),
    overdue: s.overdue ?? false,
    timeliness: s.timeliness ?? null,
    resolvedAt: toDate(s.resolvedAt),
    returnedAt: toDate(s.returnedAt),
    returnChannel: s.returnChannel ?? null,
    view: s.view ?? null,
    lastSequence: event.sequence,
    createdAt: now,
    updatedAt: now,
  };
}

export function createDossierReadModel(db: Executor) {
  // Every dossier route reads the row for its scope check (api/auth/scope.ts): its SQL is built once, not per request.
  const byId = db.select().from(dossiers).where(eq(dossiers.id, sql.placeholder('id'))).limit(1).prepare('dossier_by_id');
  return {
    /**
     * Records an event, moves the dossier row forward and writes the outbox messages the event leads to, in one
     * transaction. Idempotent: a replayed or retried event is ignored (and adds no message), and an older event
     * never overwrites a newer snapshot.
     */
    async applyEvent(event: ProjectedEvent): Promise<void> {
      const row = toRow(event);
      await db.transaction(async (tx) => {
        const context = await outboxContext(tx, row.id);
        const { createdAt: _created, ...changes } = row;
        await tx
          .insert(dossiers)
          .values(row)
          .onConflictDoUpdate({
            target: dossiers.id,
            set: { ...changes, updatedAt: sql`now()` },
            setWhere: sql`${dossiers.lastSequence} < ${event.sequence}`,
          });
        const inserted = await tx
          .insert(dossierEvents)
          .values({
            dossierId: row.id,
            sequence: event.sequence,
            type: event.type,
            occurredAt: new Date(event.occurredAt),
            actorId: event.actor?.id ?? null,
            actorRole: event.actor?.role ?? null,
            unitCode: row.unitCode,
            fromStatus: event.fromStatus ?? null,
            toStatus: event.toStatus ?? null,
            payload: event.payload,
          })
          .onConflictDoNothing()
          .returning({ sequence: dossierEvents.sequence });
        if (inserted.length === 0) return;
        await enqueueMessages(tx, event, context);
      });
    },

    async findById(id: string): Promise<DossierRow | undefined> {
      const [row] = await byId.execute({ id });
      return row;
    },

    async listEvents(id: string): Promise<DossierEventRow[]> {
      return db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, id)).orderBy(asc(dossierEvents.sequence));
    },
  };
}

export type DossierReadModel = ReturnType<typeof createDossierReadModel>;
