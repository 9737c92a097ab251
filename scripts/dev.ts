// `npm start`: the whole of Motcua on one machine — Temporal dev server (SQLite under .data/), database
// migrations, worker and API in this process — stopped together on Ctrl-C.
import { relative } from 'node:path';
import { openDatabase } from '../db/client';
import { startDevServer, type DevServer } from '../temporal-config/dev-server';
import { loadEnvOrExit } from '../temporal-config/env';
import { installRuntime, onShutdownSignal, startApi, startWorker } from '../temporal-config/services';

const env = loadEnvOrExit(process.env);
installRuntime(env);
const useOwnServer = env.TEMPORAL_DEV_SERVER === 'on' || (env.TEMPORAL_DEV_SERVER === 'auto' && !process.env.TEMPORAL_ADDRESS);
const [host, port] = env.TEMPORAL_ADDRESS.split(':') as [string, string];

let devServer: DevServer | undefined;
if (useOwnServer) {
  console.log(`starting the Temporal dev server (data: ${relative(process.cwd(), env.temporalDbFile)}) …`);
  devServer = await startDevServer({
    ip: host,
    port: Number(port),
    uiPort: env.TEMPORAL_UI_PORT,
    dbFile: env.temporalDbFile,
    namespace: env.TEMPORAL_NAMESPACE,
    logTo: 'inherit',
  });
}
const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.pgliteDir });
await database.migrate();
const worker = await startWorker(env, database);
const api = await startApi(env, database);

const where = database.kind === 'pglite' ? `PGlite (embedded) at ${relative(process.cwd(), env.pgliteDir)}` : 'PostgreSQL (DATABASE_URL)';
console.log(`
Motcua is running
  API            ${api.url}    (OpenAPI: ${api.url}/docs)
  Temporal UI    ${devServer?.uiUrl ?? '(external server: its own UI)'}
  Temporal       ${env.TEMPORAL_ADDRESS}, namespace ${env.TEMPORAL_NAMESPACE}, task queue ${env.TEMPORAL_TASK_QUEUE}
  Database       ${where}
Press Ctrl-C to stop.
`);

onShutdownSignal(async (signal) => {
  console.log(`\n${signal}: stopping API, worker, database and Temporal dev server …`);
  await api.stop();
  await worker.stop();
  await database.close();
  await devServer?.stop();
  console.log('stopped');
});
