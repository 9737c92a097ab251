import { z } from 'zod';

/** Client-chosen key that makes a POST safe to retry; for decisions it becomes the Temporal Update ID. */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,128}$/, 'must be 8-128 characters of letters, digits and ._:-');

export const IdempotentHeaders = z.object({ 'idempotency-key': IdempotencyKey });

export const DossierId = z.string().regex(/^dossier-[0-9a-f]{32}$/, 'must be a dossier id such as dossier-<32 hex digits>');
export const DossierParams = z.object({ id: DossierId });
