import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import postgres from 'postgres';
import { openDatabase } from '../../db/client';
import { startDevServer } from '../../temporal-config/dev-server';
import {
  postgresFromUrl,
  serverPortsFree,
  startTemporalServer,
  type TemporalDatabases,
} from '../../temporal-config/production/server';
import { bundleWorkflows } from '../../temporal-config/worker';
import { startApi, startWorkerProcess, type BenchApi, type WorkerProcess } from './processes';
import { freePort } from '../../temporal-config/free-port';

export type { BenchApi, Caller, WorkerProcess } from './processes';

// What the benchmarks run against: a Temporal server of either shape, a Motcua database on PostgreSQL, the workflow
// bundles, and the worker and API processes of bench/support/processes.ts.

export type ServerShape = 'dev' | 'production';
export const NAMESPACE = 'default';

export interface BenchOptions {
  server: ServerShape;
  quick: boolean;
  /** Benchmarks to run (`--only lifecycle,latency`); all when absent. */
  only: Set<string> | null;
  flags: Map<string, string>;
}

/** `--quick`, `--server dev|production`, `--only a,b`, and `--name value` / `--name=value` flags. */
export function parseArgs(argv: string[]): BenchOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) flags.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags.set(name, argv[++i]!);
    else flags.set(name, 'true');
  }
  const server = flags.get('server') ?? 'dev';
  if (server !== 'dev' && server !== 'production') throw new Error('--server must be dev or production');
  const only = flags.get('only');
  return { server, quick: flags.get('quick') === 'true', only: only ? new Set(only.split(',')) : null, flags };
}

/** An integer flag: the value given, else the quick or the full default. */
export function intFlag(options: BenchOptions, name: string, full: number, quick: number): number {
  const given = options.flags.get(name);
  if (given === undefined) return options.quick ? quick : full;
  const value = Number(given.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

/** The PostgreSQL server the benchmarks use (their own databases on it): DATABASE_URL, any database name. */
export function adminUrl(): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  return url.toString();
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createDatabase(name: string): Promise<void> {
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

export async function postgresVersion(): Promise<string> {
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`show server_version`;
    return `PostgreSQL ${row!.server_version}`;
  } finally {
    await admin.end();
  }
}


export interface BenchEnv {
  shape: ServerShape;
  /** Temporal frontend, host:port. */
  address: string;
  /** The Temporal server's process (CPU accounting). */
  serverPid: number;
  /** This run's id: names databases and task queues. */
  run: string;
  /** A client for the benchmarks' direct calls (its own connection; the API has another). */
  temporal: Client;
  /** Motcua's database for this run (read model, events, codes, outbox), migrated. */
  motcuaUrl: string;
  /** `npm run worker` as a process of its own; `settings` are further environment variables (WORKER_MAX_CACHED_WORKFLOWS). */
  startDossierWorker(taskQueue: string, settings?: Record<string, string>): Promise<WorkerProcess>;
  startBareWorker(taskQueue: string): Promise<WorkerProcess>;
  /** The API on this run's database, or on `databaseUrl`. */
  startApi(taskQueue: string, databaseUrl?: string): Promise<BenchApi>;
  close(): Promise<void>;
}

async function freeFrontendPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 21_000 + Math.floor(Math.random() * 8_000);
    if (await serverPortsFree(port)) return port;
  }
  throw new Error('no free block of ports for the Temporal server');
}

/**
 * Starts the Temporal server of `shape` (the dev server in memory, as `npm start` and the tests run it; or the
 * PostgreSQL-backed server as test/production starts it), creates and migrates this run's Motcua database, and bundles
 * the dossier and bare workflows once. `close()` stops everything and drops every database it created.
 */
export async function startBenchEnv(shape: ServerShape, log = console.log): Promise<BenchEnv> {
  const run = randomBytes(4).toString('hex');
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error) => console.error(`cleanup: ${error}`));
  };
  try {
    let address: string;
    let serverPid: number;
    const started = performance.now();
    if (shape === 'dev') {
      const server = await startDevServer({ port: await freePort(), uiPort: null, namespace: NAMESPACE });
      cleanups.push(() => server.stop());
      address = server.address;
      serverPid = server.process.pid!;
    } else {
      const databases: TemporalDatabases = { persistence: `bench_${run}_temporal`, visibility: `bench_${run}_temporal_visibility` };
      cleanups.push(async () => {
        await dropDatabase(databases.persistence);
        await dropDatabase(databases.visibility);
      });
      const server = await startTemporalServer({
        postgres: postgresFromUrl(adminUrl()),
        databases,
        frontendPort: await freeFrontendPort(),
        namespace: NAMESPACE,
      });
      cleanups.push(() => server.stop());
      address = server.address;
      serverPid = server.process.pid!;
    }
    log(`Temporal ${shape === 'dev' ? 'dev server (CLI, in memory)' : 'server v1.29.1 on PostgreSQL'} at ${address} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const motcuaName = `bench_${run}_motcua`;
    await createDatabase(motcuaName);
    cleanups.push(() => dropDatabase(motcuaName));
    const motcuaUrl = databaseUrl(motcuaName);
    const migrator = await openDatabase({ url: motcuaUrl, maxConnections: 1 });
    await migrator.migrate();
    await migrator.close();

    const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const dossierBundle = join(dir, 'dossier-bundle.js');
    const bareBundle = join(dir, 'bare-bundle.js');
    writeFileSync(dossierBundle, (await bundleWorkflows()).code);
    const bare = await bundleWorkflowCode({ workflowsPath: new URL('../bare-workflow.ts', import.meta.url).pathname, logger: silentLogger });
    writeFileSync(bareBundle, bare.code);

    const connection = await Connection.connect({ address });
    cleanups.push(() => connection.close());
    const temporal = new Client({ connection, namespace: NAMESPACE });

    const baseEnv = { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: NAMESPACE, LOG_LEVEL: 'warn' };
    const track = (worker: WorkerProcess) => {
      cleanups.push(() => worker.stop());
      return worker;
    };
    return {
      shape,
      address,
      serverPid,
      run,
      temporal,
      motcuaUrl,
      close,
      // The production worker entry point itself (`npm run worker`), on this run's database and bundle.
      startDossierWorker: async (taskQueue, settings = {}) =>
        track(
          await startWorkerProcess('temporal-config/worker-main.ts', taskQueue, {
            ...baseEnv,
            TEMPORAL_TASK_QUEUE: taskQueue,
            DATABASE_URL: motcuaUrl,
            WORKFLOW_BUNDLE_PATH: dossierBundle,
            MOTCUA_DATA_DIR: dir,
            WORKER_METRICS_ADDRESS: '',
            ...settings,
          }),
        ),
      startBareWorker: async (taskQueue) =>
        track(await startWorkerProcess('bench/bare-worker.ts', taskQueue, { ...baseEnv, BARE_TASK_QUEUE: taskQueue, BARE_BUNDLE_PATH: bareBundle })),
      startApi: async (taskQueue, databaseUrl = motcuaUrl) => {
        const api = await startApi({ ...baseEnv, TEMPORAL_TASK_QUEUE: taskQueue, DATABASE_URL: databaseUrl, MOTCUA_DATA_DIR: dir });
        cleanups.push(() => api.close());
        return api;
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

const ignore = () => {};
const silentLogger = { trace: ignore, debug: ignore, info: ignore, warn: ignore, error: console.error, log: ignore };

/** Starts the servers for `server`, runs `run` with them, and stops them after it, on Ctrl-C or on SIGTERM. */
export async function withBenchEnv<T>(server: BenchOptions['server'], run: (env: BenchEnv) => Promise<T>): Promise<T> {
  const env = await startBenchEnv(server);
  const stop = async () => {
    await env.close();
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await run(env);
  } finally {
    await env.close();
  }
}

/** Runs a benchmark file on its own: `node --import tsx bench/<name>.ts [--quick] [--server production] …`. */
export async function standalone(run: (env: BenchEnv, options: BenchOptions) => Promise<unknown>): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  await withBenchEnv(options.server, (env) => run(env, options));
  process.exit(0);
}
