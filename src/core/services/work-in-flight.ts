import type { Logger } from './ports.js';

/**
 * The work Mailroom starts and does not wait for: a Slack request still being handled after
 * Slack had its answer, and what a request, a delivery or a hook set going beside it (a plan's
 * canvas kept in step, a message rewritten, a permalink looked up). Each is kept here while it
 * runs, so that a stop can wait for it and `idle()` says when all of it has ended, without
 * guessing from a quiet moment. A failure is logged, never thrown at whoever started it.
 */
export class WorkInFlight {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Pick<Logger, 'error'>) {}

  /** Keeps `work` while it runs; `what` names it in the log line if it fails. */
  start(what: string, work: Promise<unknown> | (() => Promise<unknown>)): void {
    let started: Promise<unknown>;
    try {
      started = typeof work === 'function' ? work() : work;
    } catch (error) {
      started = Promise.reject(error);
    }
    const kept: Promise<void> = Promise.resolve(started)
      .then(
        () => undefined,
        (error: unknown) => this.logger.error(`${what} failed`, error),
      )
      .finally(() => this.running.delete(kept));
    this.running.add(kept);
  }

  /** Keeps `work` while it runs and hands it back as it is, failure included, to await. */
  during<T>(work: Promise<T>): Promise<T> {
    const kept: Promise<void> = work
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => this.running.delete(kept));
    this.running.add(kept);
    return work;
  }

  /** True while any of it runs. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Resolves once none of it runs, work started meanwhile included. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
