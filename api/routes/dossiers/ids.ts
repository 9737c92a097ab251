import { createHash } from 'node:crypto';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The dossier's workflow ID, derived from the submission's Idempotency-Key: a retried POST addresses the same
 * workflow, so it can never start a second dossier. Hashed, so keys never show in the Web UI.
 */
export const dossierWorkflowId = (idempotencyKey: string) => `dossier-${sha256(`submission:${idempotencyKey}`).slice(0, 32)}`;

/** JSON with object keys sorted, so two equal requests hash alike whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
