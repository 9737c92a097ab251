import { execFileSync } from 'node:child_process';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { registerSearchAttributes } from '../../temporal-config/search-attributes';

const PROVISION_SCRIPT = new URL('../../temporal-config/provision.sh', import.meta.url).pathname;

/** The Java time-skipping test server's wrapper, from the runner's environment or the machine-wide cache. */
function testServerPath(): string {
  if (process.env.MOTCUA_TEST_SERVER_BIN) return process.env.MOTCUA_TEST_SERVER_BIN;
  const out = execFileSync('bash', [PROVISION_SCRIPT, 'test-server'], { encoding: 'utf8' });
  return out.split('\n').find((line) => line.startsWith('TEMPORAL_TEST_SERVER='))!.split('=')[1]!;
}

/** The environment variable that moves every time-skipping suite ahead of the machine's clock. */
export const DAY_OFFSET_VARIABLE = 'MOTCUA_TEST_DAY_OFFSET';

/**
 * `MOTCUA_TEST_DAY_OFFSET=N`: the days a time-skipping server skips before its suite starts (0 by default). The suites
 * find their dates from the server's clock on, so with N = 400 they meet next year's calendar before next year comes
 * (vitest.config.ts runs them a second time so).
 */
export function dayOffset(): number {
  const raw = process.env[DAY_OFFSET_VARIABLE] ?? '0';
  if (!/^\d{1,5}$/.test(raw)) throw new Error(`${DAY_OFFSET_VARIABLE} must be a whole number of days, not ${JSON.stringify(raw)}`);
  return Number(raw);
}

/**
 * A time-skipping Temporal server (Maven Central's io.temporal:temporal-test-server) for tests with long timers,
 * with Motcua's search attributes registered as on every other server, its clock moved ahead by `dayOffset()` days
 * (which costs nothing: no workflow is running yet).
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await startWithRetries();
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  if (dayOffset() > 0) await env.sleep(dayOffset() * 86_400_000);
  return env;
}

/**
 * The SDK gives the server 5 s to answer; a JVM starting while the other test files keep both cores busy can miss
 * that, so a start-up timeout is retried (any other error is not).
 */
async function startWithRetries(attempts = 3): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: testServerPath() } },
      });
    } catch (error) {
      if (attempt >= attempts || !/did not start within/.test(String(error))) throw error;
    }
  }
}
