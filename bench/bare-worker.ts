// The baseline's worker process: bench/bare-workflow.ts on its own task queue, no activities, the SDK's defaults.
// Started by bench/support/system.ts with TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, BARE_TASK_QUEUE and
// BARE_BUNDLE_PATH (a bundle built once by the parent).
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('WARN') });

const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
const worker = await Worker.create({
  connection,
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueue: process.env.BARE_TASK_QUEUE!,
  workflowBundle: { codePath: process.env.BARE_BUNDLE_PATH! },
});
const running = worker.run();
console.log(`bare worker polling ${process.env.BARE_TASK_QUEUE}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
await running;
await connection.close();
