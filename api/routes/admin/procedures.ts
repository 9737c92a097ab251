import { seedDefinition } from '../../../db/seed/catalogue-definitions';
import type { FastifyError, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CatalogueDefinition } from '../../../db/catalogue/definition';
import type { Author } from '../../../db/repositories/procedure-catalogue-lifecycle';
import { authenticated } from '../../auth/scope';
import { problem, Problem } from '../../errors';
import {
  AdminVersionSummary,
  AdminVersionView,
  ChangeView,
  ProcedureParams,
  toAdminSummary,
  VersionParams,
} from '../../schemas/procedures';

// /v1/admin/procedures: admins keep the catalogue (domain spec §8). A code's versions go draft → published →
// superseded (a later version published) or withdrawn; only drafts change (409 otherwise). A definition is
// judged by the catalogue's one validation (db/catalogue/definition.ts, also the seed import's): an invalid one is
// refused with 422 naming the field, so the body's schema below is for the documentation and is not applied by
// the framework (attachValidation); malformed JSON and bad path parameters are still 400s.

const ADMIN = { access: ['admin'] } as const;
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 415: Problem, 422: Problem };

const author = (request: FastifyRequest): Author => ({ actor: authenticated(request).subject, origin: 'admin' });

/** Path parameters are checked as everywhere else; a body must be JSON, and what it says is left to the catalogue. */
function checkParams(request: FastifyRequest): void {
  const error = request.validationError as FastifyError | undefined;
  if (error && error.validationContext !== 'body') throw error;
  const type = request.headers['content-type'];
  if (type !== undefined && !/^application\/json\b/i.test(type)) {
    throw problem(415, 'Unsupported media type', { detail: 'send the definition as application/json', field: 'headers.content-type' });
  }
}

/** The definition with a real one as its example: permanent residence registration (1.004222) as seeded. */
const DEFINITION_WITH_EXAMPLE = CatalogueDefinition.meta({ examples: [seedDefinition('1.004222')] });

export const adminProcedureRoutes: FastifyPluginAsyncZod = async (app) => {
  const catalogue = app.catalogue;

  app.post(
    '/v1/admin/procedures',
    {
      config: ADMIN,
      attachValidation: true,
      schema: {
        tags: ['admin', 'procedures'],
        summary: 'Add a procedure to the catalogue: its definition becomes draft version 1',
        body: DEFINITION_WITH_EXAMPLE,
        response: { 201: AdminVersionView, ...errors },
      },
    },
    async (request, reply) => {
      checkParams(request);
      return reply.status(201).send(await catalogue.createProcedure(request.body, author(request)));
    },
  );

  app.post(
    '/v1/admin/procedures/:code/versions',
    {
      config: ADMIN,
      attachValidation: true,
      schema: {
        tags: ['admin', 'procedures'],
        summary: 'Start the next version of a procedure as a draft: a copy of the published version, or the definition sent',
        description: 'Without a body (or with `{}`) the draft copies the published version (the latest one when none is published).',
        params: ProcedureParams,
        body: CatalogueDefinition.or(z.object({}).strict().describe('empty: copy the published version')).optional(),
        response: { 201: AdminVersionView, ...errors },
      },
    },
    async (request, reply) => {
      checkParams(request);
      const body: unknown = request.body;
      const empty = body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0);
      return reply.status(201).send(await catalogue.createDraft(request.params.code, author(request), empty ? undefined : body));
    },
  );

  app.put(
    '/v1/admin/procedures/:code/versions/:version',
    {
      config: ADMIN,
      attachValidation: true,
      schema: {
        tags: ['admin', 'procedures'],
        summary: "Replace a draft's definition (409 for a published, superseded or withdrawn version)",
        params: VersionParams,
        body: DEFINITION_WITH_EXAMPLE,
        response: { 200: AdminVersionView, ...errors },
      },
    },
    async (request) => {
      checkParams(request);
      const { code, version } = request.params;
      return catalogue.editDraft(code, version, request.body, author(request));
    },
  );

  for (const action of ['publish', 'withdraw'] as const) {
    app.post(
      `/v1/admin/procedures/:code/versions/:version/${action}`,
      {
        config: ADMIN,
        schema: {
          tags: ['admin', 'procedures'],
          summary:
            action === 'publish'
              ? 'Publish a draft; the version published until now becomes superseded'
              : 'Withdraw the published version (no version is then published) or abandon a draft',
          params: VersionParams,
          response: { 200: AdminVersionView, ...errors },
        },
      },
      async (request) => {
        const { code, version } = request.params;
        return catalogue[action](code, version, author(request));
      },
    );
  }

  app.get(
    '/v1/admin/procedures/:code/versions',
    {
      config: ADMIN,
      schema: {
        tags: ['admin', 'procedures'],
        summary: "List a procedure's versions, drafts included, with who changed them and when",
        params: ProcedureParams,
        response: { 200: z.array(AdminVersionSummary), 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      const versions = await catalogue.versions(request.params.code);
      if (versions.length === 0) throw procedureNotFound(request.params.code);
      return versions.map(toAdminSummary);
    },
  );

  app.get(
    '/v1/admin/procedures/:code/versions/:version',
    {
      config: ADMIN,
      schema: {
        tags: ['admin', 'procedures'],
        summary: 'Read any version of a procedure, drafts included',
        params: VersionParams,
        response: { 200: AdminVersionView, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      const { code, version } = request.params;
      const found = await catalogue.version(code, version);
      if (!found) throw problem(404, 'Procedure version not found', { detail: `no version ${version} of procedure ${code}` });
      return found;
    },
  );

  app.get(
    '/v1/admin/procedures/:code/changes',
    {
      config: ADMIN,
      schema: {
        tags: ['admin', 'procedures'],
        summary: "A procedure's change log: every creation, edit, publication, supersession and withdrawal",
        params: ProcedureParams,
        response: { 200: z.array(ChangeView), 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      const changes = await catalogue.changes(request.params.code);
      if (changes.length === 0) throw procedureNotFound(request.params.code);
      return changes;
    },
  );
};

const procedureNotFound = (code: string) => problem(404, 'Procedure not found', { detail: `no procedure ${code} in the catalogue` });
