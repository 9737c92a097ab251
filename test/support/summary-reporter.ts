import type { Reporter, TestModule } from 'vitest/node';

/**
 * Adds one plain closing line, `vitest: N passed, N failed, N skipped`, that CI reads whatever the runner, and fails
 * the run when no test executed at all (a suite that silently ran nothing proves nothing).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    // A file whose setup failed (beforeAll, import) has its tests skipped: it counts as failed, by name.
    const brokenFiles = testModules.filter((module) => module.state() === 'failed' && [...module.children.allTests('failed')].length === 0);
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
    }
    const broken = brokenFiles.length > 0 ? `, ${brokenFiles.length} file(s) failed outside a test (${brokenFiles.map((m) => m.relativeModuleId).join(', ')})` : '';
    console.log(`\nvitest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${broken}`);
    if (counts.passed + counts.failed === 0) {
      console.error('vitest: no test executed');
      process.exitCode = 1;
    }
  }
}
