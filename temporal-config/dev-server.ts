import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { dossierSearchAttributes } from '../workflows/dossier/search-attributes';
import { CLI_SEARCH_ATTRIBUTE_TYPES } from './search-attributes';

const PROVISION_SCRIPT = new URL('./provision.sh', import.meta.url).pathname;

export interface DevServerOptions {
  port: number;
  /** Web UI port, or `null` for a headless server (tests). */
  uiPort: number | null;
  /** SQLite file for persistence; omitted = in memory. */
  dbFile?: string;
  namespace: string;
  ip?: string;
  /** Where the server's own log goes; defaults to being discarded. */
  logTo?: 'inherit' | 'ignore';
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The Temporal CLI's path: MOTCUA_TEMPORAL_BIN if the runner set it, else whatever provision.sh finds or builds. */
export function temporalCliPath(): string {
  if (process.env.MOTCUA_TEMPORAL_BIN) return process.env.MOTCUA_TEMPORAL_BIN;
  const out = execFileSync('bash', [PROVISION_SCRIPT, 'cli'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = out.split('\n').find((l) => l.startsWith('TEMPORAL_CLI='));
  if (!line) throw new Error('provision.sh did not report the Temporal CLI path');
  return line.slice('TEMPORAL_CLI='.length);
}

export class DevServerExited extends Error {}

/** `temporal server start-dev` arguments: the one place the dev server is configured. */
export function devServerArgs(options: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', options.ip ?? '127.0.0.1', '--port', String(options.port)];
  args.push('--namespace', options.namespace, '--log-level', 'warn');
  if (options.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  for (const key of dossierSearchAttributes) {
    args.push('--search-attribute', `${key.name}=${CLI_SEARCH_ATTRIBUTE_TYPES[key.type]}`);
  }
  return args;
}

/** Starts a dev server and resolves once its frontend answers; the server dies with this process. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  if (options.dbFile) mkdirSync(dirname(options.dbFile), { recursive: true });
  const inherit = options.logTo === 'inherit';
  const child = spawn(temporalCliPath(), devServerArgs(options), {
    stdio: ['ignore', inherit ? 'inherit' : 'ignore', inherit ? 'inherit' : 'pipe'],
  });
  let lastOutput = '';
  child.stderr?.on('data', (chunk: Buffer) => (lastOutput = (lastOutput + chunk.toString()).slice(-2000)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const address = `${options.ip ?? '127.0.0.1'}:${options.port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(new DevServerExited(`Temporal dev server exited early (${code ?? signal}): ${lastOutput.trim() || 'no output'}`)),
    ),
  );
  await Promise.race([waitForFrontend(address, options.namespace), exited]);
  return {
    address,
    uiUrl: options.uiPort === null ? null : `http://${options.ip ?? '127.0.0.1'}:${options.uiPort}`,
    process: child,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** Polls until the namespace is served (the dev server registers it a moment after its port opens). */
export async function waitForFrontend(address: string, namespace: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`Temporal at ${address} did not become ready: ${String(lastError)}`);
}
