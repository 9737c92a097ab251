// Lifecycle throughput: dossiers per second through submit → accept → transfer → hand-over → approve → return-result
// over the HTTP API (Fastify on a port, the production worker process, EdDSA bearer tokens), at a fixed concurrency,
// against the baseline: the bare workflow (bench/bare-workflow.ts) receiving the same six Updates from the Temporal
// client, no activities. In between, for the reader: the same six Updates sent by the client to the dossier workflow
// (what the API does underneath), which splits the gap into "HTTP layer" and "the dossier's own work".
// Target: HTTP ≥ 0.8× bare. Run: npm run bench -- --only lifecycle, or node --import tsx bench/lifecycle.ts.

import { fileURLToPath } from 'node:url';
import {
  decideBare,
  decideDirect,
  decideHttp,
  LIFECYCLE,
  OFFICER,
  submitBare,
  submitDirect,
  submitHttp,
  UPDATES_PER_LIFECYCLE,
} from './support/dossiers';
import { cpuMeter, fmt, load, machine, pool, ratio, save, target, timed, verdict, type Target } from './support/report';
import { intFlag, postgresVersion, standalone, type BenchEnv, type BenchOptions } from './support/system';

type Arm = 'bare' | 'direct' | 'http';
const LABEL: Record<Arm, string> = {
  bare: 'bare workflow, Temporal client [baseline]',
  direct: 'dossier workflow, Temporal client',
  http: 'dossier workflow, HTTP API',
};

export async function lifecycle(env: BenchEnv, options: BenchOptions) {
  const perArm = intFlag(options, 'lifecycles', 150, 24);
  const concurrency = intFlag(options, 'concurrency', 16, 8);
  const rounds = options.quick ? 1 : 3;
  const queue = `bench-${env.run}-lifecycle`;
  const bareQueue = `${queue}-bare`;
  console.log(`\n== lifecycle throughput (${env.shape} server): ${perArm} dossiers per arm, concurrency ${concurrency}, ${rounds} round(s), load ${load()}`);
  const loadBefore = machine().loadAverage;
  const dossierWorker = await env.startDossierWorker(queue);
  const bareWorker = await env.startBareWorker(bareQueue);
  const api = await env.startApi(queue);
  const token = await api.token(OFFICER);

  let n = 0;
  const one: Record<Arm, () => Promise<void>> = {
    http: async () => {
      const id = await submitHttp(api, token, n++);
      for (const step of LIFECYCLE) await decideHttp(api, token, id, step.path, step.body);
    },
    direct: async () => {
      const id = await submitDirect(env.temporal, queue, n++);
      for (const step of LIFECYCLE) await decideDirect(env.temporal, id, step.update, step.body);
    },
    bare: async () => {
      const id = await submitBare(env.temporal, bareQueue, `bare-${env.run}-lifecycle-${n++}`);
      for (const step of LIFECYCLE) await decideBare(env.temporal, id, step.bare, step.body);
    },
  };

  const empty = () => ({ dossiers: 0, seconds: 0, failures: 0, firstFailure: null as string | null, cpuSeconds: { server: 0, worker: 0, api: 0, bench: 0 } });
  const totals: Record<Arm, ReturnType<typeof empty>> = { bare: empty(), direct: empty(), http: empty() };
  const runArm = async (arm: Arm, count: number, record: boolean) => {
    const worker = arm === 'bare' ? bareWorker.pid : dossierWorker.pid;
    const cpu = cpuMeter({ server: env.serverPid, worker, api: api.pid, bench: undefined });
    const [, elapsed] = await timed(() =>
      pool(count, concurrency, async () => {
        try {
          await one[arm]();
          if (record) totals[arm].dossiers++;
        } catch (error) {
          if (!record) throw error;
          totals[arm].failures++;
          totals[arm].firstFailure ??= String(error);
        }
      }),
    );
    if (!record) return;
    totals[arm].seconds += elapsed / 1000;
    for (const [name, seconds] of Object.entries(cpu())) totals[arm].cpuSeconds[name as 'server'] += seconds;
  };

  // Warm-up (not counted): the worker's caches, the API's routes, connection pools, the server's task queues.
  for (const arm of ['bare', 'direct', 'http'] as const) await runArm(arm, concurrency, false);
  // Rounds rotate the order, so load that comes and goes on a shared machine falls on every arm alike.
  const orders: Arm[][] = [['bare', 'direct', 'http'], ['http', 'bare', 'direct'], ['direct', 'http', 'bare']];
  for (let round = 0; round < rounds; round++) {
    const share = Math.floor(perArm / rounds) + (round < perArm % rounds ? 1 : 0);
    for (const arm of orders[round % orders.length]!) await runArm(arm, share, true);
  }

  const rate = (arm: Arm) => totals[arm].dossiers / totals[arm].seconds;
  const bare = rate('bare');
  for (const arm of ['bare', 'direct', 'http'] as const) {
    const t = totals[arm];
    console.log(
      `${LABEL[arm].padEnd(42)} ${fmt(rate(arm), 2).padStart(7)} dossiers/s  ${fmt(rate(arm) * UPDATES_PER_LIFECYCLE, 1).padStart(6)} Updates/s  ` +
        `${ratio(rate(arm) / bare)} bare  (${t.dossiers} in ${fmt(t.seconds, 1)} s${t.failures ? `, ${t.failures} failed: ${t.firstFailure}` : ''})`,
    );
  }
  // CPU per dossier is steadier than wall time on a shared machine: it says where the work goes.
  const cpuPerDossier = (arm: Arm) =>
    Object.fromEntries(Object.entries(totals[arm].cpuSeconds).map(([name, s]) => [name, Math.round((s / totals[arm].dossiers) * 1000)]));
  for (const arm of ['bare', 'direct', 'http'] as const) {
    const c = cpuPerDossier(arm);
    console.log(`  CPU per dossier, ${arm.padEnd(6)}: Temporal server ${c.server} ms, worker ${c.worker} ms, API ${c.api} ms, bench process (client) ${c.bench} ms`);
  }
  const targets: Target[] = [target('HTTP lifecycle throughput ≥ 0.8× bare', rate('http') / bare, '>=', 0.8)];
  console.log(
    `target: HTTP ≥ 0.8× bare: ${verdict(targets[0]!.met)} (${ratio(rate('http') / bare)}); ` +
      `HTTP layer alone: HTTP/direct ${ratio(rate('http') / rate('direct'))}; dossier work alone: direct/bare ${ratio(rate('direct') / bare)}`,
  );
  const report = {
    machine: { ...machine(await postgresVersion()), loadAverageBefore: loadBefore },
    settings: { dossiersPerArm: perArm, concurrency, rounds, updatesPerLifecycle: UPDATES_PER_LIFECYCLE, decisions: LIFECYCLE.map((s) => s.path) },
    dossiersPerSecond: { bare, direct: rate('direct'), http: rate('http') },
    ratios: { httpToBare: rate('http') / bare, directToBare: rate('direct') / bare, httpToDirect: rate('http') / rate('direct') },
    arms: totals,
    cpuMsPerDossier: { bare: cpuPerDossier('bare'), direct: cpuPerDossier('direct'), http: cpuPerDossier('http') },
    targets,
  };
  console.log(`saved ${save('lifecycle', env.shape, options.quick, report)}`);
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await standalone(lifecycle);
