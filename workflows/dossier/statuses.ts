/**
 * Lifecycle states of a dossier (hồ sơ), domain spec §3. Defined once, without imports, so the workflow's zod
 * schemas and the database's enum type are built from the same list.
 */
export const DOSSIER_STATUSES = [
  'SUBMITTED',
  'AWAITING_RECEPTION_CHECK',
  'ACCEPTED',
  'SUPPLEMENT_REQUESTED',
  'REFUSED_AT_RECEPTION',
  'IN_HANDLING',
  'PAUSED',
  'RESULT_READY',
  'REFUSED_TO_RESOLVE',
  'RESULT_RETURNED',
  'RATED',
  'WITHDRAWN',
] as const;
