import { createHash } from 'node:crypto';
import type { NewOutboxMessageRow } from '../schema';
import type { ProjectedEvent } from './dossier-read-model';

// What the outbox sends for a projected event: pure functions, so the projection's transaction only inserts rows.

/** Every event type the dossier workflow records (workflows/dossier/*.ts, `record(state, …)`); filters name these. */
export const DOSSIER_EVENT_TYPES = [
  'RECEIVED', 'RECEIVED_AGAIN', 'RECEPTION_CHECK_OVERDUE', 'ACCEPTED', 'SUPPLEMENT_REQUESTED', 'SUPPLEMENTED',
  'REFUSED_AT_RECEPTION', 'TRANSFERRED', 'STEP_STARTED', 'STEP_HANDED_OVER', 'STEP_DEEMED_CONSENT', 'STEP_OVERDUE',
  'PAUSED', 'RESUMED', 'APOLOGISED', 'PAYMENT_REQUESTED', 'PAYMENT_CONFIRMED', 'PAYMENT_REPORT_IGNORED',
  'RESULT_READY', 'REFUSED_TO_RESOLVE', 'RESULT_RETURNED', 'POSTAL_DELIVERED', 'POSTAL_DELIVERY_FAILED',
  'POSTAL_REPORT_IGNORED', 'RATED', 'WITHDRAWN', 'DEADLINE_RECOMPUTED', 'DUE_SOON', 'OVERDUE',
] as const;
export type DossierEventType = (typeof DOSSIER_EVENT_TYPES)[number];

/** The read model's row as it was before the event (undefined for a dossier's first event). */
export interface PreviousState {
  status: string;
  appointmentAt: Date | null;
}

/** What changed: status, appointment, or nothing worth telling another system. */
export interface Change {
  statusChanged: boolean;
  /** Both set when an existing appointment moved (supplementation, apology, recomputation, end of an excluded period). */
  previousAppointmentAt: string | null;
  newAppointmentAt: string | null;
}

export function changeOf(event: ProjectedEvent, previous: PreviousState | undefined): Change | undefined {
  const fromStatus = event.fromStatus ?? previous?.status ?? null;
  const statusChanged = fromStatus !== event.snapshot.status;
  const before = previous?.appointmentAt?.toISOString() ?? null;
  const after = iso(event.snapshot.appointmentAt);
  const moved = before !== null && after !== null && before !== after;
  if (!statusChanged && !moved) return undefined;
  return { statusChanged, previousAppointmentAt: moved ? before : null, newAppointmentAt: moved ? after : null };
}

const iso = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);

/** `msg_` + 32 hex digits of SHA-256(dossier, sequence, target): the same event to the same target is one message. */
export const messageId = (dossierId: string, sequence: number, target: string) =>
  `msg_${createHash('sha256').update(`${dossierId}\n${sequence}\n${target}`).digest('hex').slice(0, 32)}`;

/**
 * The national-portal sync record (domain spec §7): what the portal shows the applicant about the dossier.
 * No personal data: the portal links the dossier to the applicant's account by its own submission record.
 */
export function portalSync(event: ProjectedEvent, change: Change) {
  const s = event.snapshot;
  return {
    dossierId: s.id,
    dossierCode: s.dossierCode,
    procedureCode: s.procedureCode,
    unitCode: s.unitCode,
    channel: s.channel,
    receivedAt: iso(s.officialReceiptAt),
    appointmentAt: iso(s.appointmentAt),
    dueAt: iso(s.dueAt),
    status: s.status,
    previousStatus: event.fromStatus ?? null,
    previousAppointmentAt: change.previousAppointmentAt,
    newAppointmentAt: change.newAppointmentAt,
    timeliness: s.timeliness ?? null,
    resolvedAt: iso(s.resolvedAt),
    returnedAt: iso(s.returnedAt),
    updatedAt: iso(event.occurredAt),
  };
}

/** The body of a webhook delivery; `id` is repeated in the `Motcua-Message-Id` header. */
export function webhookBody(id: string, event: ProjectedEvent, change: Change) {
  return {
    id,
    type: change.statusChanged ? 'dossier.status_changed' : 'dossier.appointment_changed',
    occurredAt: iso(event.occurredAt),
    event: { dossierId: event.snapshot.id, sequence: event.sequence, type: event.type },
    portalSync: portalSync(event, change),
  };
}

export const EMAIL_TEMPLATES = ['ACCEPTED', 'SUPPLEMENT_REQUESTED', 'REFUSED_AT_RECEPTION', 'REFUSED_TO_RESOLVE', 'RESULT_READY', 'APOLOGISED'] as const;
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number];

/** The facts an applicant's e-mail is written from (activities/outbox/email-texts.ts); no name, no ID number. */
export interface EmailFacts {
  template: EmailTemplate;
  dossierId: string;
  dossierCode: string | null;
  procedureCode: string;
  submittedAt: string;
  appointmentAt: string | null;
  previousAppointmentAt: string | null;
  items: { item: string; reason: string }[];
  reasons: string[];
  reason: string | null;
}

/** The template of the e-mail the applicant gets for this event, if any (supplementation during handling is a pause). */
export function emailTemplateOf(event: ProjectedEvent): EmailTemplate | undefined {
  if (event.type === 'PAUSED') return event.payload.reason === 'SUPPLEMENT' ? 'SUPPLEMENT_REQUESTED' : undefined;
  return (EMAIL_TEMPLATES as readonly string[]).includes(event.type) ? (event.type as EmailTemplate) : undefined;
}

export function emailFacts(template: EmailTemplate, event: ProjectedEvent, change: Change): EmailFacts {
  const s = event.snapshot;
  const p = event.payload;
  return {
    template,
    dossierId: s.id,
    dossierCode: s.dossierCode,
    procedureCode: s.procedureCode,
    submittedAt: new Date(s.submittedAt).toISOString(),
    appointmentAt: iso(s.appointmentAt),
    previousAppointmentAt: change.previousAppointmentAt ?? (template === 'APOLOGISED' ? iso(p.dueAt as string) : null),
    items: Array.isArray(p.items) ? (p.items as EmailFacts['items']) : [],
    reasons: Array.isArray(p.reasons) ? (p.reasons as string[]) : [],
    reason: typeof p.reason === 'string' && template === 'APOLOGISED' ? p.reason : null,
  };
}

export interface Subscriber {
  id: string;
  eventTypes: string[];
}

/** The outbox rows an event leads to: one per matching subscription, plus the applicant's e-mail when they gave one. */
export function messagesFor(event: ProjectedEvent, previous: PreviousState | undefined, subscribers: Subscriber[]): NewOutboxMessageRow[] {
  const change = changeOf(event, previous);
  if (!change) return [];
  const base = { dossierId: event.snapshot.id, eventSequence: event.sequence, eventType: event.type };
  const rows: NewOutboxMessageRow[] = subscribers
    .filter((s) => s.eventTypes.length === 0 || s.eventTypes.includes(event.type))
    .map((s) => {
      const id = messageId(base.dossierId, event.sequence, s.id);
      return { ...base, id, channel: 'webhook', target: s.id, subscriptionId: s.id, payload: webhookBody(id, event, change) };
    });
  const template = emailTemplateOf(event);
  const email = (event.snapshot.applicant as { email?: unknown } | null)?.email;
  if (template && typeof email === 'string' && email.length > 0) {
    const id = messageId(base.dossierId, event.sequence, 'email');
    rows.push({ ...base, id, channel: 'email', target: 'email', recipient: email, payload: { ...emailFacts(template, event, change) } });
  }
  return rows;
}
