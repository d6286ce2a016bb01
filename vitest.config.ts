import { defineConfig } from 'vitest/config';

// SYNTHGEN_CANARY=1 runs only the always-failing canary (see .ci/run).
const canary = process.env.SYNTHGEN_CANARY === '1';

export default defineConfig({
  test: {
    include: canary ? ['test/canary/*.test.ts'] : ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: canary ? [] : ['test/canary/**', '**/node_modules/**'],
    pool: 'forks',
    globalSetup: ['test/setup/postgres.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
