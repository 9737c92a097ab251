import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problem, Problem } from '../errors';
import {
  ProcedurePage,
  ProcedureParams,
  PublicVersionView,
  PublishedQuery,
  toPublicView,
  toSummary,
  VersionParams,
} from '../schemas/procedures';

// /v1/procedures: the published catalogue, for anyone (applicants choosing a procedure, portals, other systems).
// Drafts are never shown here; superseded and withdrawn versions stay readable, since dossiers ran under them.

const PUBLIC = { access: 'public' } as const;

export const procedureRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/procedures',
    {
      config: PUBLIC,
      schema: {
        tags: ['procedures'],
        summary: 'List published procedures (thủ tục hành chính), by code, filtered by level, sector or words',
        querystring: PublishedQuery,
        response: { 200: ProcedurePage, 400: Problem, 429: Problem },
      },
    },
    async (request) => {
      const { level, field, q, limit, cursor } = request.query;
      const rows = await app.catalogue.listPublished({ level, field, text: q, after: cursor, limit });
      const items = rows.slice(0, limit);
      return { items: items.map(toSummary), nextCursor: rows.length > limit ? items.at(-1)!.code : null };
    },
  );

  app.get(
    '/v1/procedures/:code',
    {
      config: PUBLIC,
      schema: {
        tags: ['procedures'],
        summary: 'Read the published version of a procedure: limit, steps, fees, dossier components, sources',
        params: ProcedureParams,
        response: { 200: PublicVersionView, 400: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request) => {
      const version = await app.catalogue.published(request.params.code);
      if (!version) throw problem(404, 'Procedure not found', { detail: `no published procedure ${request.params.code}` });
      return toPublicView(version);
    },
  );

  app.get(
    '/v1/procedures/:code/versions/:version',
    {
      config: PUBLIC,
      schema: {
        tags: ['procedures'],
        summary: 'Read one published, superseded or withdrawn version of a procedure (the one a dossier ran under)',
        params: VersionParams,
        response: { 200: PublicVersionView, 400: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request) => {
      const { code, version } = request.params;
      const found = await app.catalogue.version(code, version);
      if (!found || found.status === 'draft') {
        throw problem(404, 'Procedure version not found', { detail: `no released version ${version} of procedure ${code}` });
      }
      return toPublicView(found);
    },
  );
};
