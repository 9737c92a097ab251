import { WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as d from '../../../workflows/dossier/decision-inputs';
import * as m from '../../../workflows/dossier/messages';
import { DossierView } from '../../../workflows/dossier/inputs';
import type { Role } from '../../auth/principal';
import { authenticated, requireDossier } from '../../auth/scope';
import { problem, Problem } from '../../errors';
import { DossierParams, IdempotentHeaders } from '../../schemas/common';

/** Staff of the receiving unit or of a unit on the dossier's steps. */
const STAFF: readonly Role[] = ['officer', 'leader'];
/** The applicant, or the national portal relaying the applicant's action. */
const APPLICANT: readonly Role[] = ['applicant', 'integrator'];

type ActorlessSchema = z.ZodObject<{ actor: z.ZodType } & z.ZodRawShape>;

/** One decision route: its HTTP body is the Update's input without `actor`, which comes from the caller's identity. */
interface Decision {
  path: string;
  summary: string;
  access: readonly Role[];
  update: UpdateDefinition<DossierView, [never]>;
  input: ActorlessSchema;
  /** A valid body, shown in Swagger UI (the authorisation matrix test sends it). */
  example: Record<string, unknown>;
}

const decision = <U extends { actor: d.Actor }>(
  path: string,
  access: readonly Role[],
  summary: string,
  update: UpdateDefinition<DossierView, [U]>,
  input: ActorlessSchema,
  example: Omit<U, 'actor'>,
): Decision => ({ path, access, summary, update: update as UpdateDefinition<DossierView, [never]>, input, example });

const reasons = ['Hồ sơ không thuộc thẩm quyền giải quyết của đơn vị'];

/** One row per decision; each is a Temporal Update whose validator the workflow runs. */
const decisions: Decision[] = [
  decision('accept', STAFF, 'Accept after the reception check (tiếp nhận hồ sơ); issues the dossier code', m.acceptUpdate, d.AcceptDecision, { note: 'Hồ sơ đầy đủ, hợp lệ' }),
  decision(
    'request-supplement',
    STAFF,
    'Request supplementation once, with every item and its reason (form 02)',
    m.requestSupplementUpdate,
    d.SupplementRequest,
    { items: [{ item: 'Bản sao Giấy khai sinh', reason: 'Bản sao chưa được chứng thực' }] },
  ),
  decision(
    'supplement',
    APPLICANT,
    'Supplement the dossier (at reception, or during a supplementation pause)',
    m.supplementUpdate,
    d.SupplementSubmission,
    { components: [{ name: 'Bản sao Giấy khai sinh (có chứng thực)', digest: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }] },
  ),
  decision('refuse', STAFF, 'Refuse at reception with reasons (form 03)', m.refuseAtReceptionUpdate, d.Refusal, { reasons }),
  decision('transfer', STAFF, 'Transfer to the handling agency; the first stage of steps starts (form 05)', m.transferUpdate, d.Transfer, {}),
  decision('hand-over', STAFF, 'Hand a step over with its outcome (form 05 row)', m.handOverStepUpdate, d.StepHandOver, { stepId: 'handling', outcome: 'COMPLETED' }),
  decision(
    'pause',
    STAFF,
    'Pause with a reason and a notice: supplementation, financial obligation, verification',
    m.pauseUpdate,
    d.PauseDecision,
    { reason: 'FINANCIAL_OBLIGATION', noticeRef: 'TB-0123/CCT' },
  ),
  decision('resume', STAFF, 'Resume a paused dossier', m.resumeUpdate, d.ResumeDecision, {}),
  decision(
    'apologise',
    STAFF,
    'Apologise with a new appointment, once, by the working day before the due date (form 04)',
    m.apologiseUpdate,
    d.Apology,
    { reason: 'Cần xác minh thêm với cơ quan liên quan', newAppointmentAt: '2026-12-15T09:00:00+07:00' },
  ),
  decision('fee', STAFF, 'Assess the fee and request payment', m.assessFeeUpdate, d.FeeAssessment, { amountVnd: 20_000 }),
  decision(
    'confirm-payment',
    [...STAFF, 'integrator'],
    'Confirm a payment: an officer checking a transfer proof, or the payment gateway',
    m.confirmPaymentUpdate,
    d.PaymentConfirmation,
    { paymentRef: 'PAYGOV-2026-000123', amountVnd: 20_000 },
  ),
  decision('approve', STAFF, 'Approve: the result is ready; documents are numbered <code>-KQ<n>', m.approveUpdate, d.Approval, { results: ['Giấy xác nhận thông tin về cư trú'] }),
  decision('refuse-to-resolve', STAFF, 'Refuse to resolve, with written reasons', m.refuseToResolveUpdate, d.Refusal, { reasons }),
  decision(
    'return-result',
    STAFF,
    'Return the result online, at the counter or by public post',
    m.returnResultUpdate,
    d.ResultReturn,
    { channel: 'counter' },
  ),
  decision('rate', APPLICANT, 'Rate the service after the result is returned', m.rateUpdate, d.Rating, { punctuality: 5, attitude: 5, overall: 5, contacts: 1 }),
  decision('withdraw', APPLICANT, 'Withdraw the dossier before its result is returned', m.withdrawUpdate, d.Withdrawal, { note: 'Không còn nhu cầu' }),
];

export const decisionRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const decision of decisions) {
    app.post(
      `/v1/dossiers/:id/${decision.path}`,
      {
        config: { access: decision.access },
        schema: {
          tags: ['decisions'],
          summary: decision.summary,
          params: DossierParams,
          headers: IdempotentHeaders,
          body: decision.input.omit({ actor: true }).strict().meta({ examples: [decision.example] }),
          response: {
            200: DossierView,
            400: Problem,
            401: Problem,
            403: Problem,
            404: Problem,
            409: Problem,
            422: Problem,
            503: Problem,
          },
        },
      },
      async (request) => {
        await requireDossier(app, request, request.params.id);
        const { subject, role } = authenticated(request);
        const handle = app.deps.temporal.workflow.getHandle(request.params.id);
        const input = { ...(request.body as object), actor: { id: subject, role } } as never;
        try {
          // The Idempotency-Key is the Update ID: a retried request returns the first outcome, not a second decision.
          return await app.withDecisionDeadline(() =>
            handle.executeUpdate(decision.update, { args: [input], updateId: request.headers['idempotency-key'] }),
          );
        } catch (error) {
          throw await closedDossierRefusal(app, request.params.id, error);
        }
      },
    );
  }
};

/**
 * A dossier whose workflow has completed (refused, withdrawn, rated) takes no more decisions: Temporal reports the
 * workflow as not found, but the dossier exists, so the caller gets 409 with its final status rather than 404.
 */
async function closedDossierRefusal(app: FastifyInstance, id: string, error: unknown): Promise<unknown> {
  if (!(error instanceof WorkflowNotFoundError)) return error;
  const row = await app.readModel.findById(id);
  if (!row) return error;
  return problem(409, 'Decision refused', {
    detail: `the dossier is closed in status ${row.status} and takes no more decisions`,
    reason: 'WrongState',
  });
}
