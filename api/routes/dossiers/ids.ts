import { createHash } from 'node:crypto';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The dossier's workflow ID, derived from the submission's Idempotency-Key: a retried POST addresses the same
 * workflow, so it can never start a second dossier. Hashed, so keys never show in the Web UI.
 */
export const dossierWorkflowId = (idempotencyKey: string) => `dossier-${sha256(`submission:${idempotencyKey}`).slice(0, 32)}`;

