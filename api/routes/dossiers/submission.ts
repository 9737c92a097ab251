import { WithStartWorkflowOperation } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { dossierWorkflow } from '../../../workflows/dossier/dossier-workflow';
import { acknowledgmentUpdate } from '../../../workflows/dossier/messages';
import { DossierView, SubmissionRequest, type DossierStartInput } from '../../../workflows/dossier/inputs';
import { ProcedureCodeKey, UnitCodeKey } from '../../../workflows/dossier/search-attributes';
import { procedureSnapshot } from '../../../db/seed/procedure-snapshots';
import { problem, Problem } from '../../errors';
import { IdempotentHeaders } from '../../schemas/common';
import { canonicalJson, dossierWorkflowId, sha256 } from './ids';

/** `POST /v1/dossiers`: starts the dossier's workflow and answers with its acknowledgment (official receipt time). */
export const submissionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/v1/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Submit a dossier (nộp hồ sơ); retry-safe with the same Idempotency-Key',
        headers: IdempotentHeaders,
        body: SubmissionRequest,
        response: { 201: DossierView, 400: Problem, 422: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const procedure = procedureSnapshot(request.body.procedureCode);
      if (!procedure) {
        throw problem(422, 'Unknown procedure', {
          detail: `no published procedure ${request.body.procedureCode}`,
          field: 'body.procedureCode',
        });
      }
      const requestDigest = sha256(canonicalJson(request.body));
      const submittedAt = new Date().toISOString();
      const input: DossierStartInput = { ...request.body, procedure, submittedAt, requestDigest };
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof dossierWorkflow>('dossierWorkflow', {
        workflowId: dossierWorkflowId(key),
        taskQueue: app.deps.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: [
          { key: ProcedureCodeKey, value: input.procedureCode },
          { key: UnitCodeKey, value: input.unitCode },
        ],
      });
      const view = await app.withDecisionDeadline(() =>
        app.deps.temporal.workflow.executeUpdateWithStart(acknowledgmentUpdate, {
          startWorkflowOperation,
          updateId: `acknowledgment:${key}`,
        }),
      );
      if (view.requestDigest !== requestDigest) {
        throw problem(422, 'Idempotency-Key reused', {
          detail: 'this Idempotency-Key was already used for a different submission',
          field: 'headers.idempotency-key',
        });
      }
      return reply.status(201).send(view);
    },
  );
};
