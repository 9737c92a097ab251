import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startDevServer, type DevServer } from '../../temporal-config/dev-server';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
  }
}

export const TEST_NAMESPACE = 'default';

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let server: DevServer | undefined;

/** One real Temporal dev server (in memory, headless) for the whole run. */
export async function setup(project: TestProject) {
  server = await startDevServer({ port: await freePort(), uiPort: null, namespace: TEST_NAMESPACE });
  project.provide('temporalAddress', server.address);
}

export async function teardown() {
  await server?.stop();
}
