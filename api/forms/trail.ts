import type { DossierEventRow } from '../../db/schema';
import { FORM_NAMES, type DossierTrail, type FormId, type QrPayload } from './model';

// Reading a dossier's trail: events by type, their payloads as loose JSON, and the applicant as submitted.
// Payloads are read defensively: an older event may lack a key a newer one has.

export type Payload = Record<string, unknown>;

export const payloadOf = (event: DossierEventRow): Payload =>
  event.payload !== null && typeof event.payload === 'object' ? (event.payload as Payload) : {};

export const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

export const lastOf = (events: DossierEventRow[], ...types: string[]): DossierEventRow | undefined =>
  events.filter((event) => types.includes(event.type)).at(-1);

export const firstOf = (events: DossierEventRow[], ...types: string[]): DossierEventRow | undefined =>
  events.find((event) => types.includes(event.type));

/** The last event of the given types recorded before `event` (by sequence). */
export const lastBefore = (events: DossierEventRow[], event: DossierEventRow, ...types: string[]) =>
  lastOf(events.filter((e) => e.sequence < event.sequence), ...types);

export interface ApplicantOnForm {
  fullName: string;
  identifier: string;
  phone: string | null;
  email: string | null;
  address: string | null;
}

export function applicantOf(trail: DossierTrail): ApplicantOnForm {
  const a = (trail.dossier.applicant ?? {}) as Payload;
  return {
    fullName: text(a.fullName) ?? '—',
    identifier: text(a.identifier) ?? '—',
    phone: text(a.phone),
    email: text(a.email),
    address: text(a.address),
  };
}

/** `Điện thoại: … · Email: …`, or an em dash when the applicant gave no contact. */
export function contactsOf(applicant: ApplicantOnForm): string {
  const parts = [
    applicant.phone && `Điện thoại: ${applicant.phone}`,
    applicant.email && `Email: ${applicant.email}`,
    applicant.address && `Địa chỉ: ${applicant.address}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : '—';
}

/** The dossier code as recorded by acceptance (falls back to the row, then to the dossier id before a code). */
export function referenceOf(trail: DossierTrail): string {
  const accepted = lastOf(trail.events, 'ACCEPTED');
  return text(accepted && payloadOf(accepted).dossierCode) ?? trail.dossier.dossierCode ?? trail.dossier.id;
}

export function qrOf(trail: DossierTrail, form: FormId): QrPayload {
  return {
    dossierCode: referenceOf(trail),
    procedureCode: trail.dossier.procedureCode,
    applicantId: applicantOf(trail).identifier,
    documentName: FORM_NAMES[form],
  };
}

/** Who acted: `officer-1 (officer)`; the system's own events show as `Hệ thống Một cửa`. */
export function actorOf(event: DossierEventRow | undefined): string | null {
  if (!event?.actorId) return null;
  if (event.actorRole === 'system') return 'Hệ thống Một cửa';
  return event.actorId;
}

export const ONE_STOP_UNIT = 'Bộ phận Một cửa';
export const APPLICANT = 'Tổ chức, cá nhân';
