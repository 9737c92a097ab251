import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The benchmarks run end to end at tiny sizes: every script starts what it needs, prints its figures and writes its
// JSON. No timing is asserted (the figures are the benchmarks' business, docs/performance.md). Needs PostgreSQL
// (DATABASE_URL, as CI sets it); the run makes and drops its own databases and starts its own Temporal dev server.
const enabled = Boolean(process.env.DATABASE_URL);
const run = promisify(execFile);

describe.skipIf(!enabled)('npm run bench at tiny sizes', () => {
  const results = mkdtempSync(join(tmpdir(), 'motcua-bench-results-'));
  afterAll(() => rmSync(results, { recursive: true, force: true }));

  it('runs every benchmark and saves its figures and targets', async () => {
    const tiny = ['--quick', '--lifecycles', '2', '--concurrency', '2', '--sequential', '3', '--concurrent', '4', '--lanes', '2'];
    tiny.push('--dossiers', '4', '--fanout', '2', '--rows', '3000', '--queries', '5');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...tiny], {
      env: { ...process.env, MOTCUA_BENCH_RESULTS: results },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toMatch(/== summary \(dev server, quick\)/);
    expect(readdirSync(results).sort()).toEqual(
      ['at-rest-dev-quick.json', 'latency-dev-quick.json', 'lifecycle-dev-quick.json', 'read-model-dev-quick.json'],
    );
    for (const file of readdirSync(results)) {
      const report = JSON.parse(readFileSync(join(results, file), 'utf8'));
      expect(report).toMatchObject({ server: 'dev', quick: true, machine: { cpus: expect.any(Number) } });
      expect(report.targets.length).toBeGreaterThan(0);
      for (const t of report.targets) expect(t).toEqual({ name: expect.any(String), value: expect.any(Number), limit: expect.any(Number), met: expect.any(Boolean) });
    }
    const lifecycle = JSON.parse(readFileSync(join(results, 'lifecycle-dev-quick.json'), 'utf8'));
    expect(lifecycle.arms.http).toMatchObject({ dossiers: 2, failures: 0 });
    expect(lifecycle.arms.bare).toMatchObject({ dossiers: 2, failures: 0 });
    const atRest = JSON.parse(readFileSync(join(results, 'at-rest-dev-quick.json'), 'utf8'));
    expect(atRest.dossier.running).toBe(4);
    expect(atRest.dossier.cappedCache.broadcast.failures).toBe(0);
  }, 900_000);
});
