import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Quiet by default (YIBAO_TEST_LOGS=1 shows yibao's JSON log lines): test/setup/quiet-logs.ts.
    setupFiles: ['test/setup/quiet-logs.ts'],
  },
});
