import { beforeEach, describe, expect, it } from 'vitest';
import type { QueueItem } from '../../../src/core/domain/queue.js';
import {
  type DeliveryDeps,
  DeliveryWorker,
  deliverDueItems,
} from '../../../src/core/services/delivery.js';
import { DeliveryError, type PostedMessage } from '../../../src/core/services/ports.js';
import {
  enqueuePost,
  postKey,
  redirectUndeliverablePost,
} from '../../../src/core/services/posts.js';
import { MemberRepository } from '../../../src/core/store/member-repository.js';
import { QueueRepository } from '../../../src/core/store/queue-repository.js';
import { InsightsRepository } from '../../../src/features/ask/store/insights-repository.js';
import { MemoryMessenger, virtualTimer } from '../../support/memory-messenger.js';
import { freshDatabase, profile, testClock } from '../../support/store.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('posts into conversations, through the delivery worker', () => {
  const clock = testClock('2026-03-09T13:00:00Z');
  let queue: QueueRepository;
  let insights: InsightsRepository;
  let messenger: MemoryMessenger;
  let deps: DeliveryDeps;
  let posted: { key: string; ts: string }[];
  const timer = virtualTimer();
  const run = () => deliverDueItems(deps, { timer });
  const ctx = () => ({ queue, clock });

  beforeEach(() => {
    clock.set('2026-03-09T13:00:00Z');
    const db = freshDatabase();
    queue = new QueueRepository(db);
    insights = new InsightsRepository(db);
    const members = new MemberRepository(db);
    members.upsertProfiles([profile('UASKER', { timeZone: 'Asia/Tokyo' })], clock());
    messenger = new MemoryMessenger(timer);
    posted = [];
    deps = {
      queue,
      members,
      messenger,
      clock,
      logger: silent,
      defaultTimeZone: 'UTC',
      onPosted: (item: QueueItem, message: PostedMessage) =>
        posted.push({ key: item.idempotencyKey, ts: message.ts }),
      onUndeliverable: async (item) => redirectUndeliverablePost(ctx(), item),
    };
  });

  const day = () =>
    enqueuePost(ctx(), { channelId: 'CTEAM', message: { text: 'Standup' }, key: 'day' }).item;
  const reply = (key: string) =>
    enqueuePost(ctx(), {
      channelId: 'CTEAM',
      parentKey: postKey('day'),
      message: { text: key },
      key,
    }).item;

  it('posts at once whatever the hours, a reply in the thread of its parent, and tells who needs the ts', async () => {
    const parent = day();
    const child = reply('answer');
    const report = await run();
    expect(report.delivered).toBe(2);
    expect(messenger.posts.map((p) => [p.item.id, p.target])).toEqual([
      [parent.id, { channelId: 'CTEAM' }],
      [child.id, { channelId: 'CTEAM', threadTs: '2000.000100' }],
    ]);
    expect(posted).toEqual([
      { key: 'post:day', ts: '2000.000100' },
      { key: 'post:answer', ts: '2001.000100' },
    ]);
    expect(queue.get(child.id)).toMatchObject({ state: 'delivered', deliveredChannel: 'CTEAM' });
  });

  it('is not counted as held for anyone’s working hours in the team’s insights', async () => {
    const since = clock();
    day();
    clock.advance(5 * 60_000); // posted late, after an outage
    await run();
    expect(insights.deliveryStatsSince(since)).toMatchObject({ held: 0, heldMs: 0 });
  });

  it('a reply whose parent is not posted yet waits for it', async () => {
    messenger.failWith = new DeliveryError('chat.postMessage: HTTP 400', 'not-sent', {
      code: 'invalid_blocks',
    });
    day();
    const child = reply('answer');
    await run();
    expect(messenger.posts).toHaveLength(0);
    expect(queue.get(child.id)).toMatchObject({ state: 'queued', attempts: 0 });
    messenger.failWith = undefined;
    clock.advance(60_000);
    await run();
    expect(messenger.posts.map((p) => p.target.threadTs)).toEqual([undefined, '2000.000100']);
  });

  it('a lost answer: looks in the thread, finds the reply, and never posts it twice', async () => {
    day();
    await run();
    const child = reply('answer');
    messenger.loseAnswerWith = new DeliveryError('chat.postMessage: socket hang up', 'in-doubt');
    expect((await run()).failed).toBe(1);
    messenger.loseAnswerWith = undefined;
    clock.advance(60_000);
    const report = await run();
    expect(report).toMatchObject({ recovered: 1, delivered: 0 });
    expect(messenger.postLookups.map((l) => l.target)).toEqual([
      { channelId: 'CTEAM', threadTs: '2000.000100' },
    ]);
    expect(messenger.posts).toHaveLength(2);
    expect(queue.get(child.id)).toMatchObject({ state: 'delivered', deliveredTs: '2001.000100' });
    expect(posted.map((p) => p.key)).toEqual(['post:day', 'post:answer']);
  });

  it('a connection dropped before Slack stored it: looked up, then posted once', async () => {
    const item = day();
    messenger.failWith = new DeliveryError('chat.postMessage: socket hang up', 'in-doubt');
    expect((await run()).failed).toBe(1);
    messenger.failWith = undefined;
    clock.advance(60_000);
    expect((await run()).delivered).toBe(1);
    expect(messenger.postLookups).toHaveLength(1);
    expect(messenger.posts).toHaveLength(1);
    expect(queue.get(item.id)?.state).toBe('delivered');
  });

  it('a conversation that will not take it: the person it was for gets it in their DM instead', async () => {
    const item = enqueuePost(ctx(), {
      channelId: 'CNOTIN',
      threadTs: '1.000100',
      message: { text: 'The reply' },
      key: 'mention',
      orElse: { userId: 'UASKER', message: { text: 'I am not in that channel' } },
    }).item;
    const post = messenger.post.bind(messenger);
    messenger.post = async (claimed, target) => {
      if (target.channelId !== 'CNOTIN') return post(claimed, target);
      throw new DeliveryError('chat.postMessage: not_in_channel', 'unreachable', {
        code: 'not_in_channel',
      });
    };
    expect(await run()).toMatchObject({ undeliverable: 1, delivered: 1 });
    expect(queue.get(item.id)?.state).toBe('skipped');
    expect(messenger.posts.map((p) => [p.target, p.item.payload.text])).toEqual([
      [{ channelId: 'UASKER' }, 'I am not in that channel'],
    ]);
  });

  it('during an outage sends nothing but a probe, and when Slack answers sends what waited at once', async () => {
    const worker = new DeliveryWorker(deps, { timer, concurrency: 1 });
    const items = [
      day(),
      ...['a', 'b'].map(
        (key) => enqueuePost(ctx(), { channelId: `C${key}`, message: { text: key }, key }).item,
      ),
    ];
    let tries = 0;
    const post = messenger.post.bind(messenger);
    messenger.post = (claimed, target) => {
      tries += 1;
      return post(claimed, target);
    };
    messenger.failWith = new DeliveryError('chat.postMessage: socket hang up', 'in-doubt');
    messenger.probeFails = true;
    await worker.drain();
    expect(worker.status().slack).toEqual({ token: 'unknown', unreachableSince: clock() });
    clock.advance(60_000);
    await worker.drain();
    await worker.drain();
    expect(messenger.probes).toBe(2);
    expect(worker.status().slack.unreachableSince).toBeDefined();

    messenger.failWith = undefined;
    messenger.probeFails = false;
    clock.advance(10_000);
    await worker.drain();
    expect(worker.status().slack).toEqual({ token: 'accepted', unreachableSince: undefined });
    expect(tries).toBe(4); // one during the outage, then each once
    expect(messenger.posts).toHaveLength(3);
    expect(items.map((i) => queue.get(i.id)?.state)).toEqual(Array(3).fill('delivered'));
    // The one in doubt was looked for before it went out again.
    expect(messenger.postLookups).toHaveLength(1);
  });
});
