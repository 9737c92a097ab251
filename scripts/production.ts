// `npm run temporal:production`: Motcua's production shape on one machine, every part a process of its own as on a
// cluster — the Temporal server built from go.temporal.io/server on PostgreSQL (databases and schemas set up, the
// namespace and search attributes registered), MOTCUA_WORKERS worker processes and MOTCUA_API_INSTANCES API
// processes sharing DATABASE_URL — stopped together on Ctrl-C. `npm run temporal:server` (`--server-only`) starts the
// Temporal server alone, for benchmarks and fault tests that bring their own workers. Settings: the schema below and
// temporal-config/production/README.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { z } from 'zod';
import { openDatabase } from '../db/client';
import { loadEnvOrExit, requireSharedDatabase, type Env } from '../temporal-config/env';
import { startTemporalServer, type TemporalServer } from '../temporal-config/production/server';
import { onShutdownSignal } from '../temporal-config/services';
import { bundleWorkflows } from '../temporal-config/worker';

const count = (max: number) => z.coerce.number().int().min(1).max(max);
/** The shape's own settings; the server's take the names of its config template (config/production.yaml). */
const ShapeEnvSchema = z.object({
  POSTGRES_SEEDS: z.string().min(1).default('127.0.0.1'),
  DB_PORT: z.coerce.number().int().min(1).max(65535).default(5432),
  POSTGRES_USER: z.string().min(1).default('postgres'),
  POSTGRES_PWD: z.string().default(''),
  DBNAME: z.string().min(1).default('temporal'),
  VISIBILITY_DBNAME: z.string().min(1).default('temporal_visibility'),
  NUM_HISTORY_SHARDS: count(16_384).default(4),
  FRONTEND_GRPC_PORT: z.coerce.number().int().min(1024).max(65000).default(7333),
  TEMPORAL_DYNAMIC_CONFIG: z.enum(['development', 'production']).default('development'),
  TEMPORAL_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  MOTCUA_WORKERS: count(32).default(2),
  MOTCUA_API_INSTANCES: count(32).default(1),
});

const serverOnly = process.argv.includes('--server-only');
const env = loadEnvOrExit(process.env);
const parsed = ShapeEnvSchema.safeParse(process.env);
if (!parsed.success) {
  const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
  console.error(`invalid configuration:\n${problems.join('\n')}`);
  process.exit(2);
}
const shape = parsed.data;
const motcuaEnv = serverOnly ? undefined : requireSharedDatabase(env, 'production shape');
const apiPorts = Array.from({ length: serverOnly ? 0 : shape.MOTCUA_API_INSTANCES }, (_, i) => env.PORT + i);
const logFile = resolve(env.MOTCUA_DATA_DIR, 'temporal-server.log');

console.log(`starting the Temporal server on PostgreSQL at ${shape.POSTGRES_SEEDS}:${shape.DB_PORT} …`);
const started = Date.now();
const postgres = {
  host: shape.POSTGRES_SEEDS,
  port: shape.DB_PORT,
  user: shape.POSTGRES_USER,
  password: shape.POSTGRES_PWD,
};
const server = await startTemporalServer({
  postgres,
  databases: { persistence: shape.DBNAME, visibility: shape.VISIBILITY_DBNAME },
  frontendPort: shape.FRONTEND_GRPC_PORT,
  namespace: env.TEMPORAL_NAMESPACE,
  historyShards: shape.NUM_HISTORY_SHARDS,
  dynamicConfig: shape.TEMPORAL_DYNAMIC_CONFIG,
  logFile,
  logLevel: 'info',
  metricsPort: shape.TEMPORAL_METRICS_PORT,
  ownProcessGroup: true,
});
console.log(`Temporal server ready at ${server.address} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const children = motcuaEnv ? await startMotcua(motcuaEnv, server) : [];
let stopped: Promise<void> | undefined;
const stopAll = () => (stopped ??= Promise.all(children.map(stopChild)).then(() => server.stop()));
for (const part of [server.process, ...children]) {
  part.once('exit', (code, signal) => {
    if (stopped) return;
    console.error(`${part.spawnargs.slice(-2).join(' ')} exited (${code ?? signal}): stopping the shape`);
    void stopAll().then(() => process.exit(1));
  });
}
onShutdownSignal(async (signal) => {
  console.log(`\n${signal}: stopping API, workers and the Temporal server …`);
  await stopAll();
  console.log('stopped');
});
try {
  await Promise.all(apiPorts.map((port) => waitForHttp(`http://${env.HOST}:${port}/readyz`)));
  if (!serverOnly) await waitForPollers(server.address, shape.MOTCUA_WORKERS);
} catch (error) {
  console.error(String(error));
  await stopAll();
  process.exit(1);
}
const none = 'none (--server-only)';
console.log(`
Motcua's production shape is running
  Temporal       ${server.address}, namespace ${env.TEMPORAL_NAMESPACE} (log: ${logFile})
  Databases      ${shape.DBNAME}, ${shape.VISIBILITY_DBNAME} on ${shape.POSTGRES_SEEDS}:${shape.DB_PORT}
  Temporal UI    not part of the server: temporal-config/production/README.md, "Web UI"
  Workers        ${serverOnly ? none : `${shape.MOTCUA_WORKERS} processes on task queue ${env.TEMPORAL_TASK_QUEUE}`}
  API            ${serverOnly ? none : apiPorts.map((port) => `http://${env.HOST}:${port}`).join(' ')}
Press Ctrl-C to stop.
`);

/** Migrates once and bundles the workflows once, then starts the worker and API processes against the server. */
async function startMotcua(env: Env & { DATABASE_URL: string }, server: TemporalServer): Promise<ChildProcess[]> {
  const database = await openDatabase({ url: env.DATABASE_URL });
  await database.migrate();
  await database.close();
  const bundlePath = env.WORKFLOW_BUNDLE_PATH ?? resolve(env.MOTCUA_DATA_DIR, 'workflow-bundle.js');
  if (!env.WORKFLOW_BUNDLE_PATH) {
    mkdirSync(env.MOTCUA_DATA_DIR, { recursive: true });
    writeFileSync(bundlePath, (await bundleWorkflows()).code);
  }
  const shared = { ...process.env, TEMPORAL_ADDRESS: server.address, WORKFLOW_BUNDLE_PATH: bundlePath };
  const workers = Array.from({ length: shape.MOTCUA_WORKERS }, (_, i) =>
    startChild(`worker-${i + 1}`, 'temporal-config/worker-main.ts', shared),
  );
  const apis = apiPorts.map((port, i) => startChild(`api-${i + 1}`, 'api/server.ts', { ...shared, PORT: `${port}` }));
  return [...workers, ...apis];
}

/**
 * `node --import tsx <entry>` (what `npm run worker` / `npm run api` run), its output prefixed with `name`. In a
 * process group of its own: Ctrl-C reaches this runner only, which then stops each child with one SIGTERM (a child
 * that got the terminal's SIGINT too would take the second signal as "exit at once" and skip its graceful shutdown).
 */
function startChild(name: string, entry: string, childEnv: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  for (const stream of [child.stdout!, child.stderr!]) {
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) console.log(`[${name}] ${line}`);
    });
  }
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await done;
  clearTimeout(timer);
}

/**
 * Resolves once `workers` distinct workers have polled the task queue since this run started (each identifies itself
 * as pid@host; the server remembers the pollers of an earlier run for a few minutes).
 */
async function waitForPollers(address: string, workers: number, timeoutMs = 120_000): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace: env.TEMPORAL_NAMESPACE,
        taskQueue: { name: env.TEMPORAL_TASK_QUEUE },
      });
      const current = pollers.filter((poller) => Number(poller.lastAccessTime?.seconds ?? 0) * 1000 >= started - 1000);
      if (new Set(current.map((poller) => poller.identity)).size >= workers) return;
      await sleep(250);
    }
    throw new Error(`${workers} workers did not poll ${env.TEMPORAL_TASK_QUEUE} within ${timeoutMs / 1000} s`);
  } finally {
    await connection.close();
  }
}

async function waitForHttp(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(url).then((response) => response.ok, () => false)) return;
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
