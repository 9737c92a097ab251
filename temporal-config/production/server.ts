import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import type { Connection } from '@temporalio/client';
import postgres from 'postgres';
import { connectWhenReady, setUpNamespace } from './namespace';

// The Temporal server (go.temporal.io/server, the version the CLI bundles) on PostgreSQL, on one machine: its
// databases, their schemas, the process and the namespace. Tests and `npm run temporal:production` start it here;
// compose.yaml and the Helm chart do the same steps with the server's images (README.md).

const PROVISION_SCRIPT = new URL('../provision.sh', import.meta.url).pathname;
const PRODUCTION_DIR = new URL('.', import.meta.url).pathname;
const run = promisify(execFile);

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** Host, port, user and password of a postgres:// URL (its database, if any, is not used). */
export function postgresFromUrl(url: string): PostgresServer {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username) || 'postgres',
    password: decodeURIComponent(parsed.password),
  };
}

export interface TemporalDatabases {
  /** Workflow histories, mutable state, task queues, namespaces. */
  persistence: string;
  /** SQL advanced visibility: list and count workflows by search attribute. */
  visibility: string;
}

export const DEFAULT_DATABASES: TemporalDatabases = { persistence: 'temporal', visibility: 'temporal_visibility' };

export interface ServerTools {
  server: string;
  sqlTool: string;
  /** `postgresql/v12` of the server module's schema folder, holding `temporal/versioned` and `visibility/versioned`. */
  schemaDir: string;
}

/** The built server, schema tool and schema files, from provision.sh's machine-wide cache (built on first use). */
export function provisionServer(): ServerTools {
  const out = execFileSync('bash', [PROVISION_SCRIPT, 'server'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const value = (name: string) => {
    const line = out.split('\n').find((l) => l.startsWith(`${name}=`));
    if (!line) throw new Error(`provision.sh server did not report ${name}`);
    return line.slice(name.length + 1);
  };
  return {
    server: value('TEMPORAL_SERVER'),
    sqlTool: value('TEMPORAL_SQL_TOOL'),
    schemaDir: value('TEMPORAL_SERVER_SCHEMA'),
  };
}

/** Creates the databases that do not exist yet (connecting to the server's `postgres` database). */
export async function createDatabases(pg: PostgresServer, databases: TemporalDatabases): Promise<void> {
  const admin = postgres({ ...pg, database: 'postgres', max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    for (const name of [databases.persistence, databases.visibility]) {
      const [found] = await admin`select 1 from pg_database where datname = ${name}`;
      if (!found) await admin`create database ${admin(name)}`;
    }
  } finally {
    await admin.end();
  }
}

/**
 * Brings both schemas to the versions this server expects, as the server's own setup scripts do: `setup-schema -v 0.0`
 * creates the version tables (a no-op once they exist), `update-schema` applies every versioned step not yet applied.
 * The password goes through the tool's SQL_PASSWORD variable, not its command line.
 */
export async function setUpSchemas(
  tools: ServerTools,
  pg: PostgresServer,
  databases: TemporalDatabases,
): Promise<void> {
  for (const [database, folder] of [
    [databases.persistence, 'temporal'],
    [databases.visibility, 'visibility'],
  ] as const) {
    const env = {
      ...process.env,
      SQL_PLUGIN: 'postgres12',
      SQL_HOST: pg.host,
      SQL_PORT: String(pg.port),
      SQL_USER: pg.user,
      SQL_PASSWORD: pg.password,
      SQL_DATABASE: database,
    };
    await run(tools.sqlTool, ['setup-schema', '-v', '0.0'], { env });
    await run(tools.sqlTool, ['update-schema', '-d', `${tools.schemaDir}/${folder}/versioned`], { env });
  }
}

/** Every port of a single-process server, laid out around the frontend's as the defaults are around 7233. */
export function serverPorts(frontendPort: number) {
  return {
    frontendGrpc: frontendPort,
    history: frontendPort + 1,
    matching: frontendPort + 2,
    worker: frontendPort + 6,
    frontendHttp: frontendPort + 10,
    frontendMembership: frontendPort - 300,
    historyMembership: frontendPort - 299,
    matchingMembership: frontendPort - 298,
    workerMembership: frontendPort - 294,
  };
}

export interface TemporalServerOptions {
  postgres: PostgresServer;
  databases?: TemporalDatabases;
  frontendPort: number;
  namespace: string;
  /** Fixed when the persistence schema is first used; 4 suits one machine (README: choosing it). */
  historyShards?: number;
  /** `development` (tests, loopback runs: search attributes usable at once) or `production`. */
  dynamicConfig?: 'development' | 'production';
  /** Where the server's JSON log goes: a file path, or discarded. */
  logFile?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Serves the server's Prometheus metrics on 127.0.0.1:<port>. */
  metricsPort?: number;
  /** In a process group of its own, so a terminal's Ctrl-C reaches only the runner, which stops it last. */
  ownProcessGroup?: boolean;
}

/** The config template's variables (config/production.yaml) for a server on loopback. */
export function serverEnvironment(options: TemporalServerOptions): Record<string, string> {
  const ports = serverPorts(options.frontendPort);
  const databases = options.databases ?? DEFAULT_DATABASES;
  return {
    POSTGRES_SEEDS: options.postgres.host,
    DB_PORT: String(options.postgres.port),
    POSTGRES_USER: options.postgres.user,
    POSTGRES_PWD: options.postgres.password,
    DBNAME: databases.persistence,
    VISIBILITY_DBNAME: databases.visibility,
    NUM_HISTORY_SHARDS: String(options.historyShards ?? 4),
    BIND_ON_IP: '127.0.0.1',
    FRONTEND_GRPC_PORT: String(ports.frontendGrpc),
    FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
    HISTORY_GRPC_PORT: String(ports.history),
    HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
    MATCHING_GRPC_PORT: String(ports.matching),
    MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
    WORKER_GRPC_PORT: String(ports.worker),
    WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
    DYNAMIC_CONFIG_FILE_PATH: `${PRODUCTION_DIR}dynamicconfig/${options.dynamicConfig ?? 'development'}.yaml`,
    LOG_LEVEL: options.logLevel ?? 'warn',
    ...(options.metricsPort ? { PROMETHEUS_ENDPOINT: `127.0.0.1:${options.metricsPort}` } : {}),
  };
}

export interface TemporalServer {
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export class ServerExited extends Error {}

/**
 * The whole production shape of the server on loopback: databases, schemas, the process, then the namespace with
 * Motcua's search attributes. Resolves once a dossier can be started; the server dies with this process.
 */
export async function startTemporalServer(options: TemporalServerOptions): Promise<TemporalServer> {
  const tools = provisionServer();
  const databases = options.databases ?? DEFAULT_DATABASES;
  await createDatabases(options.postgres, databases);
  await setUpSchemas(tools, options.postgres, databases);
  const { child, exited } = spawnServer(tools, options);
  const address = `127.0.0.1:${options.frontendPort}`;
  const stop = () => stopProcess(child);
  let connection: Connection | undefined;
  try {
    connection = await Promise.race([connectWhenReady(address), exited]);
    await Promise.race([setUpNamespace(connection, options.namespace), exited]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    await connection?.close();
  }
  return { address, process: child, stop };
}

/** Spawns `temporal-server start`; `exited` rejects, with the end of its error output, if it stops. */
function spawnServer(
  tools: ServerTools,
  options: TemporalServerOptions,
): { child: ChildProcess; exited: Promise<never> } {
  const args = ['--root', PRODUCTION_DIR, '--config', 'config', '--env', 'production', '--allow-no-auth', 'start'];
  const child = spawn(tools.server, args, {
    env: { ...process.env, ...serverEnvironment(options) },
    stdio: ['ignore', options.logFile ? 'pipe' : 'ignore', 'pipe'],
    detached: options.ownProcessGroup ?? false,
  });
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    child.stdout!.pipe(createWriteStream(options.logFile, { flags: 'a' }));
  }
  let lastOutput = '';
  child.stderr!.on('data', (chunk: Buffer) => (lastOutput = (lastOutput + chunk.toString()).slice(-2000)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      reject(new ServerExited(`Temporal server exited (${code ?? signal}): ${lastOutput.trim() || 'see its log'}`));
    }),
  );
  exited.catch(() => {}); // observed by whoever races it; an exit after start is not an unhandled rejection
  return { child, exited };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await done;
  clearTimeout(timer);
}

/** True when every port of a server with this frontend port is free on loopback right now. */
export async function serverPortsFree(frontendPort: number): Promise<boolean> {
  for (const port of Object.values(serverPorts(frontendPort))) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}
