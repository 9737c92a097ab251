import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import {
  createDossierSearch,
  InvalidCursorError,
  type DossierFilters,
  type DossierPage,
} from '../../../db/repositories/dossier-search';
import { DOSSIER_STATUSES } from '../../../workflows/dossier/statuses';
import { Channel, DossierView, UnitCode } from '../../../workflows/dossier/inputs';
import { problem, Problem } from '../../errors';
import { rowToView } from './read';
import { authenticated, requireUnit } from '../../auth/scope';

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
  unitCode: UnitCode.optional(),
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
    .describe("Staff and admins only: the applicant's identifier (personal data)"),
});

const PageView = z.object({
  items: z.array(DossierView),
  nextCursor: z.string().nullable(),
  total: z
    .number()
    .int()
    .describe('Dossiers matching the filters, over all pages: exact when totalIsExact, else more than this many match (counting stops at 10,000)'),
  totalIsExact: z.boolean().describe('false when more than `total` dossiers match: show "10,000+"'),
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

/** What the caller may see, as filters: staff their units, applicants their own dossiers (403 on a wider ask). */
function callerScope(request: FastifyRequest, unitCode?: string, applicantIdentifier?: string): DossierFilters {
  const caller = authenticated(request);
  const asked = unitCode === undefined ? {} : { unitCodes: [unitCode] };
  switch (caller.role) {
    case 'applicant':
      if (applicantIdentifier !== undefined) {
        throw problem(403, 'Forbidden', { detail: 'applicants search their own dossiers only', field: 'querystring.applicantIdentifier' });
      }
      return { ...asked, applicantIdentifier: caller.subject };
    case 'officer':
    case 'leader':
      if (unitCode === undefined) return { unitCodes: [...caller.units] };
      requireUnit(request, unitCode);
      return asked;
    case 'integrator':
      if (applicantIdentifier !== undefined) {
        throw problem(403, 'Forbidden', { detail: 'applicantIdentifier is for staff and admins', field: 'querystring.applicantIdentifier' });
      }
      return asked;
    case 'admin':
      return asked;
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
          '`total` counts the matches up to 10,000 (`totalIsExact: false` beyond: "10,000+"). Officers and leaders see their units\' dossiers, applicants their own; ' +
          '`applicantIdentifier` is for staff and admins.',
        querystring: SearchQuery,
        response: { 200: PageView, 400: Problem, 401: Problem, 403: Problem },
      },
      config: { access: ['applicant', 'officer', 'leader', 'integrator', 'admin'] },
    },
    async (request) => {
      const { limit, cursor, sort, dueBefore, dueAfter, overdue, unitCode, ...filters } = request.query;
      return withCursor(() =>
        search.search(
          {
            ...filters,
            ...callerScope(request, unitCode, filters.applicantIdentifier),
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
        params: z.object({ unitCode: UnitCode }),
        querystring: PageQuery,
        response: { 200: PageView, 400: Problem, 401: Problem, 403: Problem },
      },
      config: { access: ['officer', 'leader', 'admin'] },
    },
    async (request) => {
      requireUnit(request, request.params.unitCode);
      const { limit, cursor } = request.query;
      return withCursor(() => search.worklist([request.params.unitCode], { limit, cursor }));
    },
  );
};
