// Report figures over 1,000,000 dossiers (and their events) on PostgreSQL: the time of each report query, against a
// plain `count(*)` over the same rows as the baseline. Run: DATABASE_URL=postgres://… npm run bench:reports
// (a database is created for the run and dropped after; BENCH_KEEP=1 keeps it, BENCH_DB=<name> reuses a kept one
// without seeding again). Writes bench/results/reports.json.

import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { createDossierReports, type ReportQuery } from '../db/repositories/dossier-reports';
import { periodOf, sixMonthlyPeriod } from '../api/reports/periods';

const COUNT = Number(process.env.BENCH_DOSSIERS ?? 1_000_000);
const ROUNDS = 7;
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error('DATABASE_URL must point at a PostgreSQL server');

// Two years of dossiers at 50 units and 11 procedures; g decides everything. 4 events a dossier on average.
const SEED_DOSSIERS = `
  insert into dossiers (id, dossier_code, procedure_code, unit_code, status, channel, applicant, submitted_at,
    official_receipt_at, accepted_at, due_at, overdue, overdue_at_reception, timeliness, resolved_at, returned_at,
    return_channel, request_digest, last_sequence)
  select 'd' || g, case when g % 50 <> 7 then 'U' || g end, (array['1.001193','1.000894','2.000815','1.004222',
      '1.001612','1.001266','1.013225','2.000986','1.115620','2.001610','3.000333'])[1 + g % 11],
    '000.00.' || lpad((g % 50)::text, 2, '0') || '.H56',
    (case when g % 50 = 7 then 'REFUSED_AT_RECEPTION' when g % 100 = 13 then 'WITHDRAWN'
      when t > timestamptz '2026-11-01' then 'IN_HANDLING' else 'RESULT_RETURNED' end)::dossier_status,
    (array['online','online','online','counter','postal'])[1 + g % 5],
    jsonb_build_object('kind', 'citizen', 'fullName', 'A ' || g, 'identifier', lpad(g::text, 12, '0')),
    t, t, case when g % 50 <> 7 then t + interval '2 hours' end, t + interval '10 days',
    g % 12 = 0, g % 40 = 0,
    case when g % 50 <> 7 and g % 100 <> 13 and t <= timestamptz '2026-11-01'
      then (case when g % 12 = 0 then 'LATE' when g % 3 = 0 then 'ON_TIME' else 'EARLY' end) end,
    case when g % 50 = 7 then t + interval '4 hours' when g % 100 <> 13 and t <= timestamptz '2026-11-01'
      then t + (case when g % 12 = 0 then interval '12 days' else interval '6 days' end) end,
    case when g % 50 <> 7 and g % 100 <> 13 and t <= timestamptz '2026-11-01' then t + interval '13 days' end,
    case when g % 50 <> 7 and g % 100 <> 13 and t <= timestamptz '2026-11-01' then 'online' end,
    repeat('a', 64), 4
  from (select g, timestamptz '2025-01-01T00:00:00Z' + g * ${63_072_000 / COUNT} * interval '1 second' as t
        from generate_series(1, ${COUNT}) as g) s`;

const SEED_EVENTS = `
  insert into dossier_events (dossier_id, sequence, type, occurred_at, payload)
  select id, n, (case n when 1 then 'RECEIVED' when 2 then 'ACCEPTED' when 3 then
      (case when overdue then 'OVERDUE' else 'TRANSFERRED' end)
    else (case when status = 'WITHDRAWN' then 'WITHDRAWN' when substr(id, 2)::int % 36 = 0 then 'APOLOGISED'
      else 'STEP_STARTED' end) end),
    submitted_at + n * interval '1 day', '{}'::jsonb
  from dossiers, generate_series(1, 4) as n`;

async function timed(run: () => Promise<unknown>): Promise<{ p50: number; max: number }> {
  await run(); // warm
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { p50: round(times[Math.floor(times.length / 2)]!), max: round(times.at(-1)!) };
}

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const reused = process.env.BENCH_DB;
const name = reused ?? `motcua_bench_${randomBytes(4).toString('hex')}`;
if (!reused) await admin.unsafe(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const database = await openDatabase({ url: url.toString() });
try {
  if (!reused) {
    await database.migrate();
    const seedStart = performance.now();
    await database.db.execute(sql.raw(SEED_DOSSIERS));
    await database.db.execute(sql.raw(SEED_EVENTS));
    await database.db.execute(sql.raw('analyze'));
    console.log(`seeded ${COUNT} dossiers and ${COUNT * 4} events in ${Math.round(performance.now() - seedStart)} ms`);
  }

  const reports = createDossierReports(database.db);
  const half = sixMonthlyPeriod(2026, 1);
  const month = periodOf('2026-03-01', '2026-03-31');
  const year = periodOf('2025-12-15', '2026-12-14');
  const unit = ['000.00.03.H56'];
  const q = (p: { start: Date; end: Date }, extra: Partial<ReportQuery>): ReportQuery => ({ start: p.start, end: p.end, groupBy: [], ...extra });
  const cases: Record<string, () => Promise<unknown>> = {
    'baseline: count(*) over all dossiers': () => database.db.execute(sql`select count(*) from dossiers`),
    // The least any six-monthly report must do: find the same rows and count them per unit, nothing else.
    'baseline: six-monthly rows counted by unit': () => database.db.execute(sql`
      select unit_code, count(*) from dossiers
      where (accepted_at < ${half.end.toISOString()}::timestamptz
          and (resolved_at is null or resolved_at >= ${half.start.toISOString()}::timestamptz))
        or (resolved_at >= ${half.start.toISOString()}::timestamptz and resolved_at < ${half.end.toISOString()}::timestamptz)
        or (returned_at >= ${half.start.toISOString()}::timestamptz and returned_at < ${half.end.toISOString()}::timestamptz)
        or (status = 'WITHDRAWN' and submitted_at < ${half.end.toISOString()}::timestamptz)
      group by unit_code`),
    'six-monthly, all units, by unit': () => reports.figures(q(half, { groupBy: ['unit'] })),
    'six-monthly, all units, by procedure': () => reports.figures(q(half, { groupBy: ['procedure'] })),
    'six-monthly, all units, by unit and procedure': () => reports.figures(q(half, { groupBy: ['unit', 'procedure'] })),
    'one month, all units, by channel': () => reports.figures(q(month, { groupBy: ['channel'] })),
    'a year, all units, by unit': () => reports.figures(q(year, { groupBy: ['unit'] })),
    'six-monthly, one unit, by procedure': () => reports.figures(q(half, { groupBy: ['procedure'], unitCodes: unit })),
    'one month, one unit, by procedure': () => reports.figures(q(month, { groupBy: ['procedure'], unitCodes: unit })),
  };
  const results: Record<string, { p50: number; max: number }> = {};
  for (const [label, run] of Object.entries(cases)) {
    results[label] = await timed(run);
    console.log(`${label.padEnd(48)} p50 ${String(results[label]!.p50).padStart(8)} ms   max ${results[label]!.max} ms`);
  }
  const totals = (await reports.figures(q(half, {}))).totals;
  console.log('six-monthly totals:', JSON.stringify(totals));
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), loadAverage: loadavg() };
  mkdirSync(new URL('./results', import.meta.url), { recursive: true });
  const out = { date: new Date().toISOString(), dossiers: COUNT, events: COUNT * 4, machine, rounds: ROUNDS, results, sixMonthlyTotals: totals };
  writeFileSync(new URL('./results/reports.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
} finally {
  await database.close();
  if (process.env.BENCH_KEEP || reused) console.log(`kept database ${name}`);
  else await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
