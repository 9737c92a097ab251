import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../db/client';
import { bundleWorkflows } from '../../temporal-config/worker';
import { testIssuerKeys, TEST_ISSUER } from '../support/auth';
import { freePort } from '../../temporal-config/free-port';
import { TEST_NAMESPACE } from '../support/global-setup';

// The fault suites run Motcua's own entry points (temporal-config/worker-main.ts, api/server.ts) as child processes,
// so a test can kill -9 one of them, and a private PostgreSQL cluster it may stop without disturbing anyone else.

const ROOT = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);

/** A scratch directory, made when first used (a skipped suite leaves nothing behind), removed by `dispose`. */
export function scratchDir(prefix: string): { readonly path: string; dispose(): void } {
  let path: string | undefined;
  return {
    get path() {
      return (path ??= mkdtempSync(join(tmpdir(), `motcua-${prefix}-`)));
    },
    dispose: () => path && rmSync(path, { recursive: true, force: true }),
  };
}

/** The workflow bundle built once into `dir`, so each worker process starts in a second instead of bundling. */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const path = join(dir, 'workflow-bundle.js');
  writeFileSync(path, (await bundleWorkflows()).code);
  return path;
}

export interface ServiceEnv {
  temporalAddress: string;
  taskQueue: string;
  databaseUrl: string;
  /** MOTCUA_DATA_DIR: a scratch directory, so no developer's loaded calendar notices leak in. */
  dataDir: string;
  workflowBundlePath?: string;
  extra?: Record<string, string>;
}

function serviceEnvironment(env: ServiceEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_NAMESPACE: TEST_NAMESPACE,
    TEMPORAL_TASK_QUEUE: env.taskQueue,
    DATABASE_URL: env.databaseUrl,
    MOTCUA_DATA_DIR: env.dataDir,
    WORKFLOW_BUNDLE_PATH: env.workflowBundlePath ?? '',
    WORKER_METRICS_ADDRESS: '',
    LOG_LEVEL: 'warn',
    AUTH_JWT_PUBLIC_KEY: testIssuerKeys.publicKeyPem,
    AUTH_JWT_ISSUER: TEST_ISSUER.issuer,
    AUTH_JWT_AUDIENCE: TEST_ISSUER.audience,
    RATE_LIMIT_PUBLIC_PER_MINUTE: '100000',
    ...env.extra,
  };
}

/** A Motcua process started by a test. */
export interface Service {
  child: ChildProcess;
  /** The end of what it printed, for failure messages. */
  output(): string;
  /** kill -9, and wait until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown), then SIGKILL after 15 s. */
  stop(): Promise<void>;
}

function spawnService(entry: string, env: NodeJS.ProcessEnv): { service: Service; ready(marker: RegExp, timeoutMs: number): Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const gone = new Promise<void>((resolve) => child.once('exit', () => (process.removeListener('exit', killOnExit), resolve())));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const service: Service = {
    child,
    output: () => output,
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await gone;
    },
    async stop() {
      if (alive()) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
  const ready = (marker: RegExp, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        listeners.delete(check);
        clearTimeout(timer);
        if (error) {
          child.kill('SIGKILL');
          reject(error);
        } else resolve();
      };
      const check = () => marker.test(output) && done();
      const timer = setTimeout(() => done(new Error(`${entry} not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
      child.once('exit', (code, signal) => done(new Error(`${entry} exited (${code ?? signal}):\n${output}`)));
      listeners.add(check);
      check();
    });
  return { service, ready };
}

/** `npm run worker` as a child process; resolves once it polls its task queue. */
export async function startWorkerProcess(env: ServiceEnv): Promise<Service> {
  const { service, ready } = spawnService('temporal-config/worker-main.ts', serviceEnvironment(env));
  await ready(/worker polling/, 60_000);
  return service;
}

export interface ApiService extends Service {
  url: string;
}

/** `npm run api` as a child process on a free port; resolves once /healthz answers. */
export async function startApiProcess(env: ServiceEnv, port?: number): Promise<ApiService> {
  const chosen = port ?? (await freePort());
  const { service } = spawnService('api/server.ts', serviceEnvironment({ ...env, extra: { HOST: '127.0.0.1', PORT: String(chosen), ...env.extra } }));
  const url = `http://127.0.0.1:${chosen}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (service.child.exitCode !== null) throw new Error(`api/server.ts exited (${service.child.exitCode}):\n${service.output()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { ...service, url };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await service.kill();
      throw new Error(`api/server.ts not answering after 60 s:\n${service.output()}`);
    }
    await sleep(200);
  }
}

/** Polls `check` until it returns a value other than undefined; throws with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    await sleep(everyMs);
  }
}

/** Runs `task` over `items` with at most `concurrency` at once; rejects on the first failure. */
export async function pool<T, R>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// A private PostgreSQL cluster (initdb/pg_ctl from the system's packages), on a free loopback port.

const pgBinDir = (): string | undefined => {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b));
  const last = versions[versions.length - 1];
  return last ? join(base, last, 'bin') : undefined;
};

/** Why a private cluster cannot run here, or undefined when it can. */
export function privatePostgresUnavailable(): string | undefined {
  if (!pgBinDir()) return 'no initdb under /usr/lib/postgresql/*/bin';
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) return 'running as root without runuser';
  return undefined;
}

export interface PrivatePostgres {
  port: number;
  /** postgres:// URL of its `postgres` database (trust authentication). */
  adminUrl: string;
  /** URL of another database on it. */
  url(database: string): string;
  /** pg_ctl stop -m immediate: the server vanishes as if it crashed. */
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = pgBinDir();
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql/*/bin');
  const dir = mkdtempSync(join(tmpdir(), 'motcua-faults-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  // initdb and postgres refuse to run as root: as the `postgres` user then.
  const pg = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const data = join(dir, 'data');
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = async () => void (await pg('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', options, 'start']));
  const stop = async () => void (await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']));
  await start();
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    adminUrl: url('postgres'),
    url,
    stop,
    start,
    async dispose() {
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// A fresh migrated database on a PostgreSQL server, with its URL for child processes.

export interface FaultsDatabase extends DatabaseHandle {
  url: string;
  sql: postgres.Sql;
  dispose(): Promise<void>;
}

/** A new database `faults_<random>` on the server of `adminUrl`, migrated; dropped by `dispose`. */
export async function faultsDatabase(adminUrl: string): Promise<FaultsDatabase> {
  const name = `faults_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), maxConnections: 5 });
  await handle.migrate();
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  return {
    ...handle,
    url: url.toString(),
    sql,
    async dispose() {
      await sql.end({ timeout: 5 }).catch(() => {});
      await handle.close().catch(() => {});
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.end();
    },
  };
}
