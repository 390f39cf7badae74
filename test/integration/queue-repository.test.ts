import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidTransitionError, type NewQueueItem } from '../../src/domain/queue.js';
import { openDatabase } from '../../src/store/db.js';
import { QueueRepository } from '../../src/store/queue-repository.js';
import { tempDatabasePath } from '../support/store.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');

function notice(key: string, deliverAfter = T0): NewQueueItem<'notice'> {
  return {
    kind: 'notice',
    recipientId: 'U1',
    payload: { text: `hello ${key}` },
    deliverAfter,
    idempotencyKey: key,
  };
}

describe('QueueRepository', () => {
  let path: string;
  let queue: QueueRepository;

  beforeEach(() => {
    path = tempDatabasePath();
    queue = new QueueRepository(openDatabase(path));
  });

  it('enqueues once per idempotency key', () => {
    const first = queue.enqueue(notice('k1'), T0);
    const again = queue.enqueue({ ...notice('k1'), payload: { text: 'changed' } }, T0 + 1000);
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.item.id).toBe(first.item.id);
    expect(again.item.payload).toEqual({ text: 'hello k1' });
  });

  it('claims only due items, oldest first, and never the same item twice', () => {
    queue.enqueue(notice('later', T0 + 60_000), T0);
    queue.enqueue(notice('b', T0 - 1000), T0);
    queue.enqueue(notice('a', T0 - 2000), T0);
    const claimed = queue.claimDue(T0, 10, 'worker-1');
    expect(claimed.map((i) => i.idempotencyKey)).toEqual(['a', 'b']);
    expect(claimed.every((i) => i.state === 'sending')).toBe(true);
    expect(queue.claimDue(T0, 10, 'worker-2')).toEqual([]);
  });

  it('lets two workers on two connections split the due items without overlap', () => {
    for (let i = 0; i < 50; i++) queue.enqueue(notice(`k${i}`), T0);
    const other = new QueueRepository(openDatabase(path));
    const a = queue.claimDue(T0, 30, 'a');
    const b = other.claimDue(T0, 30, 'b');
    const ids = [...a, ...b].map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(50);
  });

  it('records a delivery only for the worker holding the claim', () => {
    queue.enqueue(notice('k'), T0);
    const [item] = queue.claimDue(T0, 1, 'mine');
    if (!item) throw new Error('nothing claimed');
    expect(queue.markDelivered(item.id, 'not-mine', { channel: 'D1', ts: '1.1', at: T0 })).toBe(
      false,
    );
    expect(queue.markDelivered(item.id, 'mine', { channel: 'D1', ts: '1.1', at: T0 })).toBe(true);
    expect(queue.get(item.id)).toMatchObject({
      state: 'delivered',
      deliveredTs: '1.1',
      deliveredChannel: 'D1',
    });
  });

  it('re-claims a stale claim only after the lease', () => {
    queue.enqueue(notice('k'), T0);
    queue.claimDue(T0, 1, 'dead-worker');
    expect(queue.claimStale(T0 + 60_000, 10 * 60_000, 'next')).toEqual([]);
    const stale = queue.claimStale(T0 + 11 * 60_000, 10 * 60_000, 'next');
    expect(stale).toHaveLength(1);
    expect(
      queue.markDelivered(stale[0]?.id ?? 0, 'dead-worker', { channel: 'D', ts: '1', at: T0 }),
    ).toBe(false);
  });

  it('releases a failed claim back to the queue for later', () => {
    const { item } = queue.enqueue(notice('k'), T0);
    queue.claimDue(T0, 1, 'w');
    expect(queue.release(item.id, 'w', { retryAt: T0 + 120_000, error: 'boom', now: T0 })).toBe(
      true,
    );
    expect(queue.get(item.id)).toMatchObject({
      state: 'queued',
      deliverAfter: T0 + 120_000,
      lastError: 'boom',
    });
    expect(queue.claimDue(T0 + 60_000, 10, 'w2')).toEqual([]);
    queue.claimDue(T0 + 120_000, 1, 'w3');
    queue.release(item.id, 'w3', { retryAt: T0 + 180_000, error: null, now: T0 + 120_000 });
    expect(queue.get(item.id)?.attempts).toBe(1);
  });

  it('follows the state machine and loses a race cleanly', () => {
    const { item } = queue.enqueue(notice('k'), T0);
    expect(() => queue.transition(item, 'delivered', T0)).toThrow(InvalidTransitionError);
    expect(queue.transition(item, 'skipped', T0)?.state).toBe('skipped');
    expect(queue.transition(item, 'done', T0)).toBeUndefined();
  });
});
