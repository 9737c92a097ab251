import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { queryOverAllSearchAttributes, registerSearchAttributes } from '../search-attributes';

// What a fresh Temporal cluster lacks before Motcua can run on it: the server creates no namespace of its own (the
// dev server and the `auto-setup` image do), and knows none of the dossier search attributes.

/** Closed dossiers' histories are kept this long; every fact of a dossier also lives in Motcua's own events table. */
export const DEFAULT_RETENTION_DAYS = 30;

const GRPC_ALREADY_EXISTS = 6;

/**
 * Creates `namespace` unless it exists, registers the dossier search attributes in it, and resolves once the
 * frontend answers a visibility query over all of them (the namespace cache refreshes every 2 s). Idempotent.
 */
export async function setUpNamespace(
  connection: Connection,
  namespace: string,
  options: { retentionDays?: number; timeoutMs?: number } = {},
): Promise<void> {
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      description: 'Motcua: dossiers of administrative procedures',
      workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
    });
  } catch (error) {
    if ((error as { code?: number }).code !== GRPC_ALREADY_EXISTS) throw error;
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  await retryUntil(deadline, () => registerSearchAttributes(connection, namespace));
  await retryUntil(deadline, () =>
    connection.workflowService.countWorkflowExecutions({ namespace, query: queryOverAllSearchAttributes() }),
  );
}

/** Connects to `address`, waiting for the frontend to answer (a server starting, a pod not yet ready). */
export async function connectWhenReady(address: string, timeoutMs = 60_000): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  return retryUntil(deadline, async () => {
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await connection.workflowService.getSystemInfo({});
      return connection;
    } catch (error) {
      await connection.close();
      throw error;
    }
  });
}

async function retryUntil<T>(deadline: number, attempt: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}
