import cron from 'node-cron';
import type { Logger } from '../services/ports.js';

export interface Scheduler {
  stop(): void;
}

/**
 * One cron tick a minute, in UTC, for all time-driven work (never one job per person).
 * A run still going when the next minute comes makes that minute's run skip.
 */
export function scheduleEveryMinute(run: () => Promise<unknown>, logger: Logger): Scheduler {
  const task = cron.schedule(
    '* * * * *',
    async () => {
      try {
        await run();
      } catch (error) {
        logger.error('scheduled tick failed', error);
      }
    },
    { timezone: 'Etc/UTC', name: 'mailroom-tick', noOverlap: true },
  );
  return { stop: () => void task.stop() };
}
