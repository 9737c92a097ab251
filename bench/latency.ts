// Decision latency: one officer decision over HTTP (POST /v1/dossiers/:id/fee: token check, body validation, the
// dossier's read-model row for the scope check, the Update, the view serialised) against the same Update sent by the
// Temporal client to the same workflow type. The decision is the fee assessment (assessFee): a real officer decision
// that may be repeated, so many samples need few dossiers; like every decision it runs the workflow's validator and
// projects its event into the read model before answering. HTTP and direct calls alternate, sequentially and then
// from a few concurrent lanes (each lane on its own dossiers: a dossier takes one decision at a time), so both see
// the same load. Target: HTTP p99 ≤ 1.15× direct p99.
// Run: npm run bench -- --only latency, or node --import tsx bench/latency.ts.

import { fileURLToPath } from 'node:url';
import * as m from '../workflows/dossier/messages';
import { decideDirect, decideHttp, OFFICER, submitDirect } from './support/dossiers';
import { distribution, fmt, load, machine, ms, pool, ratio, save, target, verdict, type Distribution, type Target } from './support/report';
import { intFlag, postgresVersion, standalone, type BenchEnv, type BenchOptions } from './support/system';

export async function latency(env: BenchEnv, options: BenchOptions) {
  const sequential = intFlag(options, 'sequential', 1_000, 40);
  const concurrent = intFlag(options, 'concurrent', 1_000, 60);
  const lanes = intFlag(options, 'lanes', 8, 4);
  const perLane = 3;
  const queue = `bench-${env.run}-latency`;
  console.log(`\n== decision latency (${env.shape} server): ${sequential} sequential and ${concurrent} concurrent (${lanes} lanes) per arm, load ${load()}`);
  const loadBefore = machine().loadAverage;
  await env.startDossierWorker(queue);
  const api = await env.startApi(queue);
  const token = await api.token(OFFICER);

  // Accepted dossiers, each lane owning `perLane` of them.
  const dossiers: string[] = [];
  await pool(lanes * perLane, lanes, async (i) => {
    const id = await submitDirect(env.temporal, queue, i);
    await decideDirect(env.temporal, id, m.acceptUpdate as never, {});
    dossiers.push(id);
  });

  let amount = 10_000;
  const decide = async (arm: 'http' | 'direct', id: string): Promise<number> => {
    const body = { amountVnd: (amount += 1000) };
    const start = performance.now();
    if (arm === 'http') await decideHttp(api, token, id, 'fee', body);
    else await decideDirect(env.temporal, id, m.assessFeeUpdate as never, body);
    return performance.now() - start;
  };
  const samples = { sequential: { http: [] as number[], direct: [] as number[] }, concurrent: { http: [] as number[], direct: [] as number[] } };

  // Warm-up (not counted).
  for (let i = 0; i < 20; i++) await decide(i % 2 ? 'http' : 'direct', dossiers[i % dossiers.length]!);

  for (let i = 0; i < 2 * sequential; i++) {
    // Alternate, and swap which goes first every other pair.
    const arm = (i + Math.floor(i / 2)) % 2 ? 'http' : 'direct';
    samples.sequential[arm].push(await decide(arm, dossiers[i % dossiers.length]!));
  }
  const iterations = Math.ceil((2 * concurrent) / lanes);
  await pool(lanes, lanes, async (lane) => {
    for (let i = 0; i < iterations; i++) {
      const arm = (lane + i) % 2 ? 'http' : 'direct';
      samples.concurrent[arm].push(await decide(arm, dossiers[lane * perLane + (i % perLane)]!));
    }
  });

  const results: Record<'sequential' | 'concurrent', Record<'http' | 'direct', Distribution>> = {
    sequential: { http: distribution(samples.sequential.http), direct: distribution(samples.sequential.direct) },
    concurrent: { http: distribution(samples.concurrent.http), direct: distribution(samples.concurrent.direct) },
  };
  const targets: Target[] = [];
  for (const mode of ['sequential', 'concurrent'] as const) {
    const { http, direct } = results[mode];
    console.log(`${mode}${mode === 'concurrent' ? ` (${lanes} in flight)` : ''}:`);
    for (const [name, d] of [['Temporal client, direct [baseline]', direct], ['HTTP API', http]] as const) {
      console.log(`  ${name.padEnd(36)} p50 ${ms(d.p50).padStart(9)}  p95 ${ms(d.p95).padStart(9)}  p99 ${ms(d.p99).padStart(9)}  max ${ms(d.max).padStart(9)}  (n=${d.n})`);
    }
    const t = target(`HTTP p99 ≤ 1.15× direct p99 (${mode})`, http.p99 / direct.p99, '<=', 1.15);
    targets.push(t);
    console.log(
      `  HTTP/direct: p50 ${ratio(http.p50 / direct.p50)}, p95 ${ratio(http.p95 / direct.p95)}, p99 ${ratio(http.p99 / direct.p99)}; ` +
        `HTTP adds ${fmt(http.p50 - direct.p50, 1)} ms at p50. target p99 ≤ 1.15× direct: ${verdict(t.met)}`,
    );
  }
  const report = {
    machine: { ...machine(await postgresVersion()), loadAverageBefore: loadBefore },
    settings: { decision: 'fee (assessFee Update)', sequentialPerArm: sequential, concurrentPerArm: concurrent, lanes, dossiers: dossiers.length },
    latencyMs: results,
    ratios: Object.fromEntries(
      (['sequential', 'concurrent'] as const).map((mode) => [
        mode,
        { p50: results[mode].http.p50 / results[mode].direct.p50, p95: results[mode].http.p95 / results[mode].direct.p95, p99: results[mode].http.p99 / results[mode].direct.p99 },
      ]),
    ),
    targets,
  };
  console.log(`saved ${save('latency', env.shape, options.quick, report)}`);
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await standalone(latency);
