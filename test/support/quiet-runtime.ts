import { DefaultLogger, Runtime } from '@temporalio/worker';

// Workers in tests log warnings and errors only; a test's own output stays readable.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process by an earlier test file.
}
