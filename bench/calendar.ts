// Benchmark of the working-day calendar against date-fns addBusinessDays (weekends only) as the baseline.
// Run: npm run bench:calendar. Writes bench/results/calendar.json.

import { mkdirSync, writeFileSync } from 'node:fs';
import { addBusinessDays } from 'date-fns';
import { createWorkingCalendar, type Limit } from '../calendars/index';

const N = 2_000_000;
const ROUNDS = 5;
const FROM = Date.parse('2020-01-01T00:00:00+07:00');
const TO = Date.parse('2030-12-31T00:00:00+07:00');

// Deterministic random instants 2020–2030 (xorshift32), shared by every case.
let seed = 0x9e3779b9;
const random = () => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), (seed >>> 0) / 2 ** 32);
const instants = Array.from({ length: 4096 }, () => new Date(FROM + Math.floor(random() * (TO - FROM))));

const calendar = createWorkingCalendar();
const receipts = instants.map((d) => calendar.officialReceiptTime(d));
const fifteen: Limit = { unit: 'working_days', value: 15 };
let sink = 0;

const cases: Record<string, (i: number) => void> = {
  'dueAt: 15 working days': (i) => (sink += calendar.dueAt(receipts[i & 4095]!, fifteen).getTime()),
  'dueDate: 15 working days, with explanation': (i) => (sink += calendar.dueDate(receipts[i & 4095]!, fifteen).dueAt.length),
  'addWorkingMinutes: 8 working hours': (i) => (sink += calendar.addWorkingMinutes(instants[i & 4095]!, 480).getTime()),
  'officialReceiptTime': (i) => (sink += calendar.officialReceiptTime(instants[i & 4095]!).getTime()),
  'date-fns addBusinessDays(d, 15) [baseline]': (i) => (sink += addBusinessDays(instants[i & 4095]!, 15).getTime()),
};

function opsPerSecond(run: (i: number) => void, n: number): number {
  for (let i = 0; i < 50_000; i++) run(i); // warm-up
  let best = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) run(i);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, n / seconds);
  }
  return best;
}

const results: Record<string, number> = {};
for (const [name, run] of Object.entries(cases)) {
  results[name] = Math.round(opsPerSecond(run, name.startsWith('dueDate') ? N / 20 : N));
}
const baseline = results['date-fns addBusinessDays(d, 15) [baseline]']!;
const width = Math.max(...Object.keys(results).map((k) => k.length));
console.log(`Motcua calendar benchmark (node ${process.version}, best of ${ROUNDS} rounds, random instants 2020–2030)`);
for (const [name, ops] of Object.entries(results)) {
  console.log(`${name.padEnd(width)}  ${ops.toLocaleString('en-US').padStart(12)} ops/s  ${(ops / baseline).toFixed(2)}× baseline`);
}
const hours = results['addWorkingMinutes: 8 working hours']!;
const due = results['dueAt: 15 working days']!;
const targets = {
  workingHoursAtLeast1M: hours >= 1_000_000,
  dueDateAtLeastHalfOfAddBusinessDays: due >= baseline / 2,
};
console.log(`targets: working hours ≥ 1,000,000 ops/s: ${targets.workingHoursAtLeast1M ? 'met' : 'MISSED'}; due date ≥ 0.5× addBusinessDays: ${targets.dueDateAtLeastHalfOfAddBusinessDays ? 'met' : 'MISSED'} (${(due / baseline).toFixed(2)}×)`);
mkdirSync('bench/results', { recursive: true });
const report = { node: process.version, date: new Date().toISOString(), calendarVersion: calendar.version, opsPerSecond: results, ratioToBaseline: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Number((v / baseline).toFixed(3))])), targets, sink: sink % 1000 };
writeFileSync('bench/results/calendar.json', `${JSON.stringify(report, null, 2)}\n`);
