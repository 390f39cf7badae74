import { UserFacingError } from './errors.js';
import type { KnowledgeSearch } from './knowledge.js';

/** How one queue item's send ended, as the delivery worker saw it. */
export type DeliveryOutcome =
  /** In Slack, recorded. */
  | 'delivered'
  /** Its outcome was lost (a crash, a timeout), and a look-up found it in Slack: not sent again. */
  | 'recovered'
  /** Not sent; tried again after a backoff. */
  | 'failed'
  /** Maybe sent: looked up in Slack before it is sent again. */
  | 'in_doubt'
  /** Slack said 429: tried again after its Retry-After, not counted as an attempt. */
  | 'rate_limited'
  /** Can never reach its recipient: rerouted or dropped with a reason. */
  | 'undeliverable'
  /** Its recipient is away or off hours now: waits for them. */
  | 'deferred';

/**
 * What Mailroom tells its operators' metrics, as events. The services call it; the
 * composition root gives them Prometheus's (src/core/metrics.ts) or none.
 */
export interface Metrics {
  /** A queue item's send, under the Web API method it uses; `retry` when it was tried before. */
  delivery(event: { method: string; kind: string; outcome: DeliveryOutcome; retry: boolean }): void;
  /** A Web API call: its HTTP status (`unreachable` when nothing answered) and how long it took. */
  slackCall(event: { method: string; status: string; seconds: number }): void;
  /** A search: how long it took, whether it waited for room, and how it ended. */
  search(event: {
    seconds: number;
    waited: boolean;
    outcome: 'answered' | 'failed' | 'refused';
  }): void;
  /** A run of the minute tick: how long it took and how late it started. */
  tick(event: { seconds: number; lagSeconds: number | undefined; failed: boolean }): void;
  /** A request Mailroom answered (from Slack, or to its health and metrics routes). */
  request(event: { kind: string; status: string }): void;
}

/** Counts nothing: for tests and tools that run no metrics. */
export const NO_METRICS: Metrics = {
  delivery() {},
  slackCall() {},
  search() {},
  tick() {},
  request() {},
};

/**
 * The search as services call it, timed: each search tells `metrics` how long it took from
 * the asking (a wait for room included), whether it waited, and whether the pool refused it
 * (stopping, or its threads broken: the asker is told to ask again).
 */
export function measuredSearch(
  search: KnowledgeSearch,
  metrics: Metrics,
  now: () => number = () => performance.now(),
): KnowledgeSearch {
  return async (viewer, text, limit, options, waiting) => {
    const started = now();
    let waited = false;
    const told = {
      onDelayed: () => {
        waited = true;
        waiting?.onDelayed?.();
      },
    };
    const seconds = () => (now() - started) / 1000;
    try {
      const result = await search(viewer, text, limit, options, told);
      metrics.search({ seconds: seconds(), waited, outcome: 'answered' });
      return result;
    } catch (error) {
      const outcome = error instanceof UserFacingError ? 'refused' : 'failed';
      metrics.search({ seconds: seconds(), waited, outcome });
      throw error;
    }
  };
}
