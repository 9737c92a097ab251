import { z } from 'zod';

/**
 * How a result reaches the applicant (Decree 61/2018 Art. 21; Decree 45/2020 Art. 18): online into the data warehouse,
 * at the counter, or by the public postal service. A module of its own so the workflow bundle, which validates a
 * `returnResult` decision with it, does not evaluate the procedure schemas on every dossier it starts or replays.
 */
export const ReturnChannel = z.enum(['online', 'counter', 'postal']);
export type ReturnChannel = z.infer<typeof ReturnChannel>;
