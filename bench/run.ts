// `npm run bench`: every benchmark against one Temporal server, printing each one's figures and ratios, then a
// summary of the targets. Flags:
//   --server dev|production   the CLI's dev server in memory (default), or Temporal v1.29.1 on PostgreSQL
//   --quick                   small sizes (a couple of minutes on an idle two-core machine)
//   --only a,b                lifecycle, latency, at-rest, read-model
//   --lifecycles N --concurrency C --sequential N --concurrent N --lanes L --dossiers N --fanout C --cache N
//   --rows N --queries N      sizes (see each file)
// Needs DATABASE_URL naming a PostgreSQL server (any database on it): the run creates and drops its own databases.
// Results: bench/results/<benchmark>-<server>[-quick].json. Background: docs/performance.md.

import { atRest } from './at-rest';
import { latency } from './latency';
import { lifecycle } from './lifecycle';
import { readModel } from './read-model';
import { load, machine, type Target } from './support/report';
import { parseArgs, postgresVersion, withBenchEnv } from './support/system';

const BENCHMARKS = { lifecycle, latency, 'at-rest': atRest, 'read-model': readModel } as const;

const options = parseArgs(process.argv.slice(2));
for (const name of options.only ?? []) {
  if (!(name in BENCHMARKS)) throw new Error(`--only: unknown benchmark ${name} (${Object.keys(BENCHMARKS).join(', ')})`);
}
const m = machine(await postgresVersion());
console.log(
  `Motcua benchmarks${options.quick ? ' (quick)' : ''} against the ${options.server} server — ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ` +
    `node ${m.node}, ${m.postgres}; load average ${load()}`,
);
const started = performance.now();
const summary: { benchmark: string; targets: Target[]; minutes: number }[] = [];
await withBenchEnv(options.server, async (env) => {
  for (const [name, run] of Object.entries(BENCHMARKS)) {
    if (options.only && !options.only.has(name)) continue;
    const start = performance.now();
    const report = (await run(env, options)) as { targets: Target[] };
    summary.push({ benchmark: name, targets: report.targets, minutes: (performance.now() - start) / 60_000 });
  }
});
console.log(`\n== summary (${options.server} server${options.quick ? ', quick' : ''}): ${((performance.now() - started) / 60_000).toFixed(1)} min, load average now ${load()}`);
for (const { benchmark, targets, minutes } of summary) {
  for (const t of targets) console.log(`  ${benchmark.padEnd(11)} ${t.met ? 'met   ' : 'MISSED'} ${t.name}: ${t.value}`);
  console.log(`  ${benchmark.padEnd(11)} (${minutes.toFixed(1)} min)`);
}
process.exit(0);
