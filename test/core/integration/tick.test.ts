import { describe, expect, it } from 'vitest';
import type { MemberProfile } from '../../../src/core/domain/member.js';
import { backgroundDirectorySync, backgroundWork, tick } from '../../../src/core/jobs/tick.js';
import { DeliveryWorker } from '../../../src/core/services/delivery.js';
import type { Messenger } from '../../../src/core/services/ports.js';
import type { QuestionNotifier } from '../../../src/features/ask/services/ports.js';
import { slackNames } from '../../../src/features/ask/slack/views/names.js';
import { profile, serviceContext, testClock } from '../../support/store.js';

const notifier: QuestionNotifier = {
  names: slackNames,
  remind: () => {},
  closeDelivered: async () => {},
  askChannel: () => false,
};

describe('the tick', () => {
  it('delivers while a day-old directory is still being read, and never waits for it', async () => {
    const clock = testClock('2026-03-09T14:00:00Z');
    const ctx = serviceContext(clock);
    ctx.members.upsertProfiles([profile('U1')], clock());
    ctx.queue.enqueue(
      {
        kind: 'notice',
        recipientId: 'U1',
        payload: { text: 'hello' },
        deliverAfter: clock(),
        idempotencyKey: 'k',
      },
      clock(),
    );
    let pagesAsked = 0;
    let finishSync = () => {};
    const slowDirectory = {
      members: ctx.members,
      appState: ctx.appState,
      clock,
      source: {
        async *pages(): AsyncIterable<MemberProfile[]> {
          pagesAsked += 1;
          // users.list at Tier 2: minutes for a large workspace.
          await new Promise<void>((resolve) => {
            finishSync = resolve;
          });
          yield [profile('U1')];
        },
      },
    };
    const posted: string[] = [];
    const messenger: Messenger = {
      deliver: async (item) => {
        posted.push(item.idempotencyKey);
        return { channel: 'D1', ts: '1.1' };
      },
      deliverDigest: async () => {
        throw new Error('no digests here');
      },
      findDelivered: async () => new Map(),
      post: async () => ({ channel: 'C1', ts: '2.1' }),
      findPosted: async () => new Map(),
      checkToken: async () => {},
    };
    const delivery = new DeliveryWorker({ ...ctx, messenger, defaultTimeZone: 'UTC' });
    const directory = backgroundDirectorySync(slowDirectory, ctx.logger);

    const report = await tick({
      ctx,
      delivery,
      directory,
      questions: notifier,
      background: backgroundWork(ctx.logger),
    });
    expect(report.directorySyncStarted).toBe(true);
    await delivery.drain();
    expect(posted).toEqual(['k']);
    expect(pagesAsked).toBe(1);

    clock.advance(60_000);
    expect(
      (
        await tick({
          ctx,
          delivery,
          directory,
          questions: notifier,
          background: backgroundWork(ctx.logger),
        })
      ).directorySyncStarted,
    ).toBe(false); // one sync at a time
    finishSync();
    await directory.settled();
    clock.advance(60_000);
    expect(
      (
        await tick({
          ctx,
          delivery,
          directory,
          questions: notifier,
          background: backgroundWork(ctx.logger),
        })
      ).directorySyncStarted,
    ).toBe(false); // fresh for a day
  });
});
