import type { TestProject } from 'vitest/node';
import { DevServerExited, startDevServer, type DevServer } from '../../temporal-config/dev-server';
import { freePort } from '../../temporal-config/free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
  }
}

export const TEST_NAMESPACE = 'default';

/**
 * A headless in-memory dev server on a free port. A port found free can be taken before the server binds it (tests
 * start servers in parallel), so an early exit is retried on another port.
 */
export async function startTestDevServer(attempts = 3): Promise<DevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServer({ port: await freePort(), uiPort: null, namespace: TEST_NAMESPACE });
    } catch (error) {
      if (attempt >= attempts || !(error instanceof DevServerExited)) throw error;
    }
  }
}

let server: DevServer | undefined;

/** One real Temporal dev server (in memory, headless) for the whole run. */
export async function setup(project: TestProject) {
  server = await startTestDevServer();
  project.provide('temporalAddress', server.address);
}

export async function teardown() {
  await server?.stop();
}
