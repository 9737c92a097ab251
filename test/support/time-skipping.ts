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

/**
 * A time-skipping Temporal server (Maven Central's io.temporal:temporal-test-server) for tests with long timers,
 * with Motcua's search attributes registered as on every other server.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await startWithRetries();
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
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
