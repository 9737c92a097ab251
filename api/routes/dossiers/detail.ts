import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createDeadlineActivities } from '../../../activities/deadlines';
import { deadlineQuery } from '../../../workflows/dossier/messages';
import { ROLES } from '../../auth/principal';
import { requireDossier } from '../../auth/scope';
import { problem, Problem } from '../../errors';
import { DossierParams } from '../../schemas/common';

// A dossier's audit trail (from the read model) and its deadline with the calendar's explanation.

const Json = z.record(z.string(), z.unknown());
const Event = z.object({
  sequence: z.number().int(),
  type: z.string(),
  occurredAt: z.string(),
  actor: z.object({ id: z.string(), role: z.string() }).nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  payload: Json,
});
const DeadlineDetail = z.object({
  dueAt: z.string(),
  calendarVersion: z.string(),
  drafted: z.boolean(),
  countsFrom: z.string(),
  budgetMinutes: z.number(),
  consumedMinutes: z.number(),
  running: z.boolean(),
  pauses: z.array(Json),
  explanation: Json,
});

export const detailRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/dossiers/:id/events',
    {
      config: { access: ROLES },
      schema: {
        tags: ['dossiers'],
        summary: 'The audit trail: every recorded event in order',
        params: DossierParams,
        response: { 200: z.array(Event), 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      const { params } = request;
      await requireDossier(app, request, params.id);
      const events = await app.readModel.listEvents(params.id);
      return events.map((event) => ({
        sequence: event.sequence,
        type: event.type,
        occurredAt: event.occurredAt.toISOString(),
        actor: event.actorId ? { id: event.actorId, role: event.actorRole ?? 'unknown' } : null,
        fromStatus: event.fromStatus,
        toStatus: event.toStatus,
        payload: event.payload as Record<string, unknown>,
      }));
    },
  );

  app.get(
    '/v1/dossiers/:id/deadline',
    {
      config: { access: ROLES },
      schema: {
        tags: ['dossiers'],
        summary: 'The deadline as recorded, with the days counted and skipped and the pauses that moved it',
        params: DossierParams,
        response: { 200: DeadlineDetail, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 503: Problem },
      },
    },
    async (request) => {
      const { params } = request;
      const row = await requireDossier(app, request, params.id);
      const handle = app.deps.temporal.workflow.getHandle(params.id);
      const record = await app.withDecisionDeadline(() => handle.query(deadlineQuery));
      if (!record) throw problem(404, 'No deadline yet', { detail: 'the deadline is set when the dossier is accepted' });
      const explained = await createDeadlineActivities(app.deps.calendars).explainDeadline({ unitCode: row.unitCode, record });
      return {
        dueAt: record.dueAt,
        calendarVersion: record.calendarVersion,
        drafted: record.drafted,
        countsFrom: record.countsFrom,
        budgetMinutes: record.budgetMinutes,
        consumedMinutes: record.consumedMinutes,
        running: record.runningSince !== null,
        pauses: record.pauses as unknown as Record<string, unknown>[],
        explanation: explained.explanation as unknown as Record<string, unknown>,
      };
    },
  );
};
