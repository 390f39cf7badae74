import { defineConfig } from 'vitest/config';

/** Fault tests: the real process against the fake Slack; slower, so run apart (npm run test:faults). */
export default defineConfig({
  test: {
    include: ['test/**/faults/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
