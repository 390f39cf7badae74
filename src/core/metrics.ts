import client from 'prom-client';
import { type QueueItemKind, queuePayloadSchemas } from './domain/queue.js';
import type { DeliveryOutcome, Metrics } from './services/metrics.js';
import type { QueueDepth } from './store/queue-repository.js';

/** What the metrics read when they are scraped, rather than count as it happens. */
export interface MetricSources {
  /** The open queue by kind and state (QueueRepository.depth). */
  queueDepth(now: number): QueueDepth[];
  /** Sends waiting on Slack now. */
  sending(): number;
  /** Searches waiting for a search thread to have room. */
  searchWaiting(): number;
  /** When the minute tick last completed (business clock), if it has. */
  lastTickCompletedAt(): number | undefined;
  now(): number;
}

/** Seconds, for Slack's calls and searches: most take tens of milliseconds, a timeout 10 s. */
const CALL_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds, for a tick: usually well under a second, a problem past a minute. */
const TICK_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Outcomes that were a send to Slack (and so may be a retry of one). */
const SENT: ReadonlySet<DeliveryOutcome> = new Set([
  'delivered',
  'failed',
  'in_doubt',
  'rate_limited',
]);

/**
 * Mailroom's metrics in Prometheus's text format (GET /metrics), each in a registry of this
 * Mailroom's own: counters as things happen, the queue and the search pool read at each scrape.
 */
export class PrometheusMetrics implements Metrics {
  readonly registry = new client.Registry();
  private sources: MetricSources | undefined;
  /** The queue as this scrape read it, once for all the queue's gauges. */
  private scraped: QueueDepth[] = [];

  private readonly deliveries = new client.Counter({
    name: 'mailroom_deliveries_total',
    help: 'Queue items the delivery worker handled, by the Web API method, the kind of item and how it ended (delivered, recovered, deferred, failed, in_doubt, rate_limited, undeliverable).',
    labelNames: ['method', 'kind', 'outcome'],
    registers: [this.registry],
  });
  private readonly retries = new client.Counter({
    name: 'mailroom_delivery_retries_total',
    help: 'Sends of queue items that had been tried before, by Web API method and kind.',
    labelNames: ['method', 'kind'],
    registers: [this.registry],
  });
  private readonly slackCalls = new client.Counter({
    name: 'mailroom_slack_api_calls_total',
    help: 'Web API calls by method and HTTP status (429: rate limited; unreachable: no answer at all). A client retry is a call of its own.',
    labelNames: ['method', 'status'],
    registers: [this.registry],
  });
  private readonly slackLatency = new client.Histogram({
    name: 'mailroom_slack_api_call_duration_seconds',
    help: 'How long Web API calls took, by method, until Slack answered or the call failed.',
    labelNames: ['method'],
    buckets: CALL_BUCKETS,
    registers: [this.registry],
  });
  private readonly tickDuration = new client.Histogram({
    name: 'mailroom_tick_duration_seconds',
    help: 'How long each run of the minute tick took.',
    buckets: TICK_BUCKETS,
    registers: [this.registry],
  });
  private readonly tickLag = new client.Gauge({
    name: 'mailroom_tick_lag_seconds',
    help: 'How late the last scheduled tick started after its minute.',
    registers: [this.registry],
  });
  private readonly tickFailures = new client.Counter({
    name: 'mailroom_tick_failures_total',
    help: 'Runs of the minute tick that failed (logged with their error).',
    registers: [this.registry],
  });
  private readonly searchDuration = new client.Histogram({
    name: 'mailroom_search_duration_seconds',
    help: 'How long searches took from the asking, a wait for a search thread included.',
    buckets: CALL_BUCKETS,
    registers: [this.registry],
  });
  private readonly searches = new client.Counter({
    name: 'mailroom_searches_total',
    help: 'Searches by outcome (answered, failed, refused: the pool was stopping or a search thread died, and the asker was told to ask again) and whether they waited for room.',
    labelNames: ['outcome', 'waited'],
    registers: [this.registry],
  });
  private readonly requests = new client.Counter({
    name: 'mailroom_requests_total',
    help: "Requests Mailroom answered, by kind (Slack's request kinds, a route, or why it was refused) and HTTP status.",
    labelNames: ['kind', 'status'],
    registers: [this.registry],
  });

  constructor(options: { process?: boolean } = {}) {
    const metrics = this;
    new client.Gauge({
      name: 'mailroom_queue_items',
      help: 'Open queue items (queued, snoozed, sending, or delivered and waiting for an answer), by kind and state.',
      labelNames: ['kind', 'state'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const row of metrics.scraped)
          this.set({ kind: row.kind, state: row.state }, row.items);
      },
    });
    new client.Gauge({
      name: 'mailroom_queue_due_items',
      help: 'Queue items due now and not being sent yet, by kind.',
      labelNames: ['kind'],
      registers: [this.registry],
      collect() {
        for (const [kind, due] of perKind(metrics.scraped, (row) => row.due))
          this.set({ kind }, due);
      },
    });
    new client.Gauge({
      name: 'mailroom_queue_oldest_due_age_seconds',
      help: 'How long the oldest due item of each kind has been due (0 when none is).',
      labelNames: ['kind'],
      registers: [this.registry],
      collect() {
        const now = metrics.sources?.now() ?? Date.now();
        const oldest = perKind(metrics.scraped, (row) => row.oldestDueAt ?? now, Math.min, now);
        for (const [kind, since] of oldest) this.set({ kind }, Math.max(0, now - since) / 1000);
      },
    });
    new client.Gauge({
      name: 'mailroom_delivery_sending',
      help: 'Sends waiting on Slack now.',
      registers: [this.registry],
      collect() {
        this.set(metrics.sources?.sending() ?? 0);
      },
    });
    new client.Gauge({
      name: 'mailroom_search_waiting',
      help: 'Searches waiting for a search thread to have room.',
      registers: [this.registry],
      collect() {
        this.set(metrics.sources?.searchWaiting() ?? 0);
      },
    });
    new client.Gauge({
      name: 'mailroom_tick_last_completed_timestamp_seconds',
      help: 'When the minute tick last completed, in Unix seconds (0 before the first).',
      registers: [this.registry],
      collect() {
        this.set((metrics.sources?.lastTickCompletedAt() ?? 0) / 1000);
      },
    });
    if (options.process) client.collectDefaultMetrics({ register: this.registry });
  }

  /** Where the scrape-time figures are read; until this is called they read as empty. */
  watch(sources: MetricSources): void {
    this.sources = sources;
  }

  /** The metrics in Prometheus's text format, and the content type to serve them with. */
  async render(): Promise<{ contentType: string; text: string }> {
    this.scraped = this.depth();
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }

  delivery(event: Parameters<Metrics['delivery']>[0]): void {
    const { method, kind, outcome } = event;
    this.deliveries.inc({ method, kind, outcome });
    if (event.retry && SENT.has(outcome)) this.retries.inc({ method, kind });
  }

  slackCall(event: Parameters<Metrics['slackCall']>[0]): void {
    this.slackCalls.inc({ method: event.method, status: event.status });
    this.slackLatency.observe({ method: event.method }, event.seconds);
  }

  search(event: Parameters<Metrics['search']>[0]): void {
    this.searches.inc({ outcome: event.outcome, waited: String(event.waited) });
    this.searchDuration.observe(event.seconds);
  }

  tick(event: Parameters<Metrics['tick']>[0]): void {
    this.tickDuration.observe(event.seconds);
    if (event.lagSeconds !== undefined) this.tickLag.set(event.lagSeconds);
    if (event.failed) this.tickFailures.inc();
  }

  request(event: Parameters<Metrics['request']>[0]): void {
    this.requests.inc({ kind: event.kind, status: event.status });
  }

  /** The queue as it is now; nothing when the database cannot be read (health says why). */
  private depth(): QueueDepth[] {
    const sources = this.sources;
    if (!sources) return [];
    try {
      return sources.queueDepth(sources.now());
    } catch {
      return [];
    }
  }
}

const KINDS = Object.keys(queuePayloadSchemas) as QueueItemKind[];

/**
 * A value per queue item kind, every kind present (so a drained queue reads 0, not nothing),
 * folding its rows' values with `fold` from `start`.
 */
function perKind(
  rows: QueueDepth[],
  value: (row: QueueDepth) => number,
  fold: (a: number, b: number) => number = (a, b) => a + b,
  start = 0,
): Map<string, number> {
  const sums = new Map<string, number>(KINDS.map((kind) => [kind, start]));
  for (const row of rows) sums.set(row.kind, fold(sums.get(row.kind) ?? start, value(row)));
  return sums;
}
