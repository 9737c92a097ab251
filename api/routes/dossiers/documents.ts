import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../auth/principal';
import { requireDossier } from '../../auth/scope';
import { problem, Problem } from '../../errors';
import type { BlobStore } from '../../files/blob-store';
import { DossierId } from '../../schemas/common';
import { DocumentView, Sha256 } from '../../schemas/files';

/** RFC 6266: an ASCII fallback and the UTF-8 name, so Vietnamese names survive and no header can be injected. */
export function contentDisposition(name: string): string {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Sends a stored blob as a download; 404 when the content is missing from the store. */
export async function sendBlob(reply: FastifyReply, blobs: BlobStore, file: { sha256: string; size: number; mediaType: string; name: string }) {
  const content = await blobs.get(file.sha256);
  if (!content) throw problem(404, 'File not found', { detail: 'the content is not in the store' });
  return reply
    .type(file.mediaType)
    .header('content-length', file.size)
    .header('content-disposition', contentDisposition(file.name))
    .header('x-content-type-options', 'nosniff')
    .header('digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`)
    .send(content);
}

/** A dossier's components, as submitted: listed and downloaded by whoever may read the dossier. */
export const documentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/dossiers/:id/documents',
    {
      config: { access: ROLES },
      schema: {
        tags: ['documents'],
        summary: "The dossier's components (thành phần hồ sơ) in the order submitted",
        params: z.object({ id: DossierId }),
        response: { 200: z.array(DocumentView), 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      await requireDossier(app, request, request.params.id);
      const rows = await app.files.documents.listDocuments(request.params.id);
      return rows.map(({ position, componentCode, name, sha256, size, mediaType, source, warehouseItemId }) => ({
        position,
        componentCode,
        name,
        sha256,
        size,
        mediaType,
        source,
        warehouseItem: warehouseItemId,
      }));
    },
  );

  app.get(
    '/v1/dossiers/:id/documents/:sha256',
    {
      config: { access: ROLES },
      schema: {
        tags: ['documents'],
        summary: 'Download one component by its SHA-256',
        params: z.object({ id: DossierId, sha256: Sha256 }),
        response: { 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      await requireDossier(app, request, request.params.id);
      const document = await app.files.documents.findDocument(request.params.id, request.params.sha256);
      if (!document) throw problem(404, 'Document not found', { detail: `the dossier has no document ${request.params.sha256}` });
      return sendBlob(reply, app.files.blobs, document);
    },
  );
};
