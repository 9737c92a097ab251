import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { pino } from 'pino';
import { buildApp, type App } from '../../api/app';
import { createTokenVerifier, issueToken } from '../../api/auth/tokens';
import type { Role } from '../../api/auth/principal';
import { loggerOptions } from '../../api/observability';
import { openDatabase, type DatabaseHandle } from '../../db/client';
import { defaultCalendarProvider } from '../../temporal-config/calendars';

// The processes a benchmark drives: worker processes of their own (so a worker's memory and CPU are its own) and the
// API in the benchmark's process, on a real port.

const ROOT = new URL('../../', import.meta.url).pathname;
const NAMESPACE = 'default';

export interface WorkerProcess {
  pid: number;
  taskQueue: string;
  /** Resident set of the process now and at its peak (VmHWM), in MiB, from /proc. */
  memory(): { rssMiB: number; peakMiB: number };
  stop(): Promise<void>;
}

export interface Caller {
  role: Role;
  sub: string;
  units?: string[];
}

export interface BenchApi {
  app: App;
  url: string;
  /** A bearer token signed by the key the API verifies with (api/auth/tokens.ts issueToken). */
  token(caller: Caller): Promise<string>;
  close(): Promise<void>;
}

/** `node --import tsx <entry>`, resolved once it prints that it polls its task queue. */
export async function startWorkerProcess(entry: string, taskQueue: string, env: NodeJS.ProcessEnv): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start polling within 180 s:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (/polling/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      // The worker's own warnings are worth seeing; its output is otherwise quiet at LOG_LEVEL=warn.
      process.stderr.write(`[${entry} ${child.pid}] ${chunk}`);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code ?? signal}) before polling:\n${output}`));
    });
  });
  await ready;
  const pid = child.pid!;
  let stopped: Promise<void> | undefined;
  return {
    pid,
    taskQueue,
    memory() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
      return { rssMiB: Math.round(kib('VmRSS') / 102.4) / 10, peakMiB: Math.round(kib('VmHWM') / 102.4) / 10 };
    },
    stop() {
      return (stopped ??= (async () => {
        process.removeListener('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      })());
    },
  };
}

/**
 * The API as production builds it (buildApp, request logging at info as `npm run api` does, to /dev/null here), on
 * a real port, verifying EdDSA tokens signed by a key generated for the run.
 */
export async function startApi(address: string, motcuaUrl: string, taskQueue: string): Promise<BenchApi> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const issuer = { issuer: 'motcua-bench', audience: 'motcua' };
  const connection = await Connection.connect({ address });
  const database: DatabaseHandle = await openDatabase({ url: motcuaUrl });
  const logging = loggerOptions('info');
  const app = await buildApp(
    {
      temporal: new Client({ connection, namespace: NAMESPACE }),
      database,
      calendars: defaultCalendarProvider(),
      taskQueue,
      decisionTimeoutMs: 10_000,
      auth: { verifyToken: await createTokenVerifier({ ...issuer, publicKeyPem: publicKey }), publicRateLimitPerMinute: 1_000_000 },
    },
    { ...logging, logger: undefined, loggerInstance: pino(logging.logger as object, pino.destination('/dev/null')) } as never,
  );
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  let closed: Promise<void> | undefined;
  return {
    app,
    url,
    token: (caller) => issueToken(privateKey, { sub: caller.sub, role: caller.role, units: caller.units ?? [] }, { ...issuer, ttlSeconds: 6 * 3600 }),
    close: () =>
      (closed ??= (async () => {
        await app.close();
        await database.close();
        await connection.close();
      })()),
  };
}

