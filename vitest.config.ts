import { defineConfig } from 'vitest/config';

// The calendar core must not depend on the process time zone: its suite runs twice,
// once under UTC and once under a zone with daylight saving, and must agree.
const calendarProject = (tz: string) => ({
  test: {
    name: `calendar (TZ=${tz})`,
    include: ['test/calendars/**/*.test.ts'],
    env: { TZ: tz },
  },
});

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      calendarProject('UTC'),
      calendarProject('America/Los_Angeles'),
      {
        test: {
          name: 'system',
          include: ['test/**/*.test.ts'],
          exclude: ['test/calendars/**'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/quiet-runtime.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
