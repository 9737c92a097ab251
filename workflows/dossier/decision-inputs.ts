import { z } from 'zod';
import { ReturnChannel } from './channels';

// Inputs of every decision (Workflow Update) and system event (Signal). Shared by the workflow's validators,
// the HTTP routes and the OpenAPI document.

export const ActorRole = z.enum(['applicant', 'officer', 'leader', 'integrator', 'admin', 'system']);
export type ActorRole = z.infer<typeof ActorRole>;

/** Who decides: set by the API from the caller's identity, recorded on the event. Never a search attribute. */
export const Actor = z.object({
  id: z.string().trim().min(1).max(100),
  role: ActorRole,
});
export type Actor = z.infer<typeof Actor>;

const Text = (max: number) => z.string().trim().min(1).max(max);
const Instant = z.iso.datetime({ offset: true });

/** Every decision carries its actor; `note` is free text for the audit trail. */
const Decision = z.object({ actor: Actor, note: Text(2000).optional() });

export const AcceptDecision = Decision;
export type AcceptDecision = z.infer<typeof AcceptDecision>;

/** Form 02: every item to add or correct, each with its reason, given once (hướng dẫn một lần). */
export const SupplementRequest = Decision.extend({
  items: z.array(z.object({ item: Text(500), reason: Text(1000) })).min(1).max(50),
});
export type SupplementRequest = z.infer<typeof SupplementRequest>;

/** The applicant's supplementation: what was added, as references to stored components. */
export const SupplementSubmission = Decision.extend({
  components: z.array(z.object({ name: Text(300), digest: z.string().regex(/^[0-9a-f]{64}$/) })).min(1).max(100),
});
export type SupplementSubmission = z.infer<typeof SupplementSubmission>;

/** Forms 03 (refusal at reception) and the written refusal to resolve: reasons are mandatory. */
export const Refusal = Decision.extend({ reasons: z.array(Text(1000)).min(1).max(20) });
export type Refusal = z.infer<typeof Refusal>;

export const Transfer = Decision;
export type Transfer = z.infer<typeof Transfer>;

/** A step's agency hands the dossier on (form 05 row). */
export const StepHandOver = Decision.extend({
  stepId: z.string().min(1).max(40),
  /** COMPLETED for a handling step; AGREED or DISAGREED for a consulted agency's answer. */
  outcome: z.enum(['COMPLETED', 'AGREED', 'DISAGREED']),
});
export type StepHandOver = z.infer<typeof StepHandOver>;

export const PauseDecision = Decision.extend({
  reason: z.enum(['SUPPLEMENT', 'FINANCIAL_OBLIGATION', 'VERIFICATION']),
  /** Reference of the notice sent to the applicant (form 02 or the agency's letter). */
  noticeRef: Text(100),
  /** For a supplement during handling: the items to add (form 02). */
  items: SupplementRequest.shape.items.optional(),
});
export type PauseDecision = z.infer<typeof PauseDecision>;

export const ResumeDecision = Decision;
export type ResumeDecision = z.infer<typeof ResumeDecision>;

/** Form 04: apology with the reason for the delay and a new appointment. */
export const Apology = Decision.extend({ reason: Text(1000), newAppointmentAt: Instant });
export type Apology = z.infer<typeof Apology>;

export const Approval = Decision.extend({
  /** Names of the result documents; each is stored as `<dossier code>-KQ<n>`. */
  results: z.array(Text(300)).min(1).max(20),
});
export type Approval = z.infer<typeof Approval>;

export const FeeAssessment = Decision.extend({ amountVnd: z.number().int().min(0).max(10_000_000_000) });
export type FeeAssessment = z.infer<typeof FeeAssessment>;

/** Payment confirmed by the national payment platform (signal) or by an officer checking a transfer proof. */
export const PaymentConfirmation = z.object({
  actor: Actor,
  paymentRef: Text(100),
  amountVnd: z.number().int().min(0),
});
export type PaymentConfirmation = z.infer<typeof PaymentConfirmation>;

export const ResultReturn = Decision.extend({ channel: ReturnChannel });
export type ResultReturn = z.infer<typeof ResultReturn>;

/** Public postal service (Decision 45/2016): the post office reports delivery. */
export const PostalDelivery = z.object({
  trackingRef: Text(100),
  status: z.enum(['DELIVERED', 'FAILED']),
  at: Instant,
});
export type PostalDelivery = z.infer<typeof PostalDelivery>;

/** Decision 766: the applicant rates the service after return (1–5 each). */
export const Rating = Decision.extend({
  punctuality: z.number().int().min(1).max(5),
  attitude: z.number().int().min(1).max(5),
  overall: z.number().int().min(1).max(5),
  contacts: z.number().int().min(0).max(50),
});
export type Rating = z.infer<typeof Rating>;

export const Withdrawal = Decision;
export type Withdrawal = z.infer<typeof Withdrawal>;

export const Recompute = Decision;
export type Recompute = z.infer<typeof Recompute>;
