import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidTransitionError, type NewQueueItem } from '../../../src/core/domain/queue.js';
import { openDatabase } from '../../../src/core/store/db.js';
import { QueueRepository } from '../../../src/core/store/queue-repository.js';
import { tempDatabasePath } from '../../support/store.js';

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

  it('claims one due item at a time, oldest first, and never the same item twice', () => {
    queue.enqueue(notice('later', T0 + 60_000), T0);
    queue.enqueue(notice('b', T0 - 1000), T0);
    queue.enqueue(notice('a', T0 - 2000), T0);
    const first = queue.claimNext(T0, 'worker-1');
    expect(first).toMatchObject({ idempotencyKey: 'a', state: 'sending', firstClaimedAt: T0 });
    expect(queue.countByState()).toEqual({ sending: 1, queued: 2 });
    expect(queue.claimNext(T0, 'worker-2')?.idempotencyKey).toBe('b');
    expect(queue.claimNext(T0, 'worker-3')).toBeUndefined();
  });

  it('skips recipients that must wait', () => {
    queue.enqueue(notice('a', T0 - 2000), T0);
    queue.enqueue({ ...notice('b', T0 - 1000), recipientId: 'U2' }, T0);
    expect(queue.claimNext(T0, 'w', ['U1'])?.idempotencyKey).toBe('b');
    expect(queue.claimNext(T0, 'w', ['U1'])).toBeUndefined();
    expect(queue.countDue(T0)).toBe(1);
  });

  it('lets two workers on two connections split the due items without overlap', () => {
    for (let i = 0; i < 50; i++) queue.enqueue(notice(`k${i}`), T0);
    const other = new QueueRepository(openDatabase(path));
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) {
      for (const claimed of [queue.claimNext(T0, 'a'), other.claimNext(T0, 'b')]) {
        if (claimed) ids.push(claimed.id);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(50);
  });

  it('records a delivery only for the worker holding the claim', () => {
    queue.enqueue(notice('k'), T0);
    const item = queue.claimNext(T0, 'mine');
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

  it('re-claims an interrupted claim only after the lease, keeping its first claim time', () => {
    queue.enqueue(notice('k'), T0);
    queue.claimNext(T0, 'dead-worker');
    expect(queue.claimInterrupted(T0 + 60_000, 2 * 60_000, 'next')).toEqual([]);
    const later = T0 + 15 * 60_000;
    const [stale] = queue.claimInterrupted(later, 2 * 60_000, 'next');
    expect(stale).toMatchObject({ idempotencyKey: 'k', firstClaimedAt: T0 });
    expect(
      queue.markDelivered(stale?.id ?? 0, 'dead-worker', { channel: 'D', ts: '1', at: T0 }),
    ).toBe(false);
    // Interrupted again (the next worker died too): the first claim still stands.
    const [again] = queue.claimInterrupted(later + 3 * 60_000, 2 * 60_000, 'third');
    expect(again?.firstClaimedAt).toBe(T0);
  });

  it('keeps a live worker’s claim while it renews it', () => {
    queue.enqueue(notice('k'), T0);
    const item = queue.claimNext(T0, 'slow');
    queue.renewClaims('slow', [item?.id ?? 0], T0 + 100_000);
    expect(queue.claimInterrupted(T0 + 200_000, 120_000, 'other')).toEqual([]);
    expect(queue.claimInterrupted(T0 + 230_000, 120_000, 'other')).toHaveLength(1);
  });

  it('looks up an item in doubt from its retry time on, and forgets the claim once settled', () => {
    const { item } = queue.enqueue(notice('k'), T0);
    queue.claimNext(T0, 'w');
    expect(
      queue.markInDoubt(item.id, 'w', { retryAt: T0 + 60_000, error: 'timeout', now: T0 }),
    ).toBe(true);
    expect(queue.get(item.id)).toMatchObject({ state: 'sending', lastError: 'timeout' });
    expect(queue.claimNext(T0 + 60_000, 'x')).toBeUndefined();
    expect(queue.claimInterrupted(T0 + 30_000, 10 * 60_000, 'x')).toEqual([]);
    const [doubt] = queue.claimInterrupted(T0 + 60_000, 10 * 60_000, 'x');
    expect(doubt?.firstClaimedAt).toBe(T0);
    queue.release(item.id, 'x', {
      retryAt: T0 + 60_000,
      error: null,
      now: T0 + 60_000,
      countsAsAttempt: true,
    });
    expect(queue.claimNext(T0 + 120_000, 'y')?.firstClaimedAt).toBe(T0 + 120_000);
  });

  it('releases a failed claim back to the queue for later', () => {
    const { item } = queue.enqueue(notice('k'), T0);
    queue.claimNext(T0, 'w');
    expect(queue.release(item.id, 'w', { retryAt: T0 + 120_000, error: 'boom', now: T0 })).toBe(
      true,
    );
    expect(queue.get(item.id)).toMatchObject({
      state: 'queued',
      deliverAfter: T0 + 120_000,
      lastError: 'boom',
    });
    expect(queue.claimNext(T0 + 60_000, 'w2')).toBeUndefined();
    queue.claimNext(T0 + 120_000, 'w3');
    queue.release(item.id, 'w3', { retryAt: T0 + 180_000, error: null, now: T0 + 120_000 });
    expect(queue.get(item.id)?.attempts).toBe(1);
    queue.claimNext(T0 + 180_000, 'w4');
    queue.release(item.id, 'w4', {
      retryAt: T0 + 180_000,
      error: 'token_revoked',
      now: T0 + 180_000,
      countsAsAttempt: false,
    });
    expect(queue.get(item.id)).toMatchObject({ attempts: 1, lastError: 'token_revoked' });
  });

  it('follows the state machine and loses a race cleanly', () => {
    const { item } = queue.enqueue(notice('k'), T0);
    expect(() => queue.transition(item, 'delivered', T0)).toThrow(InvalidTransitionError);
    expect(queue.transition(item, 'skipped', T0)?.state).toBe('skipped');
    expect(queue.transition(item, 'done', T0)).toBeUndefined();
  });
});
