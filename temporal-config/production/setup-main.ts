// `npm run temporal:setup`: prepares a running Temporal cluster for Motcua — creates TEMPORAL_NAMESPACE unless it
// exists and registers the dossier search attributes in it — then exits. Idempotent, so compose runs it before the
// workers, and Kubernetes as a Job (or a Helm post-install/post-upgrade hook) on every deploy. Needs TEMPORAL_ADDRESS.
import { z } from 'zod';
import { loadEnvOrExit } from '../env';
import { connectWhenReady, DEFAULT_RETENTION_DAYS, setUpNamespace } from './namespace';

const env = loadEnvOrExit(process.env);
const retention = z.coerce.number().int().min(1).max(3650).default(DEFAULT_RETENTION_DAYS);
const parsed = retention.safeParse(process.env.TEMPORAL_RETENTION_DAYS);
if (!parsed.success) {
  console.error('invalid configuration:\n  - TEMPORAL_RETENTION_DAYS: must be a whole number of days, 1 to 3650');
  process.exit(2);
}

const connection = await connectWhenReady(env.TEMPORAL_ADDRESS, 120_000);
try {
  await setUpNamespace(connection, env.TEMPORAL_NAMESPACE, { retentionDays: parsed.data });
  console.log(`namespace ${env.TEMPORAL_NAMESPACE} ready on ${env.TEMPORAL_ADDRESS}, search attributes registered`);
} finally {
  await connection.close();
}
