import { defineConfig } from 'vitest/config';

/**
 * The suite, in two runs.
 *
 * `npm test` (this file): every unit and integration test, and the end-to-end tests that reach
 * Mailroom as Slack does at least once for each slash command (/ask, /decision, /standup, /meet,
 * /mailroom), each shortcut (save_to_mailroom, write_doc, log_decision, ask_mailroom) and each
 * scheduled flow (standup prompts, question reminders and escalation, decision revisits, the
 * close of a meeting vote), and the whole authorization matrix.
 *
 * `npm run test:all` (vitest.all.config.ts; what CI runs): all of that, the files listed in
 * MORE_TESTS below, and the fault tests (vitest.faults.config.ts).
 *
 * A slow file goes in MORE_TESTS only while what it reaches is still reached by a file that
 * stays; a new test file runs in `npm test` unless it is listed here.
 */
export const MORE_TESTS = [
  // Real processes: the entry point, a restart mid-standup, secrets in a process's logs.
  'test/core/e2e/process.test.ts',
  'test/features/standups/e2e/standup-restart.test.ts',
  'test/core/e2e/secrets-in-logs.test.ts',
  'test/core/e2e/socket-mode.test.ts',
  // The production install, as the image runs it: a fresh npm ci, the build, the compiled app.
  'test/core/e2e/production-install.test.ts',
  // The member export and forget tools, each run as a process on a database Mailroom wrote.
  'test/core/e2e/member-data-cli.test.ts',
  // The plans' export tool, run as a process on a database Mailroom wrote.
  'test/features/plans/e2e/export-plans-cli.test.ts',
  // npm start building dist/ when it is missing or stale (each case compiles the sources).
  'test/core/e2e/start-script.test.ts',
  // The sizing bench at a tiny size: a year of data, then the real process ticking and delivering.
  'test/bench/sizing-run.test.ts',
  // The plan benchmark at a tiny size: the real app taking a plan through every stage change.
  'test/bench/plan-stages.test.ts',
  // Generated requests and memberships (fast-check), and generated working hours.
  'test/core/e2e/request-properties.test.ts',
  'test/core/e2e/membership-properties.test.ts',
  'test/core/unit/working-hours.property.test.ts',
  // The sandbox against the real app: the whole tour, and its own ways.
  'test/sandbox/sandbox-tour.test.ts',
  'test/sandbox/sandbox.test.ts',
  'test/sandbox/sandbox-list.test.ts',
  // Further end-to-end tests of what the files that stay also reach.
  'test/core/e2e/requests.test.ts',
  'test/core/e2e/posts-once.test.ts',
  'test/core/e2e/search-off-thread.test.ts',
  'test/core/e2e/foundation.test.ts',
  'test/core/e2e/membership-claims.test.ts',
  'test/core/e2e/hostile-payloads.test.ts',
  'test/core/e2e/text-from-slack.test.ts',
  'test/core/e2e/readiness.test.ts',
  'test/features/ask/e2e/ask-hold.test.ts',
  'test/features/ask/e2e/away-experts.test.ts',
  'test/features/home/e2e/hours-and-away.test.ts',
  'test/features/home/e2e/hours-reading.test.ts',
  'test/features/home/e2e/glossary.test.ts',
  'test/features/meetings/e2e/meet-days.test.ts',
];

/**
 * Files that replace a module (vi.mock): each runs in a module graph of its own. The other files
 * of `npm test` share one per worker (isolate: false), so Mailroom's modules load once a worker,
 * not once a file.
 */
export const OWN_MODULES = ['test/core/integration/import-unchanged.test.ts'];

const FAULTS = 'test/**/faults/**';
const NODE_MODULES = '**/node_modules/**';

/** What every run shares. */
export const common = {
  testTimeout: 20_000,
  hookTimeout: 20_000,
};

/** The projects of `npm test`. */
export const quick = [
  {
    test: {
      ...common,
      name: 'quick',
      include: ['test/**/*.test.ts'],
      exclude: [FAULTS, NODE_MODULES, ...MORE_TESTS, ...OWN_MODULES],
      pool: 'threads' as const,
      isolate: false,
    },
  },
  { test: { ...common, name: 'own-modules', include: OWN_MODULES, pool: 'threads' as const } },
];

/** The files `npm test` leaves out, as they ran before the split: each in a process of its own. */
export const more = {
  test: { ...common, name: 'more', include: MORE_TESTS, pool: 'forks' as const },
};

export default defineConfig({ test: { projects: quick } });
