import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { CatalogueError } from '../db/catalogue/version';

/** RFC 9457 problem details: the one error shape of the API. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  /** For validation errors: where the first bad value is, e.g. `body.applicant.fullName`. */
  field: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  /** For refused decisions: the workflow's reason code (e.g. `WrongState`). */
  reason: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;

/** An error the API raises on purpose, mapped to its status as is. */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

export const problem = (status: number, title: string, extra: Partial<Problem> = {}) =>
  new HttpProblem({ type: `https://motcua.dev/problems/${slug(title)}`, title, status, ...extra });

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/(^-|-$)/g, '');

/** Fastify's own request errors, named for the caller (its codes are not meant for them). */
const FRAMEWORK_ERRORS: Record<string, { title: string; field?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { title: 'Malformed JSON', field: 'body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { title: 'Malformed JSON', field: 'body' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { title: 'Unsupported media type', field: 'headers.content-type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { title: 'Invalid content length', field: 'headers.content-length' },
  FST_ERR_CTP_BODY_TOO_LARGE: { title: 'Payload too large', field: 'body' },
  FST_ERR_CTP_INVALID_TYPE: { title: 'Unsupported media type', field: 'headers.content-type' },
  FST_ERR_CTP_EMPTY_TYPE: { title: 'Unsupported media type', field: 'headers.content-type' },
  FST_ERR_BAD_URL: { title: 'Invalid URL', field: 'params' },
  FST_ERR_MAX_PARAM_LENGTH: { title: 'URI too long', field: 'params' },
};

const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_FAILED_PRECONDITION = 9;

/** Maps every error to a problem; nothing else in the API decides status codes for failures. */
export function toProblem(error: unknown): Problem {
  if (error instanceof HttpProblem) return error.problem;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as FastifyError).validationContext ?? 'body';
    const errors = error.validation.flatMap((issue) => {
      const path = [context, ...issue.instancePath.split('/').filter(Boolean)];
      // An unknown field is named itself, so the caller sees which one to drop.
      const unknown = issue.keyword === 'unrecognized_keys' ? ((issue.params as { keys?: string[] }).keys ?? []) : [];
      if (unknown.length > 0) return unknown.map((key) => ({ field: [...path, key].join('.'), message: 'is not a known field' }));
      return [{ field: path.join('.'), message: issue.message ?? 'is invalid' }];
    });
    return problem(400, 'Invalid request', { detail: `${errors[0]!.field}: ${errors[0]!.message}`, field: errors[0]!.field, errors }).problem;
  }
  if (error instanceof CatalogueError) return catalogueProblem(error);
  if (error instanceof WorkflowUpdateFailedError) return refusal(error.cause);
  if (error instanceof WorkflowNotFoundError) return problem(404, 'Dossier not found').problem;
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isUnavailable(error)) {
    return problem(503, 'Service unavailable', { detail: 'the workflow engine did not answer in time; retry with the same Idempotency-Key' }).problem;
  }
  if (workflowNotReady(error)) {
    return problem(503, 'Service unavailable', {
      detail: "the dossier's workflow is recovering from a failed or timed-out task (e.g. a worker restart); retry with the same Idempotency-Key",
    }).problem;
  }
  if (databaseUnavailable(error)) {
    return problem(503, 'Service unavailable', { detail: 'the database is unavailable; retry later (with the same Idempotency-Key)' }).problem;
  }
  const fastifyError = error as FastifyError;
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const known = FRAMEWORK_ERRORS[fastifyError.code];
    return problem(fastifyError.statusCode, known?.title ?? 'Bad request', {
      detail: fastifyError.message,
      ...(known?.field ? { field: known.field } : {}),
    }).problem;
  }
  return problem(500, 'Internal error', { detail: 'an unexpected error occurred; it has been logged' }).problem;
}

function refusal(cause: unknown): Problem {
  if (cause instanceof ApplicationFailure) {
    const status = cause.type === 'InvalidInput' ? 422 : 409;
    const field = (cause.details?.[0] as { field?: string } | undefined)?.field;
    return problem(status, 'Decision refused', { detail: cause.message, reason: cause.type ?? undefined, ...(field ? { field } : {}) }).problem;
  }
  return problem(409, 'Decision refused', { detail: String((cause as Error | undefined)?.message ?? cause) }).problem;
}

/** Catalogue refusals; definitions only ever come in request bodies, so their fields are named under `body`. */
function catalogueProblem(error: CatalogueError): Problem {
  if (error.kind === 'not_found') return problem(404, 'Procedure not found', { detail: error.message }).problem;
  if (error.kind === 'conflict') return problem(409, 'Procedure version conflict', { detail: error.message }).problem;
  const errors = error.issues.map((issue) => ({ field: ['body', issue.field].filter(Boolean).join('.'), message: issue.message }));
  const first = errors[0] ?? { field: 'body', message: error.message };
  return problem(422, 'Invalid procedure definition', { detail: `${first.field}: ${first.message}`, field: first.field, errors }).problem;
}

const grpcError = (error: unknown) =>
  isGrpcServiceError(error) ? error : isGrpcServiceError((error as Error)?.cause) ? (error as Error & { cause: GrpcError }).cause : undefined;
type GrpcError = { code: number; metadata: { get(key: string): (string | Buffer)[] } };

function isUnavailable(error: unknown): boolean {
  const grpc = grpcError(error) as GrpcError | undefined;
  return grpc !== undefined && [GRPC_UNAVAILABLE, GRPC_DEADLINE_EXCEEDED].includes(grpc.code);
}

/**
 * Temporal's "workflow not ready" (FAILED_PRECONDITION with a WorkflowNotReadyFailure detail): the server refuses
 * Updates and Queries while the workflow's task has failed or timed out twice in a row, as after a worker was
 * killed mid-task, until a worker completes it. A wait, not a wrong request.
 */
function workflowNotReady(error: unknown): boolean {
  const grpc = grpcError(error) as GrpcError | undefined;
  if (grpc?.code !== GRPC_FAILED_PRECONDITION) return false;
  const details = grpc.metadata.get('grpc-status-details-bin') ?? [];
  return details.some((value) => Buffer.from(value).includes('WorkflowNotReadyFailure'));
}

/** Socket-level failures (Node's and postgres.js's own codes): the server is down, restarting or unreachable. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
]);

/**
 * The code of a database failure that says "not now" rather than "wrong request": a connection that cannot be made or
 * was lost, or a server shutting down, starting up or out of connections (SQLSTATE class 08, 57P01-57P03, 53300).
 * Drizzle wraps the driver's error as `cause`, so the chain is followed. Undefined for every other error.
 */
export function databaseUnavailable(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (CONNECTION_CODES.has(code)) return code;
    const sqlState = current.name === 'PostgresError' && /^[0-9A-Z]{5}$/.test(code);
    if (sqlState && (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code))) return code;
  }
  return undefined;
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const body = toProblem(error);
  if (body.status >= 500) request.log.error({ err: error }, 'request failed');
  return reply.status(body.status).type('application/problem+json').send(body);
}
