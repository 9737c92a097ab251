// Read model at scale: a province's dossiers (1,000,000 by default, `--rows`) seeded into PostgreSQL with one
// generate_series insert (bench/support/read-model-seed.ts), VACUUM ANALYZE, then many random worklists and filtered
// searches through the repository (db/repositories/dossier-search.ts), and worklists through HTTP
// (GET /v1/units/:unitCode/worklist, an officer's token of that unit): p50/p95/p99, target p99 < 50 ms.
// Every repository query runs twice, alternating which goes first: with the exact count (`countLimit: null`, how
// `total` was computed before) and with the count capped at 10,000 (the default now). The baseline: the same query
// by primary key — one dossier's row, what the database answers at the least — measured between them.
// Run: npm run bench -- --only read-model [--rows 1000000], or node --import tsx bench/read-model.ts.

import { sql } from 'drizzle-orm';
import { fileURLToPath } from 'node:url';
import { openDatabase, rowsOf, type DatabaseHandle } from '../db/client';
import { createDossierReadModel } from '../db/repositories/dossier-read-model';
import { createDossierSearch, type DossierFilters, type DossierPage, type SearchSort } from '../db/repositories/dossier-search';
import { BIG_UNITS, OPEN, PROCEDURES, procedureCode, seedDossiers, SMALL_UNITS, unitCode } from './support/read-model-seed';
import { distribution, fmt, load, machine, ms, random, save, target, timed, verdict, type Distribution, type Target } from './support/report';
import {
  createDatabase,
  databaseUrl,
  dropDatabase,
  intFlag,
  postgresVersion,
  standalone,
  type BenchEnv,
  type BenchOptions,
} from './support/system';

const STATUSES = [...OPEN, 'RESULT_RETURNED', 'RATED', 'REFUSED_AT_RECEPTION', 'REFUSED_TO_RESOLVE', 'WITHDRAWN'] as const;

/** Seeds `rows` dossiers: indexes dropped for the insert and built after it (as a bulk load would), then analysed. */
async function seed(database: DatabaseHandle, rows: number, log: (line: string) => void) {
  const defs = rowsOf<{ indexname: string; indexdef: string }>(
    await database.db.execute(sql`select indexname, indexdef from pg_indexes where tablename = 'dossiers' and indexname <> 'dossiers_pkey'`),
  );
  for (const d of defs) await database.db.execute(sql.raw(`drop index ${d.indexname}`));
  const [, insertMs] = await timed(() => database.db.execute(seedDossiers(rows)));
  const [, indexMs] = await timed(async () => {
    await database.db.execute(sql`set maintenance_work_mem = '256MB'`);
    for (const d of defs) await database.db.execute(sql.raw(d.indexdef));
  });
  const [, analyzeMs] = await timed(() => database.db.execute(sql`vacuum analyze dossiers`));
  const [size] = rowsOf<{ table: string; indexes: string }>(
    await database.db.execute(
      sql`select pg_size_pretty(pg_relation_size('dossiers')) as table, pg_size_pretty(pg_indexes_size('dossiers')) as indexes`,
    ),
  );
  const [open] = rowsOf<{ n: number }>(await database.db.execute(sql.raw(`select count(*)::int as n from dossiers where status in (${OPEN.map((s) => `'${s}'`).join(',')})`)));
  log(
    `  seeded ${fmt(rows, 0)} dossiers (${fmt(open!.n, 0)} open): insert ${fmt(insertMs / 1000, 1)} s, ${defs.length + 1} indexes ${fmt(indexMs / 1000, 1)} s, ` +
      `vacuum analyze ${fmt(analyzeMs / 1000, 1)} s; table ${size!.table}, indexes ${size!.indexes}`,
  );
  return { insertSeconds: insertMs / 1000, indexSeconds: indexMs / 1000, analyzeSeconds: analyzeMs / 1000, table: size!.table, indexes: size!.indexes, open: open!.n };
}

interface Query {
  kind: 'worklist, commune unit' | 'worklist, large unit' | 'worklist, next page' | 'search, one unit' | 'search, province-wide';
  describe: string;
  run(search: ReturnType<typeof createDossierSearch>): Promise<DossierPage>;
}

/** Random worklists and searches, drawn the same way every run. */
function queries(count: number, rows: number, draw: () => number): Query[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(draw() * xs.length)]!;
  const smallUnit = () => unitCode(BIG_UNITS + Math.floor(draw() * SMALL_UNITS));
  const bigUnit = () => unitCode(Math.floor(draw() * BIG_UNITS));
  const day = 86_400_000;
  const now = Date.now();
  const out: Query[] = [];
  for (let i = 0; i < count; i++) {
    const worklist = (kind: Query['kind'], unit: string): Query => ({ kind, describe: unit, run: (s) => s.worklist([unit], { limit: 20 }) });
    out.push(worklist('worklist, commune unit', smallUnit()));
    out.push(worklist('worklist, large unit', bigUnit()));
    const unit = draw() < 0.7 ? smallUnit() : bigUnit();
    out.push({
      kind: 'worklist, next page',
      describe: unit,
      run: async (s) => {
        const first = await s.worklist([unit], { limit: 20 });
        return first.nextCursor ? s.worklist([unit], { limit: 20, cursor: first.nextCursor }) : first;
      },
    });
    // A search: a unit (or the whole province, as an admin or the portal searches) and one to three more filters.
    const wide = draw() < 0.4;
    const filters: DossierFilters = wide ? {} : { unitCodes: [draw() < 0.7 ? smallUnit() : bigUnit()] };
    const extra = 1 + Math.floor(draw() * 3);
    const choices = ['status', 'procedure', 'channel', 'overdue', 'due', 'codePrefix', 'applicant'];
    for (let k = 0; k < extra; k++) {
      switch (pick(choices)) {
        case 'status': {
          const n = 1 + Math.floor(draw() * 3);
          filters.status = Array.from({ length: n }, () => pick(draw() < 0.7 ? OPEN : STATUSES)) as DossierFilters['status'];
          break;
        }
        case 'procedure':
          filters.procedureCode = procedureCode(Math.floor(draw() * PROCEDURES));
          break;
        case 'channel':
          filters.channel = pick(['online', 'counter', 'postal']);
          break;
        case 'overdue':
          filters.overdue = draw() < 0.7;
          break;
        case 'due': {
          const from = now + Math.floor((draw() * 60 - 30) * day);
          filters.dueAfter = new Date(from);
          filters.dueBefore = new Date(from + (1 + Math.floor(draw() * 30)) * day);
          break;
        }
        case 'codePrefix': {
          const unitOf = filters.unitCodes?.[0] ?? (draw() < 0.5 ? smallUnit() : bigUnit());
          const date = new Date(now - Math.floor(draw() * Math.min(rows * 94_000, 365 * day)) + 7 * 3_600_000);
          filters.dossierCodePrefix = `${unitOf}-${date.toISOString().slice(2, 10).replace(/-/g, '')}`;
          break;
        }
        case 'applicant':
          filters.applicantIdentifier = String(Math.floor(draw() * 400_000)).padStart(12, '0');
          break;
      }
    }
    const sort: SearchSort = draw() < 0.6 ? 'submittedAt' : 'dueAt';
    out.push({
      kind: wide ? 'search, province-wide' : 'search, one unit',
      describe: `${JSON.stringify(filters)} sort=${sort}`,
      run: (s) => s.search(filters, { limit: 20, sort }),
    });
  }
  return out;
}

export async function readModel(env: BenchEnv, options: BenchOptions) {
  const rows = intFlag(options, 'rows', 1_000_000, 100_000);
  const rounds = intFlag(options, 'queries', 300, 100);
  const name = `bench_${env.run}_readmodel`;
  console.log(`\n== read model at scale (${env.shape} server, PostgreSQL): ${fmt(rows, 0)} dossiers, ${rounds} random queries of each kind, load ${load()}`);
  const loadBefore = machine().loadAverage;
  await createDatabase(name);
  try {
    const database = await openDatabase({ url: databaseUrl(name), maxConnections: 10 });
    try {
      await database.migrate();
      const seeded = await seed(database, rows, console.log);
      const exact = createDossierSearch(database.db, { countLimit: null });
      const capped = createDossierSearch(database.db);
      const byId = createDossierReadModel(database.db);
      const draw = random(0x5eed);
      const ids = Array.from({ length: 64 }, () => `dossier-${(1 + Math.floor(draw() * rows)).toString(16).padStart(32, '0')}`);

      const all = queries(rounds, rows, draw);
      for (const q of all.slice(0, 50)) await q.run(capped); // warm-up: plans, connections
      const samples = new Map<string, { exact: number[]; capped: number[]; baseline: number[]; slowest: { ms: number; describe: string; total: string }[] }>();
      let i = 0;
      for (const q of all) {
        const entry = samples.get(q.kind) ?? { exact: [], capped: [], baseline: [], slowest: [] };
        samples.set(q.kind, entry);
        const order = i++ % 2 ? (['exact', 'capped'] as const) : (['capped', 'exact'] as const);
        for (const variant of order) {
          const [page, elapsed] = await timed(() => q.run(variant === 'exact' ? exact : capped));
          entry[variant].push(elapsed);
          if (variant === 'capped') entry.slowest.push({ ms: Math.round(elapsed * 10) / 10, describe: q.describe, total: `${page.total}${page.totalIsExact ? '' : '+'}` });
        }
        const [, baseline] = await timed(() => byId.findById(ids[i % ids.length]!));
        entry.baseline.push(baseline);
      }

      // The broad filters an exact count is slow for: each page 15 times, exact and capped alternating.
      const broad: { name: string; run: (s: ReturnType<typeof createDossierSearch>) => Promise<DossierPage> }[] = [
        { name: 'every dossier (admin, no filter)', run: (s) => s.search({}, { limit: 20 }) },
        { name: 'status IN_HANDLING, province-wide', run: (s) => s.search({ status: ['IN_HANDLING'] }, { limit: 20 }) },
        { name: 'closed (RESULT_RETURNED), province-wide', run: (s) => s.search({ status: ['RESULT_RETURNED'] }, { limit: 20 }) },
        { name: 'one large unit, every status', run: (s) => s.search({ unitCodes: [unitCode(0)] }, { limit: 20 }) },
        { name: 'one procedure, every unit', run: (s) => s.search({ procedureCode: procedureCode(7) }, { limit: 20 }) },
        { name: "a large unit's worklist", run: (s) => s.worklist([unitCode(1)], { limit: 20 }) },
      ];
      const counts: { filter: string; exactMs: number; cappedMs: number; exactTotal: number; cappedTotal: string }[] = [];
      for (const b of broad) {
        const times = { exact: [] as number[], capped: [] as number[] };
        const totals = { exact: 0, capped: '' };
        for (let k = 0; k < 15; k++) {
          for (const variant of k % 2 ? (['exact', 'capped'] as const) : (['capped', 'exact'] as const)) {
            const [page, elapsed] = await timed(() => b.run(variant === 'exact' ? exact : capped));
            times[variant].push(elapsed);
            if (variant === 'exact') totals.exact = page.total;
            else totals.capped = `${page.total}${page.totalIsExact ? '' : '+'}`;
          }
        }
        const exactMs = distribution(times.exact).p50;
        const cappedMs = distribution(times.capped).p50;
        counts.push({ filter: b.name, exactMs, cappedMs, exactTotal: totals.exact, cappedTotal: totals.capped });
        console.log(`  broad filter ${b.name.padEnd(40)} exact count ${ms(exactMs).padStart(9)} (total ${fmt(totals.exact, 0)}), capped ${ms(cappedMs).padStart(9)} (total ${totals.capped}), p50 of 15`);
      }

      // Through HTTP: the worklist route with an officer's token of the unit (75% commune units, 25% large ones).
      const api = await env.startApi(`bench-${env.run}-read-model`, databaseUrl(name));
      const tokens = new Map<string, string>();
      const http: number[] = [];
      const httpUnits = Array.from({ length: rounds * 2 }, () => (draw() < 0.75 ? unitCode(BIG_UNITS + Math.floor(draw() * SMALL_UNITS)) : unitCode(Math.floor(draw() * BIG_UNITS))));
      const warmUp = Math.min(20, Math.floor(httpUnits.length / 4)); // the first requests warm the route up
      for (const [n, unit] of httpUnits.entries()) {
        let token = tokens.get(unit);
        if (!token) tokens.set(unit, (token = await api.token({ role: 'officer', sub: `officer-${unit}`, units: [unit] })));
        const [response, elapsed] = await timed(async () => {
          const r = await fetch(`${api.url}/v1/units/${unit}/worklist?limit=20`, { headers: { authorization: `Bearer ${token}` } });
          await r.arrayBuffer();
          return r;
        });
        if (response.status !== 200) throw new Error(`GET worklist → ${response.status}`);
        if (n >= warmUp) http.push(elapsed);
      }
      await api.close();

      const results: Record<string, { exactCount: Distribution; cappedCount: Distribution; primaryKey: Distribution; slowest: { ms: number; describe: string; total: string }[] }> = {};
      console.log(`  ${'query'.padEnd(24)} ${'exact count: p50'.padStart(17)} ${'p95'.padStart(9)} ${'p99'.padStart(9)}   ${'capped count: p50'.padStart(17)} ${'p95'.padStart(9)} ${'p99'.padStart(9)}   by id p50, p99`);
      const targets: Target[] = [];
      for (const [kind, s] of samples) {
        const e = distribution(s.exact);
        const c = distribution(s.capped);
        const b = distribution(s.baseline);
        results[kind] = { exactCount: e, cappedCount: c, primaryKey: b, slowest: s.slowest.sort((x, y) => y.ms - x.ms).slice(0, 5) };
        console.log(`  ${kind.padEnd(24)} ${ms(e.p50).padStart(17)} ${ms(e.p95).padStart(9)} ${ms(e.p99).padStart(9)}   ${ms(c.p50).padStart(17)} ${ms(c.p95).padStart(9)} ${ms(c.p99).padStart(9)}   ${ms(b.p50)}, ${ms(b.p99)}`);
        targets.push(target(`${kind} p99 < 50 ms (capped count)`, c.p99, '<', 50));
      }
      const h = distribution(http);
      console.log(`  ${'HTTP worklist'.padEnd(24)} ${''.padStart(17)} ${''.padStart(9)} ${''.padStart(9)}   ${ms(h.p50).padStart(17)} ${ms(h.p95).padStart(9)} ${ms(h.p99).padStart(9)}   (n=${h.n})`);
      targets.push(target('HTTP worklist p99 < 50 ms', h.p99, '<', 50));
      for (const [kind, r] of Object.entries(results)) {
        if (r.cappedCount.p99 >= 50) console.log(`  slowest ${kind}: ${r.slowest.slice(0, 3).map((q) => `${ms(q.ms)} ${q.describe} (total ${q.total})`).join('; ')}`);
      }
      const exactP99 = Math.max(...Object.values(results).map((r) => r.exactCount.p99));
      const cappedP99 = Math.max(...Object.values(results).map((r) => r.cappedCount.p99));
      console.log(
        `target p99 < 50 ms: ${targets.map((t) => `${t.name.replace(/ p99.*/, '')} ${verdict(t.met)} (${ms(t.value)})`).join('; ')}. ` +
          `Worst p99: exact count ${ms(exactP99)}, capped ${ms(cappedP99)}`,
      );
      const report = {
        machine: { ...machine(await postgresVersion()), loadAverageBefore: loadBefore },
        settings: { rows, queriesPerKind: rounds, pageSize: 20, countLimit: 10_000, httpWorklists: http.length },
        seeded,
        latencyMs: results,
        broadFilters: counts,
        httpWorklistMs: h,
        targets,
      };
      console.log(`saved ${save('read-model', env.shape, options.quick, report)}`);
      return report;
    } finally {
      await database.close();
    }
  } finally {
    await dropDatabase(name);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await standalone(readModel);
