import { defineConfig } from 'vitest/config';
import { more, quick } from './vitest.config.js';
import faults from './vitest.faults.config.js';

/**
 * `npm run test:all`: the whole suite (what `npm test` runs and the files it leaves out, see
 * vitest.config.ts), then the fault tests, in one run and one report.
 */
export default defineConfig({
  test: {
    projects: [
      ...quick,
      more,
      { test: { ...faults.test, name: 'faults', sequence: { groupOrder: 1 } } },
    ],
  },
});
