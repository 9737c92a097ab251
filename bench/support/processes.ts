import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { issueToken } from '../../api/auth/tokens';
import type { Role } from '../../api/auth/principal';
import { freePort } from '../../temporal-config/free-port';

// The processes a benchmark drives, each Motcua's own entry point in a process of its own, as production runs them
// (so each one's memory and CPU are its own): workers, and the API on a real port.

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
  /** The API's process (its CPU is measured apart from the benchmark's). */
  pid: number;
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
      return (stopped ??= stopChild(child, killOnExit));
    },
  };
}

/**
 * The API as production runs it (`npm run api`: api/server.ts, request logging at info, to /dev/null here), a process
 * of its own on a real port, verifying EdDSA tokens signed by a key generated for the run.
 */
export async function startApi(env: NodeJS.ProcessEnv): Promise<BenchApi> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const issuer = { issuer: 'motcua-bench', audience: 'motcua' };
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: ROOT,
    env: {
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      AUTH_JWT_PUBLIC_KEY: publicKey,
      AUTH_JWT_ISSUER: issuer.issuer,
      AUTH_JWT_AUDIENCE: issuer.audience,
      RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
    },
    // Request log lines (JSON, as in production) go to /dev/null; errors are kept for the report.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`api/server.ts exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`api/server.ts not ready after 180 s:\n${output}`);
    }
    await sleep(200);
  }
  let closed: Promise<void> | undefined;
  return {
    pid: child.pid!,
    url,
    token: (caller) => issueToken(privateKey, { sub: caller.sub, role: caller.role, units: caller.units ?? [] }, { ...issuer, ttlSeconds: 6 * 3600 }),
    close: () => (closed ??= stopChild(child, killOnExit)),
  };
}

/** SIGTERM (the entry points shut down gracefully), SIGKILL after 30 s; once. */
async function stopChild(child: ChildProcess, killOnExit: () => void): Promise<void> {
  process.removeListener('exit', killOnExit);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
