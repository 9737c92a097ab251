import { z } from 'zod';

/**
 * How a result reaches the applicant (domain spec §3.7): online into the data warehouse, at the counter, or by the
 * public postal service (Decision 45/2016). A module of its own so the workflow bundle, which validates a
 * `returnResult` decision with it, does not evaluate the procedure schemas on every dossier it starts or replays.
 */
export const ReturnChannel = z.enum(['online', 'counter', 'postal']);
export type ReturnChannel = z.infer<typeof ReturnChannel>;
