import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundle, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';

export const WORKFLOWS_PATH = new URL('../workflows/index.ts', import.meta.url).pathname;

export interface WorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** A bundle built once (tests share one per file, production passes a prebuilt file); built from source when omitted. */
  workflowBundle?: WorkflowBundleOption;
  /** Workflows kept in memory between their events; the SDK's default (from the heap limit) when omitted. */
  maxCachedWorkflows?: number;
}

/** Bundles the workflow code; the bundle is deterministic sandbox code, checked by the SDK's bundler. */
export function bundleWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
}

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows()),
    activities: createActivities({ db: options.db, calendars: options.calendars, deadlines: options.deadlines, outbox: options.outbox }),
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
  });
}

const ignore = () => {};
const quietBundlerLogger = {
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
  log: ignore,
};
