import { describe, expect, it } from 'vitest';
import { observedTick } from '../../../src/core/jobs/scheduler.js';
import { PrometheusMetrics } from '../../../src/core/metrics.js';
import { UserFacingError } from '../../../src/core/services/errors.js';
import type { KnowledgeSearchResult } from '../../../src/core/services/knowledge.js';
import { measuredSearch } from '../../../src/core/services/metrics.js';
import { QueueRepository } from '../../../src/core/store/queue-repository.js';
import { freshDatabase } from '../../support/store.js';

const T0 = Date.parse('2026-03-09T10:00:00Z');
const MINUTE = 60_000;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** The value of one sample line, `name{labels} value`, or undefined when there is none. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function watching(metrics: PrometheusMetrics, queue: QueueRepository, now: () => number) {
  metrics.watch({
    queueDepth: (at) => queue.depth(at),
    sending: () => 2,
    searchWaiting: () => 3,
    lastTickCompletedAt: () => T0,
    now,
  });
}

describe('the queue at each scrape', () => {
  it('counts open items by kind and state, what is due, and how long the oldest has waited', async () => {
    const queue = new QueueRepository(freshDatabase());
    const enqueue = (key: string, deliverAfter: number) =>
      queue.enqueue(
        {
          kind: 'notice',
          recipientId: 'U1',
          payload: { text: key },
          deliverAfter,
          idempotencyKey: key,
        },
        T0 - 10 * MINUTE,
      );
    enqueue('a', T0 - 5 * MINUTE);
    enqueue('b', T0 - 2 * MINUTE);
    enqueue('c', T0 + MINUTE);
    const metrics = new PrometheusMetrics();
    watching(metrics, queue, () => T0);

    const { contentType, text } = await metrics.render();
    expect(contentType).toContain('text/plain');
    expect(sample(text, 'mailroom_queue_items{kind="notice",state="queued"}')).toBe(3);
    expect(sample(text, 'mailroom_queue_due_items{kind="notice"}')).toBe(2);
    expect(sample(text, 'mailroom_queue_oldest_due_age_seconds{kind="notice"}')).toBe(300);
    // Every kind reads 0 rather than nothing, so an alert on it sees a drained queue.
    expect(sample(text, 'mailroom_queue_due_items{kind="question"}')).toBe(0);
    expect(sample(text, 'mailroom_queue_oldest_due_age_seconds{kind="standup_prompt"}')).toBe(0);
    expect(sample(text, 'mailroom_delivery_sending')).toBe(2);
    expect(sample(text, 'mailroom_search_waiting')).toBe(3);
    expect(sample(text, 'mailroom_tick_last_completed_timestamp_seconds')).toBe(T0 / 1000);
  });

  it('still answers when the database cannot be read: the queue reads as empty', async () => {
    const db = freshDatabase();
    const queue = new QueueRepository(db);
    const metrics = new PrometheusMetrics();
    watching(metrics, queue, () => T0);
    db.$client.close();
    const { text } = await metrics.render();
    expect(sample(text, 'mailroom_queue_due_items{kind="notice"}')).toBe(0);
    expect(text).not.toContain('mailroom_queue_items{');
  });
});

describe('what is counted as it happens', () => {
  it('counts a retry only for a send that was tried before', async () => {
    const metrics = new PrometheusMetrics();
    const send = { method: 'chat.postMessage', kind: 'notice' } as const;
    metrics.delivery({ ...send, outcome: 'delivered', retry: false });
    metrics.delivery({ ...send, outcome: 'delivered', retry: true });
    metrics.delivery({ ...send, outcome: 'in_doubt', retry: true });
    // Waiting for someone away is no send, whatever came before it.
    metrics.delivery({ ...send, outcome: 'deferred', retry: true });
    const { text } = await metrics.render();
    const labels = 'method="chat.postMessage",kind="notice"';
    expect(sample(text, `mailroom_deliveries_total{${labels},outcome="delivered"}`)).toBe(2);
    expect(sample(text, `mailroom_deliveries_total{${labels},outcome="deferred"}`)).toBe(1);
    expect(sample(text, `mailroom_delivery_retries_total{${labels}}`)).toBe(2);
  });

  it('times each tick and says how late a scheduled one started', async () => {
    const metrics = new PrometheusMetrics();
    const fine = observedTick(
      async () => undefined,
      silent,
      () => T0,
      metrics,
    );
    await fine.run(Date.now() - 1500);
    const broken = observedTick(
      async () => {
        throw new Error('the database is locked');
      },
      silent,
      () => T0,
      metrics,
    );
    await broken.run();
    const { text } = await metrics.render();
    expect(sample(text, 'mailroom_tick_duration_seconds_count')).toBe(2);
    expect(sample(text, 'mailroom_tick_failures_total')).toBe(1);
    // The run by hand (no due time) leaves the last scheduled run's lag.
    expect(sample(text, 'mailroom_tick_lag_seconds')).toBeGreaterThanOrEqual(1.5);
  });

  it('reports the process (memory, CPU, event loop) only when asked', async () => {
    expect((await new PrometheusMetrics().render()).text).not.toContain('process_cpu');
    const withProcess = (await new PrometheusMetrics({ process: true }).render()).text;
    expect(withProcess).toContain('process_cpu_user_seconds_total');
    expect(withProcess).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('a measured search', () => {
  const result: KnowledgeSearchResult = {
    hits: [],
    sure: false,
    searchedFor: null,
  } as unknown as KnowledgeSearchResult;
  const viewer = { userId: 'U1', channelIds: [] } as never;

  it('counts what was answered, what waited for room, and what the pool refused', async () => {
    const metrics = new PrometheusMetrics();
    let delayed = 0;
    const busy = measuredSearch(async (_v, _t, _l, _o, waiting) => {
      waiting?.onDelayed?.();
      return result;
    }, metrics);
    await busy(viewer, 'vpn', 5, undefined, { onDelayed: () => delayed++ });
    expect(delayed).toBe(1);
    const refused = measuredSearch(async () => {
      throw new UserFacingError('My search stopped halfway.' as never);
    }, metrics);
    await expect(refused(viewer, 'vpn')).rejects.toThrow(UserFacingError);
    const broken = measuredSearch(async () => {
      throw new Error('disk I/O error');
    }, metrics);
    await expect(broken(viewer, 'vpn')).rejects.toThrow('disk I/O error');

    const { text } = await metrics.render();
    expect(sample(text, 'mailroom_searches_total{outcome="answered",waited="true"}')).toBe(1);
    expect(sample(text, 'mailroom_searches_total{outcome="refused",waited="false"}')).toBe(1);
    expect(sample(text, 'mailroom_searches_total{outcome="failed",waited="false"}')).toBe(1);
    expect(sample(text, 'mailroom_search_duration_seconds_count')).toBe(3);
  });
});
