import { defineConfig } from 'vitest/config';

// One project per top-level folder. Projects that touch Postgres share one embedded
// PostgreSQL started by the global setup; every test file clones its own database from a
// migrated template (see test/support/postgres.ts).
const withPostgres = { globalSetup: ['test/support/global-setup.ts'] };

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'workflows', include: ['workflows/**/*.test.ts'] } },
      { test: { name: 'designer', include: ['designer/**/*.test.{ts,tsx}'] } },
      {
        test: {
          name: 'devserver',
          include: ['devserver/**/*.test.ts'],
          ...withPostgres,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'worker',
          include: ['worker/**/*.test.ts'],
          ...withPostgres,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['api/**/*.test.ts'],
          ...withPostgres,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'server',
          include: ['server/**/*.test.ts'],
          ...withPostgres,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'test',
          include: ['test/**/*.test.ts'],
          ...withPostgres,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
