import { readdirSync, readFileSync } from 'node:fs';
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

const systemSettings = {
  setupFiles: ['test/support/quiet-runtime.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
};

// The suites on the time-skipping server find their dates from its clock (test/workflows/dates.ts). They run a second
// time with the server moved 400 days ahead (test/support/time-skipping.ts), so next year's calendar, official or
// drafted, is exercised before next year comes.
const DAY_OFFSET = '400';
const timeSkippingSuites = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => `test/${file}`)
  .filter((file) => /\b(startScenario|createTimeSkippingEnv)\(/.test(readFileSync(file, 'utf8')));

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
          ...systemSettings,
        },
      },
      {
        test: {
          name: `time-skipping, ${DAY_OFFSET} days ahead`,
          include: timeSkippingSuites,
          env: { MOTCUA_TEST_DAY_OFFSET: DAY_OFFSET },
          ...systemSettings,
        },
      },
    ],
  },
});
