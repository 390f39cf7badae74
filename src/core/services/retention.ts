import type { ServiceContext } from './context.js';

/** How long what Mailroom is done with is kept (the retention settings); undefined keeps it for good. */
export interface RetentionSettings {
  /** Queue items that ended (done, skipped, expired) this long ago; at least 30 days. */
  queueItemsMs?: number;
  /** The ids of Slack events handled this long ago; a week unless set. */
  eventLogMs?: number;
  /** Standup answers whose day closed this long ago. */
  standupAnswersMs?: number;
}

/** Without a setting, the ids of Slack events are kept a week: they only stop repeats. */
export const DEFAULT_EVENT_LOG_MS = 7 * 24 * 60 * 60 * 1000;

/** Rows one statement deletes: each batch is one short write, then others may use the database. */
export const PRUNE_BATCH = 200;
/** Batches one run does at most: what is left waits for the next minute's. */
export const PRUNE_BATCHES_PER_RUN = 50;

/**
 * Runs `pruneBatch(limit)` until it prunes less than a batch, or `maxBatches` times, letting the
 * event loop run between batches (so Slack's requests are never held behind a prune); returns
 * how many rows it pruned.
 */
export async function pruneInBatches(
  pruneBatch: (limit: number) => number,
  { batch = PRUNE_BATCH, maxBatches = PRUNE_BATCHES_PER_RUN } = {},
): Promise<number> {
  let pruned = 0;
  for (let run = 0; run < maxBatches; run += 1) {
    const changes = pruneBatch(batch);
    pruned += changes;
    if (changes < batch) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return pruned;
}

export interface CorePruneReport {
  queueItems: number;
  eventIds: number;
}

/**
 * The core's part of retention, once a minute: queue items that ended long enough ago (only
 * when QUEUE_RETENTION_DAYS is set), and the ids of Slack events handled long enough ago.
 * Logs what it deleted.
 */
export async function pruneCoreData(
  ctx: Pick<ServiceContext, 'queue' | 'eventLog' | 'logger' | 'settings'>,
  now: number,
  options?: { batch?: number; maxBatches?: number },
): Promise<CorePruneReport> {
  const retention = ctx.settings.retention ?? {};
  const report: CorePruneReport = { queueItems: 0, eventIds: 0 };
  if (retention.queueItemsMs !== undefined) {
    const before = now - retention.queueItemsMs;
    report.queueItems = await pruneInBatches(
      (limit) => ctx.queue.pruneEnded(before, limit),
      options,
    );
    if (report.queueItems > 0) {
      ctx.logger.info(
        `Retention: deleted ${report.queueItems} queue items that ended before ${iso(before)} (QUEUE_RETENTION_DAYS).`,
      );
    }
  }
  const eventsBefore = now - (retention.eventLogMs ?? DEFAULT_EVENT_LOG_MS);
  report.eventIds = await pruneInBatches(
    (limit) => ctx.eventLog.prune(eventsBefore, limit),
    options,
  );
  if (report.eventIds > 0) {
    ctx.logger.info(
      `Retention: forgot ${report.eventIds} Slack event ids received before ${iso(eventsBefore)} (EVENT_LOG_RETENTION_DAYS).`,
    );
  }
  return report;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
