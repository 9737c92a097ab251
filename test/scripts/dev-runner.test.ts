import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../../scripts/cli/main';
import { freePort } from '../../temporal-config/free-port';

// What `npm start` runs once its dependencies are installed: dev server, migrations, worker and API in one go.
const dataDir = mkdtempSync(join(tmpdir(), 'motcua-dev-'));
const children: ChildProcess[] = [];

function startRunner(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not running after 90 s:\n${output}`)), 90_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('the dev runner (npm start)', () => {
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the API, stops everything on Ctrl-C, and keeps dossiers across a restart', async () => {
    const [temporalPort, uiPort, apiPort, metricsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const env = {
      TEMPORAL_DEV_SERVER: 'on',
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      TEMPORAL_UI_PORT: String(uiPort),
      PORT: String(apiPort),
      MOTCUA_DATA_DIR: dataDir,
      WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
    };
    const api = `http://127.0.0.1:${apiPort}`;
    const first = await startRunner(env);
    expect((await fetch(`${api}/readyz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);
    // The README's way to a token: `motcua auth token`, signed with the local key the running API verifies with.
    const issued = await runCliAsync(['auth', 'token', '--role', 'applicant', '--sub', '001199000321'], { ...process.env, ...env });
    expect(issued.exitCode).toBe(0);
    const authorization = `Bearer ${issued.stdout.trim()}`;
    const submitted = await fetch(`${api}/v1/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'dev-runner-0001', authorization },
      body: JSON.stringify({
        procedureCode: '1.004222',
        unitCode: '000.00.01.H56',
        applicant: { kind: 'citizen', fullName: 'Võ Thị Em', identifier: '001199000321' },
      }),
    });
    const { id } = (await submitted.json()) as { id: string };
    // Prometheus: the API's request metrics, and the worker's Temporal SDK metrics on their own port.
    expect(await (await fetch(`${api}/metrics`)).text()).toMatch(/motcua_http_request_duration_seconds_count\{method="POST",route="\/v1\/dossiers",status="201"\} 1/);
    expect(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()).toContain('temporal_workflow_task');

    first.kill('SIGINT');
    expect(await exited(first)).toBe(0);
    expect(await portOpen(temporalPort)).toBe(false);
    expect(await portOpen(apiPort)).toBe(false);

    const second = await startRunner(env);
    expect((await fetch(`${api}/v1/dossiers/${id}`)).status).toBe(401);
    const read = await fetch(`${api}/v1/dossiers/${id}`, { headers: { authorization } });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id, status: 'AWAITING_RECEPTION_CHECK' });
    const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
    const description = await new Client({ connection }).workflow.getHandle(id).describe();
    await connection.close();
    expect(description.status.name).toBe('RUNNING');
    second.kill('SIGINT');
    expect(await exited(second)).toBe(0);
  }, 240_000);
});
