import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../../../src/core/domain/queue.js';
import { askQuestion } from '../../../../src/features/ask/services/ask.js';
import { escalateOverdue } from '../../../../src/features/ask/services/escalate.js';
import type { QuestionNotifier } from '../../../../src/features/ask/services/ports.js';
import { slackNames } from '../../../../src/features/ask/slack/views/names.js';
import type { Question } from '../../../../src/features/ask/store/question-repository.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

describe('escalateOverdue', () => {
  it('keeps going when one reminder cannot be posted, and does not retry it every minute', async () => {
    const clock = testClock('2026-03-09T10:00:00Z');
    const ctx = serviceContext(clock);
    ctx.members.upsertProfiles(
      ['UASK', 'UEXP1', 'UEXP2'].map((id) => profile(id)),
      clock(),
    );
    ctx.experts.add('keyword', 'alpha', 'UEXP1', 'UADMIN', clock());
    ctx.experts.add('keyword', 'beta', 'UEXP2', 'UADMIN', clock());
    for (const text of ['alpha question', 'beta question']) {
      const outcome = await askQuestion(ctx, { askerId: 'UASK', text, place: { channelId: null } });
      expect(outcome.kind).toBe('routed');
    }
    for (const item of [
      ...ctx.queue.openForRecipient('UEXP1'),
      ...ctx.queue.openForRecipient('UEXP2'),
    ]) {
      ctx.queue.claimNext(clock(), 't');
      ctx.queue.markDelivered(item.id, 't', {
        channel: `D${item.recipientId}`,
        ts: '1.1',
        at: clock(),
      });
    }

    const reminded: string[] = [];
    const notifier: QuestionNotifier = {
      names: slackNames,
      remind(item: QueueItem, _question: Question) {
        if (item.recipientId === 'UEXP1') throw new Error('message_not_found');
        reminded.push(item.recipientId);
      },
      async closeDelivered() {},
      askChannel() {
        return false;
      },
    };
    clock.set('2026-03-09T14:00:00Z');
    expect(escalateOverdue(ctx, notifier)).toEqual({ reminded: 1, escalated: 0 });
    expect(reminded).toEqual(['UEXP2']);
    clock.set('2026-03-09T14:01:00Z');
    expect(escalateOverdue(ctx, notifier)).toEqual({ reminded: 0, escalated: 0 });
  });

  it('reminds a question even when other kinds of items fill the overdue page', async () => {
    const clock = testClock('2026-03-09T10:00:00Z');
    const ctx = serviceContext(clock);
    ctx.members.upsertProfiles(
      ['UASK', 'UEXP', 'UOWN'].map((id) => profile(id)),
      clock(),
    );
    ctx.experts.add('keyword', 'alpha', 'UEXP', 'UADMIN', clock());
    // A hundred follow-ups of decisions, overdue since before the question was asked.
    for (let i = 1; i <= 100; i++) {
      ctx.queue.enqueue(
        {
          kind: 'decision_follow_up',
          recipientId: 'UOWN',
          payload: { decisionId: 1, followUpId: i },
          deliverAfter: clock(),
          dueBy: clock() + 1000,
          idempotencyKey: `decision-follow-up:${i}`,
        },
        clock(),
      );
    }
    await askQuestion(ctx, { askerId: 'UASK', text: 'alpha question', place: { channelId: null } });
    for (let claimed = ctx.queue.claimNext(clock(), 't'); claimed; ) {
      ctx.queue.markDelivered(claimed.id, 't', { channel: 'D1', ts: '1.1', at: clock() });
      claimed = ctx.queue.claimNext(clock(), 't');
    }
    const reminded: string[] = [];
    const notifier: QuestionNotifier = {
      names: slackNames,
      remind(item: QueueItem) {
        reminded.push(item.recipientId);
      },
      async closeDelivered() {},
      askChannel() {
        return false;
      },
    };
    clock.set('2026-03-09T14:00:00Z');
    expect(escalateOverdue(ctx, notifier)).toEqual({ reminded: 1, escalated: 0 });
    expect(reminded).toEqual(['UEXP']);
  });
});
