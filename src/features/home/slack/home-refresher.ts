import type { Logger } from '../../../core/services/ports.js';

export interface HomeRefresherOptions {
  /** Publishes one person's Home tab. */
  publish: (userId: string) => Promise<void>;
  /** Of these people, those who opened their Home tab recently enough to keep it current. */
  visitors: (userIds: readonly string[]) => string[];
  logger: Logger;
  /** A person's Home is republished this long after the last change to their queue. */
  debounceMs?: number;
  /** At most one publish per this many ms: views.publish is Tier 4 (about 100 a minute). */
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const DEFAULT_DEBOUNCE_MS = 2_000;
const DEFAULT_INTERVAL_MS = 700;

/**
 * Keeps Home tabs current when queues change, without flooding Slack: changes to one person's
 * queue within the debounce make one publish, only people who opened their Home recently get
 * one, and publishes go out one at a time at Slack's pace. A wave of 10,000 new items for people
 * who never look at Home costs nothing.
 */
export class HomeRefresher {
  private readonly due = new Map<string, number>();
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly debounceMs: number;
  private readonly intervalMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: HomeRefresherOptions) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? (() => performance.now());
  }

  /** These people's queues changed. */
  changed(userIds: readonly string[]): void {
    if (this.stopped || userIds.length === 0) return;
    let visitors: string[];
    try {
      visitors = this.options.visitors(userIds);
    } catch (error) {
      this.options.logger.warn('could not tell whose Home tab to refresh', error);
      return;
    }
    const at = this.now() + this.debounceMs;
    for (const id of visitors) this.due.set(id, at);
    if (visitors.length > 0) this.running ??= this.run().finally(() => (this.running = undefined));
  }

  /** Resolves once every pending publish went out (for tests and a clean stop). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** True while publishes are pending or going out. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  stop(): void {
    this.stopped = true;
    this.due.clear();
  }

  private async run(): Promise<void> {
    while (!this.stopped && this.due.size > 0) {
      const now = this.now();
      const [next] = [...this.due].sort((a, b) => a[1] - b[1]);
      if (!next) return;
      const [userId, at] = next;
      if (at > now) {
        await this.sleep(at - now);
        continue;
      }
      this.due.delete(userId);
      try {
        await this.options.publish(userId);
      } catch (error) {
        this.options.logger.warn(`could not refresh the Home tab of ${userId}`, error);
      }
      await this.sleep(this.intervalMs);
    }
  }
}
