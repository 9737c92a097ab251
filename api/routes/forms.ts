import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UnitCode } from '../../workflows/dossier/inputs';
import { buildDossierForm, buildTrackingBook, loadDossierTrail } from '../forms/dossier-forms';
import { DOSSIER_FORMS, type FormDocument, type FormResult } from '../forms/model';
import { renderHtml } from '../forms/render-html';
import { renderPdf } from '../forms/render-pdf';
import { ROLES } from '../auth/principal';
import { requireDossier, requireUnit } from '../auth/scope';
import { problem, Problem } from '../errors';
import { DossierParams } from '../schemas/common';

// The official forms of Circular 01/2018, generated from the dossier's recorded events (docs/forms.md):
// `GET /v1/dossiers/:id/forms/:form` (01–05) and `GET /v1/units/:unitCode/forms/06` (the tracking book).

const Format = z.enum(['html', 'pdf']).default('html');
const FormParams = DossierParams.extend({ form: z.enum(DOSSIER_FORMS, { error: 'must be one of 01, 02, 03, 04, 05' }) });
const FormQuery = z.object({ format: Format });

const MAX_PERIOD_DAYS = 366;
const LocalDay = z.iso.date({ error: 'must be a date YYYY-MM-DD' });
const TrackingBookQuery = z
  .object({ from: LocalDay, to: LocalDay, format: Format })
  .refine((q) => q.from <= q.to, { path: ['to'], error: 'must not be before from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) < MAX_PERIOD_DAYS * 86_400_000, {
    path: ['to'],
    error: `the period must be at most ${MAX_PERIOD_DAYS} days`,
  });
const UnitParams = z.object({ unitCode: UnitCode });

const RESPONSES = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };
const DESCRIPTION = 'HTML (default) or PDF with `?format=pdf`; 404 when the dossier is unknown or the form was not issued.';

async function send(reply: FastifyReply, document: FormDocument, format: 'html' | 'pdf') {
  const filename = `${document.reference}-mau-${document.form}.${format}`.replace(/[^A-Za-z0-9._-]/g, '_');
  // Forms carry personal data (name, citizen ID): never kept by a shared cache.
  reply.header('cache-control', 'private, no-store').header('content-disposition', `inline; filename="${filename}"`);
  if (format === 'pdf') return reply.type('application/pdf').send(await renderPdf(document));
  return reply.type('text/html; charset=utf-8').send(await renderHtml(document));
}

function issuedDocument(result: FormResult): FormDocument {
  if (!result.issued) throw problem(404, 'Form not issued', { detail: result.reason });
  return result.document;
}

export const formRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/dossiers/:id/forms/:form',
    {
      config: { access: ROLES },
      schema: {
        tags: ['forms'],
        summary: 'Print a form of Circular 01/2018 (01 receipt … 05 control sheet) from the dossier’s events',
        description: DESCRIPTION,
        params: FormParams,
        querystring: FormQuery,
        response: RESPONSES,
      },
    },
    async (request, reply) => {
      const { id, form } = request.params;
      await requireDossier(app, request, id);
      const trail = await loadDossierTrail(app.readModel, id);
      if (!trail) throw problem(404, 'Dossier not found', { detail: `no dossier ${id}` });
      return send(reply, issuedDocument(buildDossierForm(form, trail)), request.query.format);
    },
  );

  app.get(
    '/v1/units/:unitCode/forms/06',
    {
      config: { access: ['officer', 'leader', 'admin'] },
      schema: {
        tags: ['forms'],
        summary: 'Print the tracking book (form 06) of a unit: the dossiers it accepted from `from` to `to`',
        description: 'Local (UTC+7) days, inclusive, at most 366 days. HTML (default) or PDF with `?format=pdf`.',
        params: UnitParams,
        querystring: TrackingBookQuery,
        response: RESPONSES,
      },
    },
    async (request, reply) => {
      requireUnit(request, request.params.unitCode);
      const { from, to, format } = request.query;
      const result = await buildTrackingBook(app.deps.database.db, request.params.unitCode, from, to);
      return send(reply, issuedDocument(result), format);
    },
  );
};
