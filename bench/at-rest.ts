// Open dossiers at rest: N dossiers accepted and waiting on their timers (the handling deadline is 7 working days
// away, the reminder a working day before it), held by the production worker process (`npm run worker`): its
// resident memory (target < 500 MB), then the time for all of them to react to a broadcast — the recomputeDeadline
// Update an administrator sends after a calendar notice, fanned out by the client with bounded concurrency
// (Temporal's batch operations carry Signals, not Updates, and the recompute is an Update: it answers with the new
// due date).
//
// Two workers hold the same dossiers in turn: first one with the SDK's defaults (a workflow cache sized from the heap,
// ~2,300), which starts them and takes the first broadcast; then a bounded one (WORKER_MAX_CACHED_WORKFLOWS, 50 here,
// `--cache`; a V8 heap of 256 MiB, `--heap`), which takes a second broadcast with nothing cached, so every dossier is
// replayed from its history. Baseline in the same run: N bare workflows (bench/bare-workflow.ts) at rest on a timer of their own, their
// worker's memory and the same fan-out of an Update that does nothing.
// `--bounded-only` skips the default-cache worker: the bounded one starts the dossiers and its memory at rest is measured
// (for 10,000 dossiers, where the default cache would hold ~2,300 of them in ~4 GB).
// Run: npm run bench -- --only at-rest [--dossiers 10000 --bounded-only], or node --import tsx bench/at-rest.ts.

import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import * as m from '../workflows/dossier/messages';
import { decideBare, decideDirect, submitBare, submitDirect } from './support/dossiers';
import { cpuMeter, fmt, load, machine, pool, ratio, save, target, timed, verdict, type Target } from './support/report';
import { intFlag, postgresVersion, standalone, type BenchEnv, type BenchOptions, type WorkerProcess } from './support/system';

const ADMIN = { id: 'admin-bench', role: 'admin' as const };
const MB = (mib: number) => (mib * 2 ** 20) / 1e6;

interface Broadcast {
  seconds: number;
  failures: number;
  firstFailure: string | null;
  rssAfterMiB: number;
  peakMiB: number;
  cpuSeconds: Record<string, number>;
}

export async function atRest(env: BenchEnv, options: BenchOptions) {
  const count = intFlag(options, 'dossiers', 1_000, 60);
  const concurrency = intFlag(options, 'fanout', 32, 16);
  const cache = intFlag(options, 'cache', 50, 50);
  // The V8 heap limit of the bounded worker (NODE_OPTIONS=--max-old-space-size), so garbage left by evicted
  // workflows is collected before the heap grows (default 256 MiB, `--heap`); 0 leaves V8's default (about 4 GiB here).
  const heap = options.flags.has('heap') ? Number(options.flags.get('heap')) : 256;
  const queue = `bench-${env.run}-rest`;
  const bareQueue = `${queue}-bare`;
  console.log(`\n== open dossiers at rest (${env.shape} server): ${fmt(count, 0)} dossiers, client fan-out ${concurrency} in flight, load ${load()}`);
  const loadBefore = machine().loadAverage;

  const idleMemory = async (worker: WorkerProcess) => {
    await sleep(2_000);
    return worker.memory().rssMiB;
  };
  /** Resident memory once nothing is in flight: the highest of a few readings after the worker settles. */
  const restingMemory = async (worker: WorkerProcess) => {
    await sleep(5_000);
    let rss = 0;
    for (let i = 0; i < 3; i++) {
      rss = Math.max(rss, worker.memory().rssMiB);
      await sleep(1_000);
    }
    return rss;
  };
  const meter = (worker: WorkerProcess) => cpuMeter({ server: env.serverPid, worker: worker.pid, bench: undefined });

  /** Starts and accepts each one as an officer would (the clock starts, the timers are set); RSS every tenth. */
  const create = async (worker: WorkerProcess, kind: 'dossier' | 'bare') => {
    const ids: string[] = [];
    const curve: { workflows: number; rssMiB: number }[] = [];
    let failures = 0;
    let firstFailure: string | null = null;
    let done = 0;
    const cpu = meter(worker);
    const [, ms] = await timed(() =>
      pool(count, concurrency, async (i) => {
        try {
          if (kind === 'dossier') {
            const id = await submitDirect(env.temporal, queue, i);
            await decideDirect(env.temporal, id, m.acceptUpdate as never, {});
            ids.push(id);
          } else {
            const id = await submitBare(env.temporal, bareQueue, `bare-${env.run}-rest-${i}`);
            await decideBare(env.temporal, id, 'accept', {});
            ids.push(id);
          }
        } catch (error) {
          failures++;
          firstFailure ??= String(error);
        }
        if (++done % Math.max(1, Math.floor(count / 10)) === 0) {
          const rssMiB = worker.memory().rssMiB;
          curve.push({ workflows: done, rssMiB });
          console.log(`  ${kind}s started and accepted: ${done}/${count}, worker RSS ${fmt(rssMiB, 0)} MiB (load ${load()})`);
        }
      }),
    );
    return { ids, seconds: ms / 1000, failures, firstFailure, curve, cpuSeconds: cpu() };
  };

  const broadcast = async (worker: WorkerProcess, ids: string[], kind: 'dossier' | 'bare'): Promise<Broadcast> => {
    let failures = 0;
    let firstFailure: string | null = null;
    const cpu = meter(worker);
    const [, ms] = await timed(() =>
      pool(ids.length, concurrency, async (i) => {
        try {
          if (kind === 'dossier') await decideDirect(env.temporal, ids[i]!, m.recomputeDeadlineUpdate as never, {}, ADMIN);
          else await decideBare(env.temporal, ids[i]!, 'recomputeDeadline', {}, ADMIN);
        } catch (error) {
          failures++;
          firstFailure ??= String(error);
        }
      }),
    );
    const cpuSeconds = cpu();
    const rssAfterMiB = await restingMemory(worker);
    return { seconds: ms / 1000, failures, firstFailure, rssAfterMiB, peakMiB: worker.memory().peakMiB, cpuSeconds };
  };

  const running = (taskQueue: string) =>
    env.temporal.workflow.count(`TaskQueue = '${taskQueue}' AND WorkflowType = 'dossierWorkflow' AND ExecutionStatus = 'Running'`).then((c) => c.count, () => null);

  // Dossiers, with the SDK's default cache: the worker as `npm run worker` runs it today (skipped with
  // `--bounded-only`: at 10,000 dossiers that worker grows to ~4 GB, and replaying the cache costs an hour here).
  const boundedOnly = options.flags.get('bounded-only') === 'true';
  let created: Awaited<ReturnType<typeof create>> | undefined;
  let defaultArm: { idleMiB: number; atRestMiB: number; broadcast: Broadcast } | null = null;
  let openCount: number | null = null;
  if (!boundedOnly) {
    const first = await env.startDossierWorker(queue);
    const idleMiB = await idleMemory(first);
    created = await create(first, 'dossier');
    const atRestMiB = await restingMemory(first);
    openCount = await running(queue);
    defaultArm = { idleMiB, atRestMiB, broadcast: await broadcast(first, created.ids, 'dossier') };
    await first.stop();
  }

  // The same dossiers, now held by a worker with a bounded cache: nothing cached, every dossier replayed. With
  // `--bounded-only` this worker also starts and accepts them, and its memory at rest is measured.
  const capped = await env.startDossierWorker(queue, {
    WORKER_MAX_CACHED_WORKFLOWS: String(cache),
    ...(heap > 0 ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${heap}`.trim() } : {}),
  });
  const cappedIdle = await idleMemory(capped);
  let cappedAtRest: number | null = null;
  if (!created) {
    created = await create(capped, 'dossier');
    cappedAtRest = await restingMemory(capped);
    openCount = await running(queue);
  }
  const cappedBroadcast = await broadcast(capped, created.ids, 'dossier');
  await capped.stop();

  // Baseline: bare workflows at rest, their own worker (SDK defaults).
  const bareWorker = await env.startBareWorker(bareQueue);
  const bareIdle = await idleMemory(bareWorker);
  const bareCreated = await create(bareWorker, 'bare');
  const bareAtRest = await restingMemory(bareWorker);
  const bareBroadcast = await broadcast(bareWorker, bareCreated.ids, 'bare');
  await bareWorker.stop();

  // The SDK's default workflow cache, as worker-options.js computes it from the V8 heap limit (same node, same machine).
  const heapMiB = getHeapStatistics().heap_size_limit / 2 ** 20;
  const defaultCache = Math.max(Math.floor((Math.max(heapMiB - 200, 0) * 600) / 1024), 10);
  const perWorkflowKiB = (curve: { workflows: number; rssMiB: number }[], idle: number) => {
    const last = curve.at(-1);
    return last ? Math.round(((last.rssMiB - idle) * 1024) / Math.min(last.workflows, defaultCache)) : Number.NaN;
  };
  const dossierKiB = defaultArm ? perWorkflowKiB(created.curve, defaultArm.idleMiB) : null;
  const bareKiB = perWorkflowKiB(bareCreated.curve, bareIdle);
  const per = (cpu: Record<string, number>, n: number) => Object.entries(cpu).map(([k, v]) => `${k} ${Math.round((v / n) * 1000)} ms`).join(', ');
  const rate = (n: number, s: number) => `${fmt(n / s, 1)}/s`;
  const failures = (...xs: { failures: number; firstFailure: string | null }[]) => {
    const n = xs.reduce((a, x) => a + x.failures, 0);
    return n ? `; ${n} failed: ${xs.find((x) => x.firstFailure)?.firstFailure}` : '';
  };
  const bounded = `WORKER_MAX_CACHED_WORKFLOWS=${cache}${heap ? ` and --max-old-space-size=${heap}` : ''}`;

  console.log(
    `dossiers: ${fmt(created.ids.length, 0)} started and accepted in ${fmt(created.seconds, 1)} s (${rate(created.ids.length, created.seconds)}) ` +
      `by the worker with ${defaultArm ? 'the SDK default cache' : bounded}; running ${openCount ?? '?'}${failures(created)}`,
  );
  if (defaultArm) {
    console.log(
      `  worker, SDK default cache (${defaultCache}): RSS idle ${fmt(defaultArm.idleMiB, 0)} MiB, at rest ${fmt(defaultArm.atRestMiB, 0)} MiB ` +
        `(~${dossierKiB} KiB per cached dossier); broadcast reached all in ${fmt(defaultArm.broadcast.seconds, 1)} s ` +
        `(${rate(created.ids.length, defaultArm.broadcast.seconds)}), RSS after ${fmt(defaultArm.broadcast.rssAfterMiB, 0)} MiB, ` +
        `peak ${fmt(defaultArm.broadcast.peakMiB, 0)} MiB${failures(defaultArm.broadcast)}`,
    );
  }
  console.log(
    `  worker, ${bounded}: RSS idle ${fmt(cappedIdle, 0)} MiB${cappedAtRest === null ? '' : `, at rest with all ${fmt(created.ids.length, 0)} open ${fmt(cappedAtRest, 0)} MiB`}; ` +
      `broadcast with every dossier replayed reached all in ${fmt(cappedBroadcast.seconds, 1)} s (${rate(created.ids.length, cappedBroadcast.seconds)}), ` +
      `RSS at rest after ${fmt(cappedBroadcast.rssAfterMiB, 0)} MiB, peak ${fmt(cappedBroadcast.peakMiB, 0)} MiB${failures(cappedBroadcast)}`,
  );
  console.log(
    `bare [baseline]: ${fmt(bareCreated.ids.length, 0)} started and accepted in ${fmt(bareCreated.seconds, 1)} s; RSS idle ${fmt(bareIdle, 0)} MiB, ` +
      `at rest ${fmt(bareAtRest, 0)} MiB (~${bareKiB} KiB per cached workflow); broadcast reached all in ${fmt(bareBroadcast.seconds, 1)} s ` +
      `(${rate(bareCreated.ids.length, bareBroadcast.seconds)})${failures(bareCreated, bareBroadcast)}`,
  );
  console.log(
    `  CPU per workflow, start+accept: dossier ${per(created.cpuSeconds, created.ids.length)}; bare ${per(bareCreated.cpuSeconds, bareCreated.ids.length)}`,
  );
  console.log(
    `  CPU per workflow, broadcast: ${defaultArm ? `dossier cached ${per(defaultArm.broadcast.cpuSeconds, created.ids.length)}; ` : ''}dossier replayed ` +
      `${per(cappedBroadcast.cpuSeconds, created.ids.length)}; bare ${per(bareBroadcast.cpuSeconds, bareCreated.ids.length)}`,
  );

  const worstCapped = Math.max(cappedBroadcast.rssAfterMiB, cappedBroadcast.peakMiB);
  const targets: Target[] = [
    ...(defaultArm ? [target(`worker RSS with ${count} at rest < 500 MB (SDK default cache)`, MB(defaultArm.atRestMiB), '<', 500)] : []),
    target(`worker RSS with ${count} open < 500 MB (WORKER_MAX_CACHED_WORKFLOWS=${cache}, peak)`, MB(worstCapped), '<', 500),
  ];
  const broadcastRatios = {
    cachedToBare: defaultArm ? defaultArm.broadcast.seconds / bareBroadcast.seconds : null,
    replayedToBare: cappedBroadcast.seconds / bareBroadcast.seconds,
  };
  console.log(
    `target: worker RSS < 500 MB: ${targets.map((t) => `${t.name.replace(/^worker RSS.*?\(/, '(')} ${verdict(t.met)} (${fmt(t.value, 0)} MB)`).join('; ')}. ` +
      `Broadcast time: ${broadcastRatios.cachedToBare === null ? '' : `${ratio(broadcastRatios.cachedToBare)} bare (cached), `}${ratio(broadcastRatios.replayedToBare)} bare (replayed)`,
  );
  const report = {
    machine: { ...machine(await postgresVersion()), loadAverageBefore: loadBefore },
    settings: {
      dossiers: count,
      fanOutConcurrency: concurrency,
      broadcast: 'recomputeDeadline Update to each dossier, client-side fan-out',
      sdkDefaultCache: defaultCache,
      cappedCache: cache,
      cappedHeapMiB: heap || null,
      boundedOnly,
    },
    dossier: {
      created: { ...created, ids: undefined },
      running: openCount,
      defaultCache: defaultArm && { ...defaultArm, perCachedDossierKiB: dossierKiB },
      cappedCache: { idleMiB: cappedIdle, atRestMiB: cappedAtRest, broadcast: cappedBroadcast },
    },
    bare: { created: { ...bareCreated, ids: undefined }, idleMiB: bareIdle, atRestMiB: bareAtRest, perCachedWorkflowKiB: bareKiB, broadcast: bareBroadcast },
    ratios: broadcastRatios,
    targets,
  };
  console.log(`saved ${save('at-rest', env.shape, options.quick, report)}`);
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await standalone(atRest);
