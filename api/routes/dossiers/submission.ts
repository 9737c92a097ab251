import { WithStartWorkflowOperation } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { dossierWorkflow } from '../../../workflows/dossier/dossier-workflow';
import { acknowledgmentUpdate } from '../../../workflows/dossier/messages';
import { DossierView, SubmissionRequest, type DossierStartInput } from '../../../workflows/dossier/inputs';
import { ProcedureCodeKey, UnitCodeKey } from '../../../workflows/dossier/search-attributes';
import { authenticated, mayReachUnit } from '../../auth/scope';
import { problem, Problem } from '../../errors';
import { IdempotentHeaders } from '../../schemas/common';
import { canonicalJson, dossierWorkflowId, sha256 } from './ids';

/** Permanent residence registration (Đăng ký thường trú, 1.004222) at a commune police unit. */
export const SUBMISSION_EXAMPLE: SubmissionRequest = {
  procedureCode: '1.004222',
  unitCode: '000.00.01.H56',
  channel: 'online',
  applicant: { kind: 'citizen', fullName: 'Nguyễn Văn An', identifier: '001099012345', email: 'an@example.vn' },
};

/** `POST /v1/dossiers`: starts the dossier's workflow and answers with its acknowledgment (official receipt time). */
export const submissionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/v1/dossiers',
    {
      // Applicants online, the national portal for them, officers and leaders entering a counter or postal dossier.
      config: { access: ['applicant', 'integrator', 'officer', 'leader'] },
      schema: {
        tags: ['dossiers'],
        summary: 'Submit a dossier (nộp hồ sơ); retry-safe with the same Idempotency-Key',
        headers: IdempotentHeaders,
        body: SubmissionRequest.strict().meta({ examples: [SUBMISSION_EXAMPLE] }),
        response: { 201: DossierView, 400: Problem, 401: Problem, 403: Problem, 422: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const caller = authenticated(request);
      if (caller.role === 'applicant' && request.body.applicant.identifier !== caller.subject) {
        throw problem(403, 'Forbidden', { detail: 'an applicant submits only in their own name', field: 'body.applicant.identifier' });
      }
      if ((caller.role === 'officer' || caller.role === 'leader') && !mayReachUnit(caller, request.body.unitCode)) {
        throw problem(403, 'Forbidden', { detail: `the caller does not act for unit ${request.body.unitCode}`, field: 'body.unitCode' });
      }
      const requestDigest = sha256(canonicalJson(request.body));
      const dossierId = dossierWorkflowId(key);
      const procedure = await procedureFor(app, { dossierId, procedureCode: request.body.procedureCode, requestDigest });
      const submittedAt = new Date().toISOString();
      const input: DossierStartInput = { ...request.body, procedure, submittedAt, requestDigest };
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof dossierWorkflow>('dossierWorkflow', {
        workflowId: dossierId,
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
      if (view.requestDigest !== requestDigest) throw keyReused();
      return reply.status(201).send(view);
    },
  );
};

const keyReused = () =>
  problem(422, 'Idempotency-Key reused', {
    detail: 'this Idempotency-Key was already used for a different submission',
    field: 'headers.idempotency-key',
  });

/**
 * The procedure snapshot the dossier runs under: the catalogue's published version (its `version` is the
 * catalogue's version number), pinned to the dossier before its workflow starts, so a retry sends the same
 * snapshot even after a later publication or a withdrawal.
 */
async function procedureFor(app: FastifyInstance, request: { dossierId: string; procedureCode: string; requestDigest: string }) {
  let resolved = await app.catalogue.resolveSubmission(request);
  if (resolved.kind === 'published') {
    resolved = await app.catalogue.pinSubmission({ ...request, snapshot: resolved.snapshot });
  }
  if (resolved.kind === 'key-reused') throw keyReused();
  if (resolved.kind === 'not-published') {
    throw problem(422, 'Unknown procedure', { detail: `no published procedure ${request.procedureCode}`, field: 'body.procedureCode' });
  }
  return resolved.snapshot;
}
