import { WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
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

/** One row per officer decision; each is a Temporal Update whose validator the workflow runs. */
// Rows differ in input and Update types; each row was checked by `decision()`.
const decisions: Decision<any, any>[] = [
  decision({
    path: 'accept',
    summary: 'Accept after the reception check (tiếp nhận hồ sơ); issues the dossier code',
    update: acceptUpdate,
    input: AcceptInput,
    toUpdate: ({ officerId, note }: AcceptInput) => ({ actor: { id: officerId, role: 'officer' as const }, note }),
  }),
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
