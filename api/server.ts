// Production API: `npm run api`. Needs TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and DATABASE_URL.
import { openDatabase } from '../db/client';
import { loadEnvOrExit, requireSharedDatabase } from '../temporal-config/env';
import { onShutdownSignal, startApi } from '../temporal-config/services';

const env = requireSharedDatabase(loadEnvOrExit(process.env), 'api');
const database = await openDatabase({ url: env.DATABASE_URL });
await database.migrate();
const api = await startApi(env, database);
onShutdownSignal(async () => {
  await api.stop();
  await database.close();
});
