import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Member } from '../../../src/core/domain/member.js';
import { deliveryLeaseMs } from '../../../src/core/domain/queue.js';
import { dailyWindows } from '../../../src/core/domain/working-hours.js';
import {
  type DeliveryDeps,
  DeliveryWorker,
  deliverDueItems,
} from '../../../src/core/services/delivery.js';
import { DeliveryError, type Messenger } from '../../../src/core/services/ports.js';
import { MemberRepository } from '../../../src/core/store/member-repository.js';
import { QueueRepository } from '../../../src/core/store/queue-repository.js';
import { MemoryMessenger, virtualTimer } from '../../support/memory-messenger.js';
import { freshDatabase, profile, testClock } from '../../support/store.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('deliverDueItems', () => {
  const clock = testClock('2026-03-09T13:00:00Z'); // Monday 09:00 in New York (EDT since 2026-03-08)
  let deps: DeliveryDeps;
  let messenger: MemoryMessenger;
  let queue: QueueRepository;
  let members: MemberRepository;
  let timer: ReturnType<typeof virtualTimer>;
  const undeliverable: string[] = [];
  const run = (d: DeliveryDeps = deps) => deliverDueItems(d, { timer });

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
    timer = virtualTimer();
    messenger = new MemoryMessenger(timer);
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
    const report = await run();
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
    const report = await run();
    expect(report).toMatchObject({ delivered: 0, deferred: 1 });
    expect(queue.get(item.id)).toMatchObject({
      state: 'queued',
      deliverAfter: Date.parse('2026-03-09T17:00:00Z'),
    });
    clock.set('2026-03-09T17:00:00Z');
    expect((await run()).delivered).toBe(1);
  });

  it('sends a standup prompt at its set time even outside working hours; other kinds wait', async () => {
    clock.set('2026-03-09T11:30:00Z'); // Monday 07:30 in New York, before 09:00
    const prompt = queue.enqueue(
      {
        kind: 'standup_prompt',
        recipientId: 'UNY',
        payload: { standupId: 1, date: '2026-03-09' },
        deliverAfter: clock(),
        idempotencyKey: 'standup:1:UNY:2026-03-09',
      },
      clock(),
    ).item;
    const reminder = queue.enqueue(
      {
        kind: 'standup_reminder',
        recipientId: 'UNY',
        payload: { standupId: 1, date: '2026-03-09' },
        deliverAfter: clock(),
        idempotencyKey: 'standup:1:UNY:2026-03-09:reminder',
      },
      clock(),
    ).item;
    const note = enqueue('a');
    const report = await run();
    expect(report).toMatchObject({ delivered: 1, deferred: 2 });
    expect(queue.get(prompt.id)?.state).toBe('delivered');
    expect(queue.get(reminder.id)).toMatchObject({
      state: 'queued',
      deliverAfter: Date.parse('2026-03-09T13:00:00Z'),
    });
    expect(queue.get(note.id)?.state).toBe('queued');
  });

  it('uses the team time zone for someone without one, and says so', async () => {
    clock.set('2026-03-09T09:30:00Z'); // 09:30 in London, 05:30 in New York
    enqueue('a', 'UNOTZ');
    await run();
    expect(messenger.posted[0]?.ctx).toMatchObject({
      usesDefaultTimeZone: true,
      defaultTimeZone: 'Europe/London',
    });
  });

  it('never posts twice when two runs overlap', async () => {
    for (let i = 0; i < 10; i++) enqueue(`k${i}`);
    const [a, b] = await Promise.all([run(), run()]);
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
    await run({ ...deps, queue: crashing });
    expect(queue.get(item.id)?.state).toBe('sending');

    clock.advance(30_000);
    expect((await run()).recovered).toBe(0); // the claim still holds
    clock.advance(11 * 60_000);
    const report = await run();
    expect(report.recovered).toBe(1);
    expect(messenger.posted).toHaveLength(1);
    expect(queue.get(item.id)).toMatchObject({ state: 'delivered', deliveredTs: '1000.000100' });
  });

  /** A worker claims and posts every due item, then dies before recording any. */
  async function postAllThenDie() {
    for (let claimed = queue.claimNext(clock(), 'dead'); claimed; ) {
      const recipient = members.get(claimed.recipientId) as Member;
      const ctx = { recipient, usesDefaultTimeZone: false, defaultTimeZone: 'UTC' };
      await messenger.deliver(claimed, { ...ctx, firstClaimedAt: claimed.firstClaimedAt });
      claimed = queue.claimNext(clock(), 'dead');
    }
  }

  it('looks for a lost message from the first claim, however long the outage', async () => {
    const claimedAt = clock();
    const items = ['a', 'b', 'c', 'd'].map((key, i) => enqueue(key, i % 2 ? 'UNY' : 'UNOTZ'));
    await postAllThenDie();
    expect(messenger.posted).toHaveLength(4);

    clock.advance(12 * 60_000); // restarted twelve minutes later
    const report = await run();
    expect(report).toMatchObject({ recovered: 4, delivered: 0 });
    expect(messenger.posted).toHaveLength(4);
    for (const lookup of messenger.lookups) {
      expect(lookup.items.every((i) => i.firstClaimedAt === claimedAt)).toBe(true);
    }
    expect(items.map((i) => queue.get(i.id)?.state)).toEqual(Array(4).fill('delivered'));
  });

  it('reads each recipient’s history once for all their interrupted items', async () => {
    members.upsertProfiles([profile('UTWO', { timeZone: 'America/New_York' })], clock());
    for (let i = 0; i < 5; i++) enqueue(`ny${i}`, 'UNY');
    for (let i = 0; i < 3; i++) enqueue(`two${i}`, 'UTWO');
    await postAllThenDie();
    expect(queue.countByState()).toEqual({ sending: 8 });
    clock.advance(10 * 60_000);
    const report = await run();
    expect(report.recovered).toBe(8);
    expect(messenger.lookups.map((l) => [l.recipientId, l.items.length]).sort()).toEqual([
      ['UNY', 5],
      ['UTWO', 3],
    ]);
    expect(messenger.posted).toHaveLength(8);
  });

  it('sends an item in doubt again only after finding it is not in Slack', async () => {
    const item = enqueue('a');
    messenger.failWith = new Error('socket hang up');
    expect((await run()).failed).toBe(1);
    expect(queue.get(item.id)).toMatchObject({ state: 'sending', lastError: expect.any(String) });
    messenger.failWith = undefined;
    expect((await run()).delivered).toBe(0);
    clock.advance(60_000);
    expect((await run()).delivered).toBe(1);
    expect(messenger.lookups).toHaveLength(1);
    expect(messenger.posted).toHaveLength(1);
    expect(queue.get(item.id)?.state).toBe('delivered');
  });

  it('retries a transient failure later with backoff', async () => {
    const item = enqueue('a');
    messenger.failWith = new DeliveryError('chat.postMessage: ECONNREFUSED', 'not-sent');
    expect((await run()).failed).toBe(1);
    expect(queue.get(item.id)).toMatchObject({
      state: 'queued',
      lastError: 'chat.postMessage: ECONNREFUSED',
    });
    messenger.failWith = undefined;
    expect((await run()).delivered).toBe(0);
    clock.advance(60_000);
    expect((await run()).delivered).toBe(1);
  });

  it('claims only the item it is about to send', async () => {
    for (let i = 0; i < 30; i++) enqueue(`k${i}`, i % 2 ? 'UNY' : 'UNOTZ');
    const claimedWhileSending: number[] = [];
    const counting: Messenger = {
      ...messenger,
      deliver: (item, ctx) => {
        claimedWhileSending.push(queue.countByState().sending ?? 0);
        return messenger.deliver(item, ctx);
      },
      deliverDigest: (items, ctx) => messenger.deliverDigest(items, ctx),
      findDelivered: (r, i) => messenger.findDelivered(r, i),
      post: (i, t) => messenger.post(i, t),
      findPosted: (t, i) => messenger.findPosted(t, i),
      checkToken: () => messenger.checkToken(),
    };
    await deliverDueItems({ ...deps, messenger: counting }, { timer, concurrency: 4 });
    expect(messenger.posted).toHaveLength(30);
    expect(Math.max(...claimedWhileSending)).toBeLessThanOrEqual(4);
  });

  it('keeps the claim of a slow send it renews, so no one posts it twice', async () => {
    const item = enqueue('a');
    let release = () => {};
    messenger.hold = new Promise((resolve) => {
      release = resolve;
    });
    const worker = new DeliveryWorker(deps, { timer, leaseMs: deliveryLeaseMs(10_000) });
    const first = worker.drain();
    await vi.waitFor(() => expect(messenger.inFlight).toBe(1));
    clock.advance(5 * 60_000); // far past the lease, on a clock that jumps
    worker.wake(); // the next tick renews what it still holds
    messenger.hold = undefined;
    const other = await run();
    expect(other).toMatchObject({ recovered: 0, delivered: 0 });
    release();
    expect((await first).delivered).toBe(1);
    expect(messenger.posted).toHaveLength(1);
    expect(queue.get(item.id)?.state).toBe('delivered');
  });

  it('leases a claim for longer than the worst case of its one call', () => {
    for (const timeout of [1_000, 10_000, 60_000]) {
      expect(deliveryLeaseMs(timeout)).toBeGreaterThanOrEqual(3 * timeout);
    }
  });

  it('sends about one message a second into one conversation, without holding up others', async () => {
    members.upsertProfiles([profile('UTWO', { timeZone: 'America/New_York' })], clock());
    for (let i = 0; i < 10; i++) enqueue(`ny${i}`, 'UNY');
    enqueue('two', 'UTWO');
    await run();
    expect(messenger.posted).toHaveLength(11);
    expect(messenger.maxInFlightPerRecipient).toBe(1);
    const ny = messenger.posted.filter((p) => p.item.recipientId === 'UNY').map((p) => p.at);
    expect(ny.filter((at) => at < 1000).length).toBeLessThanOrEqual(3); // a short burst
    expect((ny.at(-1) ?? 0) - (ny[0] ?? 0)).toBeGreaterThanOrEqual(7 * 1000 - 50);
    expect(messenger.posted.find((p) => p.item.recipientId === 'UTWO')?.at).toBeLessThan(1000);
    expect(
      ny.map(
        (_, i) =>
          messenger.posted.filter((p) => p.item.recipientId === 'UNY')[i]?.item.idempotencyKey,
      ),
    ).toEqual(Array.from({ length: 10 }, (_, i) => `ny${i}`));
  });

  it('honours Retry-After: nothing is posted before it has passed, and nothing is lost', async () => {
    for (let i = 0; i < 3; i++) enqueue(`k${i}`, 'UNY');
    let limited = false;
    const limiting: Messenger = {
      deliver: (item, ctx) => {
        if (!limited) {
          limited = true;
          return Promise.reject(
            new DeliveryError('chat.postMessage: rate limited', 'rate-limited', {
              retryAfterMs: 30_000,
            }),
          );
        }
        return messenger.deliver(item, ctx);
      },
      deliverDigest: (items, ctx) => messenger.deliverDigest(items, ctx),
      findDelivered: (r, i) => messenger.findDelivered(r, i),
      post: (i, t) => messenger.post(i, t),
      findPosted: (t, i) => messenger.findPosted(t, i),
      checkToken: () => messenger.checkToken(),
    };
    const report = await deliverDueItems({ ...deps, messenger: limiting }, { timer });
    expect(report).toMatchObject({ rateLimited: 1, delivered: 3, failed: 0 });
    expect(Math.min(...messenger.posted.map((p) => p.at))).toBeGreaterThanOrEqual(30_000);
    expect(queue.countByState()).toEqual({ delivered: 3 });
  });

  it('pauses on a refused token without skipping, rerouting or counting an attempt, and resumes', async () => {
    const items = [enqueue('a'), enqueue('b', 'UNOTZ')];
    messenger.failWith = new DeliveryError('chat.postMessage: token_revoked', 'token', {
      code: 'token_revoked',
    });
    messenger.tokenWorks = false;
    const worker = new DeliveryWorker(deps, { timer });
    const report = await worker.drain();
    expect(report).toMatchObject({ delivered: 0, undeliverable: 0 });
    expect(worker.status().paused).toMatchObject({ code: 'token_revoked' });
    expect(items.map((i) => queue.get(i.id))).toMatchObject([
      { state: 'queued', attempts: 0 },
      { state: 'queued', attempts: 0 },
    ]);
    expect(undeliverable).toEqual([]);
    clock.advance(60_000);
    expect(await worker.resumeIfTokenWorks()).toBe(false);
    expect((await worker.drain()).delivered).toBe(0);

    messenger.failWith = undefined;
    messenger.tokenWorks = true;
    expect(await worker.resumeIfTokenWorks()).toBe(true);
    expect((await worker.drain()).delivered).toBe(2);
    expect(items.map((i) => queue.get(i.id)?.state)).toEqual(['delivered', 'delivered']);
  });

  it('stops sending at a failure on the way to Slack until the next wake', async () => {
    for (let i = 0; i < 6; i++) enqueue(`k${i}`, i % 2 ? 'UNY' : 'UNOTZ');
    messenger.failWith = new DeliveryError('chat.postMessage: ECONNREFUSED', 'not-sent');
    const report = await deliverDueItems(deps, { timer, concurrency: 2 });
    expect(report.failed).toBeLessThanOrEqual(2);
    expect(queue.countByState().queued).toBe(6);
  });

  it('hands an undeliverable item to its feature instead of retrying forever', async () => {
    const a = enqueue('gone', 'UGONE');
    const b = enqueue('unknown', 'UNKNOWN');
    const c = enqueue('rejected');
    messenger.failWith = new DeliveryError('Slack cannot reach UNY: user_not_found', 'unreachable');
    const report = await run();
    expect(report.undeliverable).toBe(3);
    expect([a, b, c].map((i) => queue.get(i.id)?.state)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(undeliverable).toEqual(
      expect.arrayContaining([
        'gone: the recipient is deactivated or a bot',
        'unknown: the recipient is unknown',
        'rejected: Slack cannot reach UNY: user_not_found',
      ]),
    );
  });
});
