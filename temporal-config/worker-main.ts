// Production worker: `npm run worker`. Needs TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and DATABASE_URL.
import { openDatabase } from '../db/client';
import { loadEnvOrExit, requireSharedDatabase } from './env';
import { installRuntime, onShutdownSignal, startWorker } from './services';

const env = requireSharedDatabase(loadEnvOrExit(process.env), 'worker');
installRuntime(env);
const database = await openDatabase({ url: env.DATABASE_URL });
await database.migrate();
const running = await startWorker(env, database);
console.log(`worker polling ${env.TEMPORAL_TASK_QUEUE} on ${env.TEMPORAL_ADDRESS} (namespace ${env.TEMPORAL_NAMESPACE})`);
onShutdownSignal(async () => {
  await running.stop();
  await database.close();
});
await running.done;
