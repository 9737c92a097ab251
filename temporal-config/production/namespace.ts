import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { queryOverAllSearchAttributes, registerSearchAttributes } from '../search-attributes';

// What a fresh Temporal cluster lacks before Motcua can run on it: the server creates no namespace of its own (the
// dev server and the `auto-setup` image do), and knows none of the dossier search attributes.

/** Closed dossiers' histories are kept this long; every fact of a dossier also lives in Motcua's own events table. */
export const DEFAULT_RETENTION_DAYS = 30;

const GRPC_INVALID_ARGUMENT = 3;
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
  // A refused request (e.g. more attributes of a type than the visibility schema has columns for) is final; the
  // namespace not yet known to the frontend is not. The query then fails until every attribute is usable.
  const refused = (error: unknown) => (error as { code?: number }).code === GRPC_INVALID_ARGUMENT;
  await retryUntil(deadline, () => registerSearchAttributes(connection, namespace), refused);
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

/** Retries until the deadline, unless `final` says the error will not go away by waiting. */
async function retryUntil<T>(deadline: number, attempt: () => Promise<T>, final = (_: unknown) => false): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline || final(error)) throw error;
      await sleep(250);
    }
  }
}
