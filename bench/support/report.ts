import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

// Figures, ratios and the machine they were measured on: what every benchmark prints and saves.

/** bench/results/, or MOTCUA_BENCH_RESULTS (the smoke test writes elsewhere). */
export const RESULTS_DIR = process.env.MOTCUA_BENCH_RESULTS ? `${process.env.MOTCUA_BENCH_RESULTS.replace(/\/$/, '')}/` : new URL('../results/', import.meta.url).pathname;

/** Nearest-rank percentile of unsorted samples (milliseconds). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Distribution {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function distribution(samples: number[]): Distribution {
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n: samples.length,
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
    max: round(Math.max(...samples)),
    mean: round(samples.reduce((a, b) => a + b, 0) / samples.length),
  };
}

export const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
export const fmt = (x: number, digits = 1) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const ratio = (x: number) => `${x.toFixed(2)}×`;
export const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

/** A target and whether this run met it, as printed and saved. */
export interface Target {
  name: string;
  value: number;
  limit: number;
  met: boolean;
}

export function target(name: string, value: number, comparison: '>=' | '<=' | '<', limit: number): Target {
  const met = comparison === '>=' ? value >= limit : comparison === '<=' ? value <= limit : value < limit;
  return { name, value: Math.round(value * 1000) / 1000, limit, met };
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres?: string;
  loadAverage: number[];
}

export function machine(postgres?: string): Machine {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    ...(postgres ? { postgres } : {}),
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

export function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Writes `bench/results/<name>-<server>[-quick].json` and returns its path. */
export function save(name: string, server: string, quick: boolean, report: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = `${RESULTS_DIR}${name}-${server}${quick ? '-quick' : ''}.json`;
  writeFileSync(path, `${JSON.stringify({ benchmark: name, server, quick, date: new Date().toISOString(), commit: gitCommit(), ...report }, null, 2)}\n`);
  return path;
}

/** Runs `task` for each index with at most `concurrency` in flight. */
export async function pool(count: number, concurrency: number, task: (i: number, lane: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async (_, lane) => {
      while (next < count) await task(next++, lane);
    }),
  );
}

/** Wall time of `run` in milliseconds. */
export async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, performance.now() - start];
}

/** A deterministic pseudo-random generator (xorshift32), so runs draw the same filters and units. */
export function random(seed = 0x9e3779b9): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), (s >>> 0) / 2 ** 32);
}

/** CPU seconds (user + system) a process has used so far, from /proc; this process when `pid` is omitted. */
export function cpuSeconds(pid?: number): number {
  if (pid === undefined) {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

/** CPU used by each named process between `start()` and the returned function's call, in seconds. */
export function cpuMeter(processes: Record<string, number | undefined>): () => Record<string, number> {
  const before = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, cpuSeconds(pid)]));
  return () =>
    Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, Math.round((cpuSeconds(pid) - before[name]!) * 100) / 100]));
}
