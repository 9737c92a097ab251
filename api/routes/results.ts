import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UnitCode } from '../../workflows/dossier/inputs';
import { requireDossier } from '../auth/scope';
import { problem, Problem } from '../errors';
import { DEFAULT_MEDIA_TYPES } from '../files/component-rules';
import { receiveFile, LimitExceeded } from '../files/receive';
import { ALGORITHM, publicJwk, signatureValid, type ResultStatement } from '../results/signing';
import { DossierId } from '../schemas/common';
import { ResultId } from '../schemas/files';
import { sendBlob } from './dossiers/documents';
import { signResult, ResultView } from './results-signing';

// E-results (domain spec §3.7): signed with the unit's key, published keys, verification for anyone.

const FILE_TYPES = [...DEFAULT_MEDIA_TYPES, 'application/octet-stream'];
const RETURNED = ['RESULT_RETURNED', 'RATED'];

const Verification = z.object({
  resultId: z.string(),
  valid: z.boolean(),
  reason: z.string().nullable().describe('why the file does not verify; null when valid'),
  unitCode: z.string(),
  keyId: z.string(),
  algorithm: z.string(),
  signedAt: z.string(),
  sha256: z.string().describe('the digest that was signed'),
  presentedSha256: z.string().describe('the digest of the file checked: the stored one, or the one sent'),
});

export const resultRoutes: FastifyPluginAsyncZod = async (app) => {
  // The file is the body, streamed: read under a limit, never buffered whole by Fastify. Other types get 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(FILE_TYPES, (_request, payload, done) => done(null, payload));
  app.addHook('onSend', async (request, reply) => {
    const body = request.body as Readable | undefined;
    if (reply.statusCode >= 400 && typeof body?.pipe === 'function' && !body.readableEnded) reply.header('connection', 'close');
  });

  /** Hashes a streamed body under the result limit (413 past it). */
  const digestOfBody = async (body: unknown): Promise<string> => {
    if (typeof (body as Readable | undefined)?.pipe !== 'function') throw problem(400, 'Invalid request', { detail: 'body: send the file as the body', field: 'body' });
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of body as Readable) {
      size += (chunk as Buffer).length;
      if (size > app.files.limits.maxResultBytes) throw problem(413, 'Payload too large', { detail: `the file is larger than ${app.files.limits.maxResultBytes} bytes`, field: 'body' });
      hash.update(chunk as Buffer);
    }
    return hash.digest('hex');
  };

  app.put(
    '/v1/dossiers/:id/results/:documentNo',
    {
      config: { access: ['officer', 'leader'] },
      schema: {
        tags: ['results'],
        summary: 'Upload the file of a numbered result document; the API signs it with the unit\'s key',
        description: 'The body is the file (application/pdf, image/png or image/jpeg). The dossier must be RESULT_READY or later and `documentNo` one of its `resultDocuments`. Uploading the same file again answers the same result; another file answers 409.',
        params: z.object({ id: DossierId, documentNo: ResultId }),
        response: { 201: ResultView, 200: ResultView, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 413: Problem, 415: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const row = await requireDossier(app, request, request.params.id);
      if (typeof (request.body as Readable | undefined)?.pipe !== 'function') {
        throw problem(400, 'Invalid request', { detail: 'body: send the file as the body (application/pdf, image/png or image/jpeg)', field: 'body' });
      }
      const budget = { remaining: app.files.limits.maxResultBytes, limit: app.files.limits.maxResultBytes };
      const prepared = await signResult.prepare(app, request, row);
      let received;
      try {
        received = await receiveFile(request.body as Readable, { maxBytes: budget.limit, accepted: DEFAULT_MEDIA_TYPES }, budget, app.files.blobs);
      } catch (error) {
        if (error instanceof LimitExceeded) throw problem(413, 'Payload too large', { detail: `body: ${error.message}`, field: 'body' });
        throw error;
      }
      const { view, created } = await signResult.complete(app, request, prepared, received);
      return reply.status(created ? 201 : 200).send(view);
    },
  );

  app.get(
    '/v1/results/:id',
    {
      config: { access: ['applicant', 'officer', 'leader', 'integrator'] },
      schema: {
        tags: ['results'],
        summary: 'Download a signed result: staff of its units at any time, the applicant once it is returned',
        params: z.object({ id: ResultId }),
        response: { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const result = await app.files.results.find(request.params.id);
      if (!result) throw problem(404, 'Result not found', { detail: `no signed result ${request.params.id}` });
      const row = await requireDossier(app, request, result.dossierId);
      if (request.principal?.role === 'applicant' && !RETURNED.includes(row.status)) {
        throw problem(409, 'Result not returned yet', { detail: 'the result is handed over when it is returned (return-result), after any fee is paid' });
      }
      return sendBlob(reply, app.files.blobs, result);
    },
  );

  app.get(
    '/v1/results/:id/signature',
    {
      config: { access: 'public' },
      schema: {
        tags: ['results'],
        summary: 'The detached signature: the signed statement and its Ed25519 signature (base64)',
        params: z.object({ id: ResultId }),
        response: { 200: z.object({ resultId: z.string(), algorithm: z.string(), keyId: z.string(), unitCode: z.string(), statement: z.string(), signature: z.string() }), 400: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request) => {
      const result = await app.files.results.find(request.params.id);
      if (!result) throw problem(404, 'Result not found', { detail: `no signed result ${request.params.id}` });
      const { id: resultId, keyId, unitCode, statement, signature } = result;
      return { resultId, algorithm: ALGORITHM, keyId, unitCode, statement, signature };
    },
  );

  const verify = async (id: string, presentedSha256: (sha256: string) => Promise<string | undefined>) => {
    const result = await app.files.results.find(id);
    if (!result) throw problem(404, 'Result not found', { detail: `no signed result ${id}` });
    const key = await app.files.results.key(result.keyId);
    const statement = JSON.parse(result.statement) as ResultStatement;
    const presented = (await presentedSha256(result.sha256)) ?? '';
    const reason =
      !key || key.unitCode !== statement.unitCode || statement.keyId !== key.keyId
        ? 'the signing key is not the published key of the signing unit'
        : !signatureValid(result.statement, result.signature, key.publicKeyPem)
          ? 'the signature does not match the statement under the unit\'s public key'
          : statement.resultId !== result.id
            ? 'the statement names another result'
            : presented !== statement.sha256
              ? 'the file differs from the signed one (its SHA-256 does not match)'
              : null;
    const { unitCode, keyId, signedAt, sha256 } = statement;
    return { resultId: id, valid: reason === null, reason, unitCode, keyId, algorithm: statement.alg, signedAt, sha256, presentedSha256: presented };
  };

  app.get(
    '/v1/results/:id/verify',
    {
      config: { access: 'public' },
      schema: {
        tags: ['results'],
        summary: 'Verify the stored result against its signature and the unit\'s published key',
        params: z.object({ id: ResultId }),
        response: { 200: Verification, 400: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request) =>
      verify(request.params.id, async (sha256) => {
        const stored = await app.files.blobs.get(sha256);
        return stored ? digestOfBody(stored) : undefined;
      }),
  );

  app.post(
    '/v1/results/:id/verify',
    {
      config: { access: 'public' },
      schema: {
        tags: ['results'],
        summary: 'Verify a file you hold (the body) against the signed result',
        params: z.object({ id: ResultId }),
        response: { 200: Verification, 400: Problem, 404: Problem, 413: Problem, 415: Problem, 429: Problem },
      },
    },
    async (request) => {
      const presented = await digestOfBody(request.body);
      return verify(request.params.id, async () => presented);
    },
  );

  app.get(
    '/v1/units/:unitCode/signing-key',
    {
      config: { access: 'public' },
      schema: {
        tags: ['results'],
        summary: "The unit's public signing key, as PEM (SPKI) and JWK",
        params: z.object({ unitCode: UnitCode }),
        response: {
          200: z.object({ unitCode: z.string(), keyId: z.string(), algorithm: z.string(), publicKeyPem: z.string(), jwk: z.record(z.string(), z.string()), createdAt: z.string() }),
          400: Problem,
          404: Problem,
          429: Problem,
        },
      },
    },
    async (request) => {
      const key = await app.files.results.keyOfUnit(request.params.unitCode);
      if (!key) throw problem(404, 'No signing key', { detail: `unit ${request.params.unitCode} has signed no result yet` });
      return { unitCode: key.unitCode, keyId: key.keyId, algorithm: key.algorithm, publicKeyPem: key.publicKeyPem, jwk: publicJwk(key), createdAt: key.createdAt.toISOString() };
    },
  );
};
