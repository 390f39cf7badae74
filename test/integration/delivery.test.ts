import { beforeEach, describe, expect, it } from 'vitest';
import type { QueueItem } from '../../src/domain/queue.js';
import { dailyWindows } from '../../src/domain/working-hours.js';
import { type DeliveryDeps, deliverDueItems } from '../../src/services/delivery.js';
import {
  type DeliveryContext,
  DeliveryError,
  type Messenger,
  type PostedMessage,
} from '../../src/services/ports.js';
import { MemberRepository } from '../../src/store/member-repository.js';
import { QueueRepository } from '../../src/store/queue-repository.js';
import { freshDatabase, profile, testClock } from '../support/store.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** An in-memory Slack: remembers what it posted, can fail or "crash" after posting. */
class MemoryMessenger implements Messenger {
  posted: { item: QueueItem; ctx: DeliveryContext; ts: string }[] = [];
  failWith: Error | undefined;
  async deliver(item: QueueItem, ctx: DeliveryContext): Promise<PostedMessage> {
    if (this.failWith) throw this.failWith;
    const ts = `${1000 + this.posted.length}.000100`;
    this.posted.push({ item, ctx, ts });
    return { channel: `D${item.recipientId}`, ts };
  }
  async findDelivered(item: QueueItem): Promise<PostedMessage | null> {
    const found = this.posted.find((p) => p.item.idempotencyKey === item.idempotencyKey);
    return found ? { channel: `D${item.recipientId}`, ts: found.ts } : null;
  }
}

describe('deliverDueItems', () => {
  const clock = testClock('2026-03-09T13:00:00Z'); // Monday 09:00 in New York (EDT since 2026-03-08)
  let deps: DeliveryDeps;
  let messenger: MemoryMessenger;
  let queue: QueueRepository;
  let members: MemberRepository;
  const undeliverable: string[] = [];

  beforeEach(() => {
    clock.set('2026-03-09T13:00:00Z');
    const db = freshDatabase();
    queue = new QueueRepository(db);
    members = new MemberRepository(db);
    members.upsertProfiles(
      [
        profile('UNY', { timeZone: 'America/New_York' }),
        profile('UNOTZ', { timeZone: null }),
        profile('UGONE', { deleted: true }),
      ],
      clock(),
    );
    messenger = new MemoryMessenger();
    undeliverable.length = 0;
    deps = {
      queue,
      members,
      messenger,
      clock,
      logger: silent,
      defaultTimeZone: 'Europe/London',
      onUndeliverable: async (item, reason) => {
        undeliverable.push(`${item.idempotencyKey}: ${reason}`);
      },
    };
  });

  const enqueue = (key: string, recipientId = 'UNY', deliverAfter = clock()) =>
    queue.enqueue(
      { kind: 'notice', recipientId, payload: { text: key }, deliverAfter, idempotencyKey: key },
      clock(),
    ).item;

  it('delivers due items and records the message', async () => {
    const item = enqueue('a');
    const report = await deliverDueItems(deps);
    expect(report.delivered).toBe(1);
    expect(queue.get(item.id)).toMatchObject({
      state: 'delivered',
      deliveredChannel: 'DUNY',
      deliveredTs: '1000.000100',
    });
    expect(members.get('UNY')?.dmChannelId).toBe('DUNY');
  });

  it('waits for the recipient when their hours changed after queuing', async () => {
    members.saveSettings(
      'UNY',
      { workingWindows: dailyWindows(13 * 60, 18 * 60, [1, 2, 3, 4, 5]) },
      clock(),
    );
    const item = enqueue('a');
    const report = await deliverDueItems(deps);
    expect(report).toMatchObject({ delivered: 0, deferred: 1 });
    expect(queue.get(item.id)).toMatchObject({
      state: 'queued',
      deliverAfter: Date.parse('2026-03-09T17:00:00Z'),
    });
    clock.set('2026-03-09T17:00:00Z');
    expect((await deliverDueItems(deps)).delivered).toBe(1);
  });

  it('uses the team time zone for someone without one, and says so', async () => {
    clock.set('2026-03-09T09:30:00Z'); // 09:30 in London, 05:30 in New York
    enqueue('a', 'UNOTZ');
    await deliverDueItems(deps);
    expect(messenger.posted[0]?.ctx).toMatchObject({
      usesDefaultTimeZone: true,
      defaultTimeZone: 'Europe/London',
    });
  });

  it('never posts twice when two runs overlap', async () => {
    for (let i = 0; i < 10; i++) enqueue(`k${i}`);
    const [a, b] = await Promise.all([deliverDueItems(deps), deliverDueItems(deps)]);
    expect((a?.delivered ?? 0) + (b?.delivered ?? 0)).toBe(10);
    expect(messenger.posted).toHaveLength(10);
  });

  it('after a crash between posting and recording, finds the message instead of posting again', async () => {
    const item = enqueue('a');
    const crashing = Object.assign(Object.create(queue), {
      markDelivered: () => {
        throw new Error('process killed');
      },
    });
    await expect(deliverDueItems({ ...deps, queue: crashing })).rejects.toThrow('process killed');
    expect(queue.get(item.id)?.state).toBe('sending');

    clock.advance(60_000);
    expect((await deliverDueItems(deps)).delivered).toBe(0); // the claim still holds
    clock.advance(11 * 60_000);
    const report = await deliverDueItems(deps);
    expect(report.recovered).toBe(1);
    expect(messenger.posted).toHaveLength(1);
    expect(queue.get(item.id)).toMatchObject({ state: 'delivered', deliveredTs: '1000.000100' });
  });

  it('posts a stale item whose message never went out', async () => {
    const item = enqueue('a');
    messenger.failWith = new Error('network down');
    const crashing = Object.assign(Object.create(queue), {
      release: () => {
        throw new Error('process killed');
      },
    });
    await expect(deliverDueItems({ ...deps, queue: crashing })).rejects.toThrow('process killed');
    messenger.failWith = undefined;
    clock.advance(11 * 60_000);
    expect((await deliverDueItems(deps)).delivered).toBe(1);
    expect(queue.get(item.id)?.state).toBe('delivered');
  });

  it('retries a transient failure later with backoff', async () => {
    const item = enqueue('a');
    messenger.failWith = new Error('socket hang up');
    expect((await deliverDueItems(deps)).failed).toBe(1);
    expect(queue.get(item.id)).toMatchObject({ state: 'queued', lastError: 'socket hang up' });
    messenger.failWith = undefined;
    expect((await deliverDueItems(deps)).delivered).toBe(0);
    clock.advance(60_000);
    expect((await deliverDueItems(deps)).delivered).toBe(1);
  });

  it('hands an undeliverable item to its feature instead of retrying forever', async () => {
    const a = enqueue('gone', 'UGONE');
    const b = enqueue('unknown', 'UNKNOWN');
    const c = enqueue('rejected');
    messenger.failWith = new DeliveryError('Slack cannot reach UNY: account_inactive', true);
    const report = await deliverDueItems(deps);
    expect(report.undeliverable).toBe(3);
    expect([a, b, c].map((i) => queue.get(i.id)?.state)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(undeliverable).toEqual(
      expect.arrayContaining([
        'gone: the recipient is deactivated or a bot',
        'unknown: the recipient is unknown',
        'rejected: Slack cannot reach UNY: account_inactive',
      ]),
    );
  });
});
