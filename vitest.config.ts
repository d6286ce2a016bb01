import { defineConfig } from 'vitest/config';

// SYNTHGEN_CANARY=1 runs only the always-failing canary (see .ci/run).
const canary = process.env.SYNTHGEN_CANARY === '1';

export default defineConfig({
  test: {
    include: canary ? ['test/canary/*.test.ts'] : ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: canary ? [] : ['test/canary/**', '**/node_modules/**'],
    pool: 'forks',
    // Both cores: many files wait on child processes (the binary, dbt, PostgreSQL), so two run side by side.
    maxWorkers: 2,
    globalSetup: ['test/setup/postgres.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
