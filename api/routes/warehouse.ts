import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticated } from '../auth/scope';
import { problem, Problem } from '../errors';
import { WarehouseItemId, WarehouseItemView } from '../schemas/files';
import { sendBlob } from './dossiers/documents';

/** `GET /v1/me/warehouse`: the applicant's own e-data warehouse (kho quản lý dữ liệu điện tử). */
export const warehouseRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/me/warehouse',
    {
      config: { access: ['applicant'] },
      schema: {
        tags: ['warehouse'],
        summary: "The caller's warehouse: accepted components and returned e-results, newest first",
        description:
          'Components are placed once the officer accepted the dossier and e-results once returned, when the applicant ' +
          'consented at submission. Reuse an item in a later submission with `{ componentCode, warehouseItem: id }`.',
        response: { 200: z.object({ items: z.array(WarehouseItemView) }), 401: Problem, 403: Problem },
      },
    },
    async (request) => {
      const owner = authenticated(request).subject;
      await app.files.warehouse.reconcile(owner);
      const items = await app.files.warehouse.list(owner);
      return {
        items: items.map(({ ownerIdentifier: _owner, placedAt, ...item }) => ({ ...item, placedAt: placedAt.toISOString() })),
      };
    },
  );

  app.get(
    '/v1/me/warehouse/:itemId',
    {
      config: { access: ['applicant'] },
      schema: {
        tags: ['warehouse'],
        summary: "Download an item of the caller's warehouse",
        params: z.object({ itemId: WarehouseItemId }),
        response: { 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const item = await app.files.warehouse.find(authenticated(request).subject, request.params.itemId);
      if (!item) throw problem(404, 'Item not found', { detail: `no item ${request.params.itemId} in your warehouse` });
      return sendBlob(reply, app.files.blobs, item);
    },
  );
};
