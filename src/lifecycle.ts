import type { Mailroom } from './app.js';

/** How long a stop signal waits for the running tick, the sends in flight and the listeners. */
export const STOP_GRACE_MS = 5000;

/**
 * On SIGTERM or SIGINT: take no new work, give what is running a few seconds, close the
 * database, exit 0. A second signal exits at once. Registered before start, so a signal
 * during start-up still closes the database cleanly.
 */
export function stopOnSignals(mailroom: Pick<Mailroom, 'stop' | 'ctx'>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(0);
    stopping = true;
    mailroom.ctx.logger.info(`${signal} received; stopping.`);
    try {
      await mailroom.stop({ graceMs: STOP_GRACE_MS });
    } catch (error) {
      mailroom.ctx.logger.warn('stopping was not clean', error);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
