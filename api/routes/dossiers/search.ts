import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createDossierSearch, InvalidCursorError, type DossierPage } from '../../../db/repositories/dossier-search';
import { DOSSIER_STATUSES } from '../../../workflows/dossier/statuses';
import { Channel, DossierView } from '../../../workflows/dossier/inputs';
import { problem, Problem } from '../../errors';
import { rowToView } from './read';

// GET /v1/dossiers and GET /v1/units/:unitCode/worklist: lists served from the read model, never from workflows.

const Instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 instant with an offset' });
const Code = z.string().min(1).max(64);
/** One status, several repeated (`status=A&status=B`), or several comma-separated (`status=A,B`). */
const Statuses = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((s) => s.split(',')))
  .pipe(z.array(z.enum(DOSSIER_STATUSES)).min(1).max(DOSSIER_STATUSES.length));

const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional().describe('nextCursor of the previous page, as given'),
});

const SearchQuery = PageQuery.extend({
  sort: z
    .enum(['submittedAt', 'dueAt'])
    .default('submittedAt')
    .describe('submittedAt: newest first; dueAt: soonest first, undated last'),
  status: Statuses.optional(),
  unitCode: Code.optional(),
  procedureCode: Code.optional(),
  channel: Channel.optional(),
  dueBefore: Instant.optional().describe('due strictly before this instant'),
  dueAfter: Instant.optional().describe('due at or after this instant'),
  overdue: z.enum(['true', 'false']).optional().describe('overdue in handling or at the reception check'),
  dossierCode: Code.optional().describe('exact dossier code'),
  dossierCodePrefix: Code.optional().describe('dossier codes starting with this'),
  applicantIdentifier: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("OFFICERS ONLY: the applicant's identifier (personal data); not enforced until authorization exists"),
});

const PageView = z.object({
  items: z.array(DossierView),
  nextCursor: z.string().nullable(),
  /** Exact count of the dossiers matching the filters, over all pages. */
  total: z.number().int(),
});

const toView = (page: DossierPage) => ({ ...page, items: page.items.map(rowToView) });

/** The repository's bad-cursor error as the API's 400, naming the field like any other validation error. */
async function withCursor(run: () => Promise<DossierPage>) {
  try {
    return toView(await run());
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    const field = 'querystring.cursor';
    throw problem(400, 'Invalid request', { detail: `${field}: ${error.message}`, field });
  }
}

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  const search = createDossierSearch(app.deps.database.db);

  app.get(
    '/v1/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Search dossiers',
        description:
          'Filters combine with AND. Keyset pagination: pass nextCursor back as cursor, same filters and sort. ' +
          '`total` is exact. `applicantIdentifier` is for officers only; authorization is not enforced yet.',
        querystring: SearchQuery,
        response: { 200: PageView, 400: Problem },
      },
    },
    async (request) => {
      const { limit, cursor, sort, dueBefore, dueAfter, overdue, ...filters } = request.query;
      // AUTHZ SEAM (not built): only officers may filter by applicantIdentifier, and citizens should see only
      // their own dossiers. When api/plugins/auth.ts exists, refuse `applicantIdentifier` to non-officers (403).
      return withCursor(() =>
        search.search(
          {
            ...filters,
            ...(dueBefore ? { dueBefore: new Date(dueBefore) } : {}),
            ...(dueAfter ? { dueAfter: new Date(dueAfter) } : {}),
            ...(overdue ? { overdue: overdue === 'true' } : {}),
          },
          { limit, cursor, sort },
        ),
      );
    },
  );

  app.get(
    '/v1/units/:unitCode/worklist',
    {
      schema: {
        tags: ['dossiers'],
        summary: "A unit's worklist",
        description:
          'Open dossiers of the unit, nearest deadline first: reception check while awaiting it, else the due date.',
        params: z.object({ unitCode: Code }),
        querystring: PageQuery,
        response: { 200: PageView, 400: Problem },
      },
    },
    async (request) => {
      // AUTHZ SEAM (not built): only officers of this unit may read its worklist.
      const { limit, cursor } = request.query;
      return withCursor(() => search.worklist([request.params.unitCode], { limit, cursor }));
    },
  );
};
