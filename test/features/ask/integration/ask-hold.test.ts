import { describe, expect, it } from 'vitest';
import { askQuestion } from '../../../../src/features/ask/services/ask.js';
import { confirmAnswer, releaseQuestion } from '../../../../src/features/ask/services/settle.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

/** Monday 10:00 UTC: everyone works 09:00-17:00 UTC. */
async function setUp() {
  const clock = testClock('2026-03-09T10:00:00Z');
  const ctx = serviceContext(clock, { askHoldMs: 10 * 60_000 });
  ctx.members.upsertProfiles(
    ['UASK', 'UEXP'].map((id) => profile(id)),
    clock(),
  );
  ctx.experts.add('keyword', 'invoices', 'UEXP', 'UADMIN', clock());
  const { document } = ctx.knowledge.upsert(
    { title: 'Invoices', body: 'Invoices are paid twice a month.', source: 'written' },
    clock(),
  );
  const outcome = await askQuestion(ctx, {
    askerId: 'UASK',
    text: 'Who signs invoices above the limit when finance is away?',
    place: { channelId: null },
  });
  expect(outcome.kind).toBe('held');
  const item = ctx.queue.openForRecipient('UEXP')[0];
  if (!item) throw new Error('the held question should be queued');
  return { clock, ctx, document, questionId: outcome.question.id, item };
}

describe('a held question and the delivery worker', () => {
  it('is not claimed during the hold, and once withdrawn it is never claimed', async () => {
    const { clock, ctx, document, questionId, item } = await setUp();
    expect(ctx.queue.claimNext(clock(), 'worker')).toBeUndefined();
    const confirmed = confirmAnswer(ctx, { questionId, documentId: document.id, userId: 'UASK' });
    expect(confirmed).toMatchObject({ closed: 'withdrawn', expertIds: [], toClose: [] });
    clock.set('2026-03-09T11:00:00Z');
    expect(ctx.queue.claimNext(clock(), 'worker')).toBeUndefined();
    expect(ctx.queue.get(item.id)?.state).toBe('skipped');
  });

  it('closes the question but leaves an item the worker claimed at that moment to the worker', async () => {
    const { clock, ctx, document, questionId, item } = await setUp();
    clock.set('2026-03-09T10:10:00Z');
    // The worker claims it just before the asker's click is handled.
    expect(ctx.queue.claimNext(clock(), 'worker')?.id).toBe(item.id);
    const confirmed = confirmAnswer(ctx, { questionId, documentId: document.id, userId: 'UASK' });
    expect(confirmed).toMatchObject({ closed: 'settled', expertIds: ['UEXP'], toClose: [] });
    expect(ctx.queue.get(item.id)?.state).toBe('sending');
    expect(ctx.questions.get(questionId)?.state).toBe('answered');
    expect(
      ctx.queue.markDelivered(item.id, 'worker', { channel: 'DEXP', ts: '1.1', at: clock() }),
    ).toBe(true);
  });

  it('releases a held item at once on Ask now, and not twice', async () => {
    const { ctx, questionId, item } = await setUp();
    const released = releaseQuestion(ctx, { questionId, userId: 'UASK' });
    expect(released).toMatchObject({ kind: 'routed', released: true });
    expect(ctx.queue.get(item.id)).toMatchObject({
      state: 'queued',
      notBefore: null,
      deliverAfter: Date.parse('2026-03-09T10:00:00Z'),
    });
    expect(() => releaseQuestion(ctx, { questionId, userId: 'UASK' })).toThrow(
      'already gone to a person',
    );
    expect(() => releaseQuestion(ctx, { questionId, userId: 'UEXP' })).toThrow(
      'I can’t find that question',
    );
  });
});
