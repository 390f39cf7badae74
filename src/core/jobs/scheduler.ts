import cron from 'node-cron';
import { type Metrics, NO_METRICS } from '../services/metrics.js';
import type { Logger } from '../services/ports.js';

export interface Scheduler {
  /** No new runs; resolves when the run in progress, if any, has ended. */
  stop(): Promise<void>;
}

/**
 * Starts calling `run` on some schedule, with when each run was due (real time, ms) if the
 * schedule knows; `run` never rejects.
 */
export type ScheduleTicks = (run: (dueAt?: number) => Promise<void>) => Scheduler;

/**
 * One cron tick a minute, in UTC, for all time-driven work (never one job per person).
 * A run still going when the next minute comes makes that minute's run skip.
 */
export const scheduleEveryMinute: ScheduleTicks = (run) => {
  let current: Promise<void> | undefined;
  const task = cron.schedule(
    '* * * * *',
    async (context) => {
      current = run(context.date.getTime());
      await current;
    },
    { timezone: 'Etc/UTC', name: 'mailroom-tick', noOverlap: true },
  );
  return {
    async stop() {
      await task.stop();
      await current;
    },
  };
};

/**
 * Wraps a tick so that it never throws, records when runs start and end (business clock), and
 * tells the metrics how long each took and how late it started after it was due (real time).
 */
export function observedTick(
  tick: () => Promise<unknown>,
  logger: Logger,
  clock: () => number,
  metrics: Metrics = NO_METRICS,
): {
  run: (dueAt?: number) => Promise<void>;
  lastStartedAt: () => number | undefined;
  lastCompletedAt: () => number | undefined;
} {
  let started: number | undefined;
  let completed: number | undefined;
  return {
    async run(dueAt?: number) {
      started = clock();
      const began = Date.now();
      const lagSeconds = dueAt === undefined ? undefined : Math.max(0, began - dueAt) / 1000;
      let failed = false;
      try {
        await tick();
      } catch (error) {
        failed = true;
        logger.error('scheduled tick failed', error);
      } finally {
        completed = clock();
        metrics.tick({ seconds: (Date.now() - began) / 1000, lagSeconds, failed });
      }
    },
    lastStartedAt: () => started,
    lastCompletedAt: () => completed,
  };
}
