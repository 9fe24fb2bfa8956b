import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files each create their own database, so they can run in parallel;
    // two cores on CI, so keep the pool small.
    maxWorkers: 2,
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
