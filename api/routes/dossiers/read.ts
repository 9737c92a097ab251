import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DossierRow } from '../../../db/schema';
import { DossierView } from '../../../workflows/dossier/inputs';
import { requireDossier } from '../../auth/scope';
import { Problem } from '../../errors';
import { DossierParams } from '../../schemas/common';
import { ROLES as EVERY_ROLE } from '../../auth/principal';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** The read model's row as the API's view: the workflow's own view as last projected, with the row's sequence. */
export function rowToView(row: DossierRow): DossierView {
  const columns: DossierView = {
    id: row.id,
    dossierCode: row.dossierCode,
    procedureCode: row.procedureCode,
    unitCode: row.unitCode,
    channel: row.channel as DossierView['channel'],
    status: row.status,
    submittedAt: row.submittedAt.toISOString(),
    officialReceiptAt: iso(row.officialReceiptAt),
    receptionCheckDueAt: iso(row.receptionCheckDueAt),
    overdueAtReception: row.overdueAtReception,
    acceptedAt: iso(row.acceptedAt),
    dueAt: iso(row.dueAt),
    appointmentAt: iso(row.appointmentAt),
    overdue: row.overdue,
    paused: false,
    timeliness: row.timeliness as DossierView['timeliness'],
    steps: [],
    fee: null,
    resultDocuments: [],
    returnChannel: row.returnChannel as DossierView['returnChannel'],
    delivery: null,
    calendarVersion: row.calendarVersion,
    requestDigest: row.requestDigest,
    lastSequence: row.lastSequence,
  };
  return { ...columns, ...((row.view as Partial<DossierView> | null) ?? {}), lastSequence: row.lastSequence };
}

/** `GET /v1/dossiers/:id`: served from the PostgreSQL read model, never from the workflow. */
export const readRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/dossiers/:id',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['dossiers'],
        summary: 'Read a dossier',
        params: DossierParams,
        response: { 200: DossierView, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => rowToView(await requireDossier(app, request, request.params.id)),
  );
};
