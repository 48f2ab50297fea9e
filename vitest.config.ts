import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // A real PostgreSQL server for the store suites (TEST_DATABASE_URL, or one started for the run).
    globalSetup: ['./test/setup/postgres.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
