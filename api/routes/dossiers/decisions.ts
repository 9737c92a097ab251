import { WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as d from '../../../workflows/dossier/decision-inputs';
import * as m from '../../../workflows/dossier/messages';
import { acceptUpdate } from '../../../workflows/dossier/messages';
import { AcceptInput, DossierView } from '../../../workflows/dossier/inputs';
import { problem, Problem } from '../../errors';
import { DossierParams, IdempotentHeaders } from '../../schemas/common';

interface Decision<I extends z.ZodType, U> {
  path: string;
  summary: string;
  update: UpdateDefinition<DossierView, [U]>;
  input: I;
  /** The Update's argument from the request body (the actor comes from the body until callers authenticate). */
  toUpdate: (body: z.infer<I>) => U;
}

/** Identity with inference, so each row's `toUpdate` is checked against its own schema and Update. */
const decision = <I extends z.ZodType, U>(row: Decision<I, U>) => row;

const ActorId = z.string().trim().min(1).max(100);

/**
 * A decision's HTTP body until callers authenticate: the Update's input without `actor`, plus who decides
 * (`officerId` or `applicantId`). The workflow's validator checks the full input again.
 */
function decidedBy<U>(
  role: 'officer' | 'applicant',
  path: string,
  summary: string,
  update: UpdateDefinition<DossierView, [U]>,
  schema: z.ZodObject<{ actor: z.ZodType } & z.ZodRawShape>,
): Decision<z.ZodType, unknown> {
  const idField = role === 'officer' ? 'officerId' : 'applicantId';
  return {
    path,
    summary,
    update: update as unknown as UpdateDefinition<DossierView, [unknown]>,
    input: schema.omit({ actor: true }).extend({ [idField]: ActorId }),
    toUpdate: (body) => {
      const { [idField]: id, ...rest } = body as Record<string, unknown>;
      return { ...rest, actor: { id, role } };
    },
  };
}

/** One row per decision; each is a Temporal Update whose validator the workflow runs. */
// Rows differ in input and Update types; each row was checked by `decision()` or `decidedBy()`.
const decisions: Decision<any, any>[] = [
  decision({
    path: 'accept',
    summary: 'Accept after the reception check (tiếp nhận hồ sơ); issues the dossier code',
    update: acceptUpdate,
    input: AcceptInput,
    toUpdate: ({ officerId, note }: AcceptInput) => ({ actor: { id: officerId, role: 'officer' as const }, note }),
  }),
  decidedBy(
    'officer',
    'request-supplement',
    'Request supplementation once, with every item and its reason (form 02)',
    m.requestSupplementUpdate,
    d.SupplementRequest,
  ),
  decidedBy(
    'applicant',
    'supplement',
    'Supplement the dossier (at reception, or during a supplementation pause)',
    m.supplementUpdate,
    d.SupplementSubmission,
  ),
  decidedBy('officer', 'refuse', 'Refuse at reception with reasons (form 03)', m.refuseAtReceptionUpdate, d.Refusal),
  decidedBy(
    'officer',
    'transfer',
    'Transfer to the handling agency; the first stage of steps starts (form 05)',
    m.transferUpdate,
    d.Transfer,
  ),
  decidedBy(
    'officer',
    'hand-over',
    'Hand a step over with its outcome (form 05 row)',
    m.handOverStepUpdate,
    d.StepHandOver,
  ),
  decidedBy(
    'officer',
    'pause',
    'Pause with a reason and a notice: supplementation, financial obligation, verification',
    m.pauseUpdate,
    d.PauseDecision,
  ),
  decidedBy('officer', 'resume', 'Resume a paused dossier', m.resumeUpdate, d.ResumeDecision),
  decidedBy(
    'officer',
    'apologise',
    'Apologise with a new appointment, once, by the working day before the due date (form 04)',
    m.apologiseUpdate,
    d.Apology,
  ),
  decidedBy('officer', 'fee', 'Assess the fee and request payment', m.assessFeeUpdate, d.FeeAssessment),
  decidedBy(
    'officer',
    'confirm-payment',
    'Confirm a payment after checking the transfer proof',
    m.confirmPaymentUpdate,
    d.PaymentConfirmation,
  ),
  decidedBy(
    'officer',
    'approve',
    'Approve: the result is ready; documents are numbered <code>-KQ<n>',
    m.approveUpdate,
    d.Approval,
  ),
  decidedBy(
    'officer',
    'refuse-to-resolve',
    'Refuse to resolve, with written reasons',
    m.refuseToResolveUpdate,
    d.Refusal,
  ),
  decidedBy(
    'officer',
    'return-result',
    'Return the result online, at the counter or by public post',
    m.returnResultUpdate,
    d.ResultReturn,
  ),
  decidedBy('applicant', 'rate', 'Rate the service after the result is returned', m.rateUpdate, d.Rating),
  decidedBy(
    'applicant',
    'withdraw',
    'Withdraw the dossier before its result is returned',
    m.withdrawUpdate,
    d.Withdrawal,
  ),
];

export const decisionRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const decision of decisions) {
    app.post(
      `/v1/dossiers/:id/${decision.path}`,
      {
        schema: {
          tags: ['decisions'],
          summary: decision.summary,
          params: DossierParams,
          headers: IdempotentHeaders,
          body: decision.input,
          response: { 200: DossierView, 400: Problem, 404: Problem, 409: Problem, 422: Problem, 503: Problem },
        },
      },
      async (request) => {
        const handle = app.deps.temporal.workflow.getHandle(request.params.id);
        try {
          // The Idempotency-Key is the Update ID: a retried request returns the first outcome, not a second decision.
          return await app.withDecisionDeadline(() =>
            handle.executeUpdate(decision.update, {
              args: [decision.toUpdate(request.body)],
              updateId: request.headers['idempotency-key'],
            }),
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
