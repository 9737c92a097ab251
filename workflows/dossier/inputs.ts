import { z } from 'zod';
import { ProcedureSnapshot } from './procedure';
import { DOSSIER_STATUSES } from './statuses';

// Zod schemas shared by the workflow's validators, the HTTP routes and the OpenAPI document.

export const DossierStatus = z.enum(DOSSIER_STATUSES);
export type DossierStatus = z.infer<typeof DossierStatus>;

/** Receiving unit code under QCVN 102:2016 (dot-separated groups such as `000.00.01.H56`, or `H21.65`). */
export const UnitCode = z.string().regex(/^[A-Z0-9]{1,6}(\.[A-Z0-9]{1,6}){1,5}$/, 'must be a unit code such as 000.00.01.H56');
/** National procedure code from the CSDL TTHC, e.g. `1.001193`. */
export const ProcedureCode = z.string().regex(/^\d\.\d{6}$/, 'must be a procedure code such as 1.001193');
export const Channel = z.enum(['online', 'counter', 'postal']);

export const Applicant = z.object({
  kind: z.enum(['citizen', 'organisation']),
  fullName: z.string().trim().min(1).max(200),
  /** Citizen ID (CCCD, 12 digits) or enterprise/tax code. Personal data: never a search attribute or a log field. */
  identifier: z.string().trim().min(6).max(20),
  email: z.email().max(254).optional(),
  phone: z.string().regex(/^\+?[0-9 .-]{8,20}$/, 'must be a phone number').optional(),
  address: z.string().trim().max(500).optional(),
});
export type Applicant = z.infer<typeof Applicant>;

/** What a caller submits; the API adds the receipt instant and the request digest. */
export const SubmissionRequest = z.object({
  procedureCode: ProcedureCode,
  unitCode: UnitCode,
  channel: Channel.default('online'),
  applicant: Applicant,
});
export type SubmissionRequest = z.infer<typeof SubmissionRequest>;

/** The dossier workflow's input: frozen at submission, so later catalogue edits never change it. */
export const DossierStartInput = SubmissionRequest.extend({
  /** The procedure as the catalogue had it at submission: later edits never change this dossier. */
  procedure: ProcedureSnapshot,
  /** When the system received the submission (before office-hours adjustment). */
  submittedAt: z.iso.datetime({ offset: true }),
  /** SHA-256 of the canonical request, to tell a retried submission from a different one under the same key. */
  requestDigest: z.string().regex(/^[0-9a-f]{64}$/),
});
export type DossierStartInput = z.infer<typeof DossierStartInput>;

const Instant = z.iso.datetime({ offset: true });

export const DossierView = z.object({
  id: z.string(),
  dossierCode: z.string().nullable(),
  procedureCode: z.string(),
  unitCode: z.string(),
  channel: Channel,
  status: DossierStatus,
  submittedAt: Instant,
  officialReceiptAt: Instant.nullable(),
  receptionCheckDueAt: Instant.nullable(),
  overdueAtReception: z.boolean(),
  acceptedAt: Instant.nullable(),
  dueAt: Instant.nullable(),
  appointmentAt: Instant.nullable(),
  overdue: z.boolean(),
  paused: z.boolean(),
  timeliness: z.enum(['EARLY', 'ON_TIME', 'LATE']).nullable(),
  steps: z.array(
    z.object({
      id: z.string(),
      status: z.enum(['PENDING', 'IN_PROGRESS', 'DONE']),
      outcome: z.enum(['COMPLETED', 'AGREED', 'DISAGREED', 'DEEMED_CONSENT']).nullable(),
      late: z.boolean(),
      dueAt: Instant.nullable(),
    }),
  ),
  fee: z
    .object({
      status: z.enum(['ASSESSED', 'PAID']),
      amountVnd: z.number().int(),
      payableAt: z.enum(['submission', 'before_result']),
      paymentRef: z.string().nullable(),
      paidAt: Instant.nullable(),
    })
    .nullable(),
  resultDocuments: z.array(z.string()),
  returnChannel: Channel.nullable(),
  delivery: z.enum(['HANDED_OVER', 'DELIVERED', 'FAILED']).nullable(),
  calendarVersion: z.string().nullable(),
  requestDigest: z.string(),
  lastSequence: z.number().int(),
});
export type DossierView = z.infer<typeof DossierView>;
