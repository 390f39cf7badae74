import { describe, expect, it } from 'vitest';
import { pruneCoreData, pruneInBatches } from '../../../src/core/services/retention.js';
import { serviceContext, testClock } from '../../support/store.js';

const DAY = 24 * 60 * 60 * 1000;

describe('pruning the core’s data', () => {
  it('deletes ended queue items in bounded batches, the rest at the next run, and logs each run', async () => {
    const clock = testClock('2026-06-01T12:00:00Z');
    const ctx = serviceContext(clock, { retention: { queueItemsMs: 30 * DAY } });
    const logged: string[] = [];
    ctx.logger.info = (message: unknown) => {
      logged.push(String(message));
    };
    const old = clock() - 40 * DAY;
    const insert = ctx.db.$client.prepare(
      `insert into queue_items (kind, state, recipient_id, payload, deliver_after, idempotency_key, created_at, updated_at)
       values ('notice', ?, 'U1', '{"text":"x"}', ?, ?, ?, ?)`,
    );
    ctx.db.$client.transaction(() => {
      for (let i = 0; i < 1200; i += 1) insert.run('done', old + i, `old-${i}`, old, old + i);
      insert.run('queued', old, 'open-old', old, old);
    })();
    const options = { batch: 500, maxBatches: 2 };
    expect((await pruneCoreData(ctx, clock(), options)).queueItems).toBe(1000);
    expect((await pruneCoreData(ctx, clock(), options)).queueItems).toBe(200);
    expect((await pruneCoreData(ctx, clock(), options)).queueItems).toBe(0);
    expect(ctx.queue.findByKey('open-old')?.state).toBe('queued');
    expect(logged).toEqual([
      'Retention: deleted 1000 queue items that ended before 2026-05-02T12:00:00.000Z (QUEUE_RETENTION_DAYS).',
      'Retention: deleted 200 queue items that ended before 2026-05-02T12:00:00.000Z (QUEUE_RETENTION_DAYS).',
    ]);
  });

  it('lets other work run between batches', async () => {
    const order: string[] = [];
    let left = 3;
    const other = new Promise<void>((resolve) =>
      setImmediate(() => {
        order.push('other work');
        resolve();
      }),
    );
    const pruned = await pruneInBatches(
      (limit) => {
        order.push('batch');
        const n = Math.min(limit, left);
        left -= n;
        return n;
      },
      { batch: 1, maxBatches: 10 },
    );
    await other;
    expect(pruned).toBe(3);
    expect(order.slice(0, 2)).toEqual(['batch', 'other work']);
  });
});
