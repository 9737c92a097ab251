import multipart from '@fastify/multipart';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { dossierWorkflow } from '../../../workflows/dossier/dossier-workflow';
import { acknowledgmentUpdate } from '../../../workflows/dossier/messages';
import { DossierView, type DossierStartInput } from '../../../workflows/dossier/inputs';
import { ProcedureCodeKey, UnitCodeKey } from '../../../workflows/dossier/search-attributes';
import type { Principal } from '../../auth/principal';
import { authenticated, mayReachUnit } from '../../auth/scope';
import { problem, Problem } from '../../errors';
import { closeUnreadMultipart, fileParts, multipartOptions, readSubmissionPart, receiveFileParts } from '../../files/intake';
import { TechnicalCheck, type CheckedDocument } from '../../files/technical-check';
import { SubmissionBody } from '../../schemas/files';
import { IdempotentHeaders } from '../../schemas/common';
import { canonicalJson } from '../../../db/canonical-json';
import { dossierWorkflowId, sha256 } from './ids';

const DESCRIPTION =
  'A JSON body (its documents may only reuse warehouse items), or multipart/form-data: first a part named ' +
  '`submission` holding this JSON, then one file part per uploaded document, named as its manifest entry\'s ' +
  '`part`. The automatic technical check (Decree 45/2020 Art. 11) answers 422 listing every problem in `errors`, ' +
  'or 413 as soon as a file passes its size limit. Files are durable before the 201. See docs/files.md.';

/** `POST /v1/dossiers`: checks and stores the files, then starts the dossier's workflow and acknowledges it. */
export const submissionRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, multipartOptions(app.files.limits));
  app.addHook('onSend', async (request, reply) => closeUnreadMultipart(request, reply));

  app.post(
    '/v1/dossiers',
    {
      // Applicants online, the national portal for them, officers and leaders entering a counter or postal dossier.
      config: { access: ['applicant', 'integrator', 'officer', 'leader'] },
      preValidation: async (request) => readSubmissionPart(request, app.files.limits),
      schema: {
        tags: ['dossiers'],
        summary: 'Submit a dossier (nộp hồ sơ) with its files; retry-safe with the same Idempotency-Key',
        description: DESCRIPTION,
        headers: IdempotentHeaders,
        body: SubmissionBody,
        response: { 201: DossierView, 400: Problem, 401: Problem, 403: Problem, 413: Problem, 422: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const body = request.body;
      const caller = authenticated(request);
      authorise(caller, body);
      const dossierId = dossierWorkflowId(key);
      const rulesVersion = await procedureVersion(app, dossierId, body.procedureCode);
      const documents = await technicalCheck(app, request, caller, body, rulesVersion);
      const { warehouseConsent, documents: _manifest, ...submission } = body;
      const requestDigest = digestOf(body, documents);
      const procedure = await pinProcedure(app, { dossierId, procedureCode: body.procedureCode, requestDigest }, rulesVersion);
      const recorded = await app.files.documents.record(
        { dossierId, applicantIdentifier: body.applicant.identifier, requestDigest, warehouseConsent },
        documents.map((document, position) => ({ ...document, position })),
      );
      if (recorded.kind === 'digest-mismatch') throw keyReused();
      const submittedAt = new Date().toISOString();
      const input: DossierStartInput = { ...submission, procedure, submittedAt, requestDigest };
      const view = await start(app, dossierId, key, input);
      if (view.requestDigest !== requestDigest) throw keyReused();
      return reply.status(201).send(view);
    },
  );
};

function authorise(caller: Principal, body: SubmissionBody) {
  if (caller.role === 'applicant' && body.applicant.identifier !== caller.subject) {
    throw problem(403, 'Forbidden', { detail: 'an applicant submits only in their own name', field: 'body.applicant.identifier' });
  }
  if ((caller.role === 'officer' || caller.role === 'leader') && !mayReachUnit(caller, body.unitCode)) {
    throw problem(403, 'Forbidden', { detail: `the caller does not act for unit ${body.unitCode}`, field: 'body.unitCode' });
  }
}

/**
 * Runs the automatic technical check and stores the accepted files. A retry under a key already bound to another
 * submission answers 422 on the key before the check's own problems; a failing check answers 422 with them all.
 */
async function technicalCheck(app: FastifyInstance, request: FastifyRequest, caller: Principal, body: SubmissionBody, version: number) {
  const rules = await app.files.components({ code: body.procedureCode, version }, body.channel);
  const check = new TechnicalCheck(body.documents, rules, body);
  const owner = body.applicant.identifier;
  if (body.documents.some((entry) => 'warehouseItem' in entry)) {
    if (caller.role === 'applicant' || caller.role === 'integrator') {
      await app.files.warehouse.reconcile(owner);
      await check.checkWarehouse((id) => app.files.warehouse.find(owner, id), app.files.blobs);
    } else {
      body.documents.forEach((entry, i) => {
        if ('warehouseItem' in entry) check.problems.push({ field: `documents.${i}.warehouseItem`, message: 'staff upload the files; only the applicant (or the portal for them) reuses warehouse items' });
      });
    }
  }
  const parts = fileParts(request);
  if (parts) await receiveFileParts(check, parts, app.files);
  else check.refuseUploads();
  const documents = check.documents();
  const prior =
    (await app.files.documents.findSubmission(dossierWorkflowId(request.headers['idempotency-key'] as string))) ??
    (await app.readModel.findById(dossierWorkflowId(request.headers['idempotency-key'] as string)));
  if (prior && prior.requestDigest !== digestOf(body, documents)) throw keyReused();
  if (check.problems.length > 0) {
    const [first] = check.problems;
    throw problem(422, 'Technical check failed', {
      detail: `${check.problems.length} problem(s); first: ${first!.field}: ${first!.message}`,
      field: first!.field,
      errors: check.problems,
    });
  }
  return documents;
}

/**
 * SHA-256 of the canonical submission with its documents' digests. A submission without documents or consent
 * hashes exactly as the plain JSON body did before files existed, so retries across an upgrade still match.
 */
function digestOf(body: SubmissionBody, documents: CheckedDocument[]): string {
  const { warehouseConsent, documents: _manifest, ...submission } = body;
  return sha256(
    canonicalJson({
      ...submission,
      ...(warehouseConsent ? { warehouseConsent } : {}),
      ...(documents.length > 0
        ? { documents: documents.map(({ componentCode, sha256: digest, source }) => ({ componentCode, sha256: digest, source })) }
        : {}),
    }),
  );
}

const keyReused = () =>
  problem(422, 'Idempotency-Key reused', {
    detail: 'this Idempotency-Key was already used for a different submission',
    field: 'headers.idempotency-key',
  });

/**
 * The catalogue version whose components the technical check applies: the one an earlier attempt with this key
 * pinned, else the published one (422 when the procedure has none).
 */
async function procedureVersion(app: FastifyInstance, dossierId: string, procedureCode: string): Promise<number> {
  const version = (await app.catalogue.dossierVersion(dossierId)) ?? (await app.catalogue.publishedSnapshot(procedureCode))?.version;
  if (version === undefined) {
    throw problem(422, 'Unknown procedure', { detail: `no published procedure ${procedureCode}`, field: 'body.procedureCode' });
  }
  return version;
}

/**
 * The procedure snapshot the dossier runs under, pinned to it before its workflow starts, so a retry sends the same
 * snapshot even after a later publication or a withdrawal. It is the version the files were checked against; a
 * publication between the check and the pin (a race of milliseconds) asks the caller to retry.
 */
async function pinProcedure(
  app: FastifyInstance,
  request: { dossierId: string; procedureCode: string; requestDigest: string },
  checkedVersion: number,
) {
  let resolved = await app.catalogue.resolveSubmission(request);
  if (resolved.kind === 'published') resolved = await app.catalogue.pinSubmission({ ...request, snapshot: resolved.snapshot });
  if (resolved.kind === 'key-reused') throw keyReused();
  if (resolved.kind === 'not-published') {
    throw problem(422, 'Unknown procedure', { detail: `no published procedure ${request.procedureCode}`, field: 'body.procedureCode' });
  }
  if (resolved.snapshot.version !== checkedVersion) {
    throw problem(409, 'Procedure changed', { detail: 'a new version of the procedure was published during the submission; retry with the same Idempotency-Key' });
  }
  return resolved.snapshot;
}

async function start(app: FastifyInstance, workflowId: string, key: string, input: DossierStartInput) {
  const startWorkflowOperation = new WithStartWorkflowOperation<typeof dossierWorkflow>('dossierWorkflow', {
    workflowId,
    taskQueue: app.deps.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [
      { key: ProcedureCodeKey, value: input.procedureCode },
      { key: UnitCodeKey, value: input.unitCode },
    ],
  });
  return app.withDecisionDeadline(() =>
    app.deps.temporal.workflow.executeUpdateWithStart(acknowledgmentUpdate, {
      startWorkflowOperation,
      updateId: `acknowledgment:${key}`,
    }),
  );
}
