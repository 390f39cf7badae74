import cron from 'node-cron';
import type { Logger } from '../services/ports.js';

export interface Scheduler {
  /** No new runs; resolves when the run in progress, if any, has ended. */
  stop(): Promise<void>;
}

/** Starts calling `run` on some schedule; `run` never rejects. */
export type ScheduleTicks = (run: () => Promise<void>) => Scheduler;

/**
 * One cron tick a minute, in UTC, for all time-driven work (never one job per person).
 * A run still going when the next minute comes makes that minute's run skip.
 */
export const scheduleEveryMinute: ScheduleTicks = (run) => {
  let current: Promise<void> | undefined;
  const task = cron.schedule(
    '* * * * *',
    async () => {
      current = run();
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

/** Wraps a tick so that it never throws, and records when runs start and end. */
export function observedTick(
  tick: () => Promise<unknown>,
  logger: Logger,
  clock: () => number,
): {
  run: () => Promise<void>;
  lastStartedAt: () => number | undefined;
  lastCompletedAt: () => number | undefined;
} {
  let started: number | undefined;
  let completed: number | undefined;
  return {
    async run() {
      started = clock();
      try {
        await tick();
      } catch (error) {
        logger.error('scheduled tick failed', error);
      } finally {
        completed = clock();
      }
    },
    lastStartedAt: () => started,
    lastCompletedAt: () => completed,
  };
}
