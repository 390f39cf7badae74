import { describe, expect, it } from 'vitest';
import {
  acceptReview,
  answerConcern,
  answerReview,
  raiseConcern,
  withdrawConcern,
} from '../../../../src/core/services/reviews.js';
import type { RawDecisionDraft } from '../../../../src/features/decisions/domain/draft.js';
import {
  acceptDecision,
  editDecision,
  endDecision,
} from '../../../../src/features/decisions/services/change.js';
import { decisionRecord } from '../../../../src/features/decisions/services/find.js';
import { InvalidDecision, logDecision } from '../../../../src/features/decisions/services/log.js';
import {
  DECISION_REVIEW_KIND,
  decisionsAwaitingReview,
  reviewOfDecision,
} from '../../../../src/features/decisions/services/review.js';
import { decisionReviewSubject } from '../../../../src/features/decisions/services/review-subject.js';
import { awaitingReviewBlocks } from '../../../../src/features/decisions/slack/views/home-section.js';
import { reviewBlocks } from '../../../../src/features/decisions/slack/views/message.js';
import { textOf } from '../../../support/blocks.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

// Monday 2026-03-09, 10:00 UTC.
const NOW = '2026-03-09T10:00:00Z';
const HOUR = 3600_000;

function world() {
  const clock = testClock(NOW);
  const ctx = serviceContext(clock);
  ctx.hooks.onReview(decisionReviewSubject(ctx));
  ctx.members.upsertProfiles(
    [
      profile('UADA'),
      profile('UBOB', { timeZone: 'America/New_York' }),
      profile('UEVE', { timeZone: 'Asia/Kolkata' }),
      profile('UPAT', { timeZone: 'Pacific/Auckland' }),
      profile('UGONE', { deleted: true }),
      profile('UGUEST', { isGuest: true }),
    ],
    clock(),
  );
  ctx.channels.upsert(
    { id: 'CGEN', name: 'general', isPrivate: false, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CGEN', ['UADA', 'UBOB', 'UEVE', 'UPAT', 'UGONE'], clock());
  ctx.channels.upsert(
    { id: 'CSEC', name: 'secret', isPrivate: true, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CSEC', ['UADA', 'UBOB'], clock());
  return { clock, ctx };
}

function draft(patch: RawDecisionDraft = {}): RawDecisionDraft {
  return {
    title: 'Drop IE11',
    why: 'It costs a week a quarter.',
    options: [{ name: 'Drop it', pros: 'Time back', cons: 'Some users leave' }],
    chosen: 'Drop it',
    tradeOff: '',
    ownerIds: ['UADA'],
    consultedIds: [],
    followUps: [],
    status: 'accepted',
    revisitOn: null,
    ...patch,
  };
}

const itemsOf = (ctx: ReturnType<typeof world>['ctx'], kind: string) =>
  ctx.db.$client.prepare('SELECT * FROM queue_items WHERE kind = ?').all(kind) as {
    recipient_id: string;
    state: string;
  }[];

describe('a decision logged with reviewers', () => {
  it('is in review, asks each reviewer in their hours, and names them as consulted', () => {
    const { ctx } = world();
    const logged = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: draft({ reviewerIds: ['UBOB', 'UEVE', 'UPAT'] }),
    });
    expect(logged.decision.status).toBe('in_review');
    expect(logged.decision.consultedIds).toEqual(['UBOB', 'UEVE', 'UPAT']);
    expect(logged.review?.reviewers.map((r) => r.memberId).sort()).toEqual([
      'UBOB',
      'UEVE',
      'UPAT',
    ]);
    expect(logged.review?.review.windowHours).toBe(16);
    expect(
      itemsOf(ctx, 'review_request')
        .map((i) => i.recipient_id)
        .sort(),
    ).toEqual(['UBOB', 'UEVE', 'UPAT']);
    // Not accepted yet: no follow-ups go out.
    expect(logged.decision.decidedAt).toBeNull();
  });

  it('with no reviewers is still logged as accepted', () => {
    const { ctx } = world();
    const logged = logDecision(ctx, { userId: 'UADA', channelId: 'CGEN', draft: draft() });
    expect(logged.decision.status).toBe('accepted');
    expect(logged.review).toBeUndefined();
    expect(itemsOf(ctx, 'review_request')).toEqual([]);
  });

  it('keeps informed people, and the review window typed', () => {
    const { ctx } = world();
    const logged = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: draft({ reviewerIds: ['UBOB'], informedIds: ['UEVE'], reviewHours: '8' }),
    });
    expect(logged.decision.informedIds).toEqual(['UEVE']);
    expect(logged.review?.review.windowHours).toBe(8);
  });

  it('refuses a reviewer outside its private channel before anything is stored or sent', () => {
    const { ctx } = world();
    let error: unknown;
    try {
      logDecision(ctx, {
        userId: 'UADA',
        channelId: 'CSEC',
        draft: draft({ reviewerIds: ['UEVE'] }),
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidDecision);
    expect((error as InvalidDecision).people.reviewers).toEqual({
      userId: 'UEVE',
      reason: 'outside_conversation',
    });
    expect(ctx.db.$client.prepare('SELECT count(*) AS n FROM decisions').get()).toEqual({ n: 0 });
    expect(ctx.db.$client.prepare('SELECT count(*) AS n FROM queue_items').get()).toEqual({ n: 0 });
  });

  it('refuses a guest reviewer who is not in its channel', () => {
    const { ctx } = world();
    expect(() =>
      logDecision(ctx, {
        userId: 'UADA',
        channelId: 'CGEN',
        draft: draft({ reviewerIds: ['UGUEST'] }),
      }),
    ).toThrow(InvalidDecision);
    expect(ctx.db.$client.prepare('SELECT count(*) AS n FROM decisions').get()).toEqual({ n: 0 });
  });

  it('skips a deactivated reviewer and says so', () => {
    const { ctx } = world();
    const logged = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: draft({ reviewerIds: ['UBOB', 'UGONE'] }),
    });
    expect(logged.skipped).toEqual(['UGONE']);
    expect(logged.review?.reviewers.map((r) => r.memberId)).toEqual(['UBOB']);
    const alone = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: draft({ reviewerIds: ['UGONE'] }),
    });
    expect(alone.skipped).toEqual(['UGONE']);
    expect(alone.decision.status).toBe('accepted');
  });
});

describe('the decisions’ review subject', () => {
  it('describes a decision by its title and message, and lets only those who may see it review', () => {
    const { ctx } = world();
    const logged = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CSEC',
      draft: draft({ reviewerIds: ['UBOB'] }),
    });
    ctx.decisions.update(
      logged.decision.id,
      { messageTs: '1.1', permalink: 'https://x.slack.com/p1' },
      ctx.clock(),
    );
    const subject = decisionReviewSubject(ctx);
    expect(subject.kind).toBe(DECISION_REVIEW_KIND);
    expect(subject.describe(logged.decision.id)).toEqual({
      title: 'Drop IE11',
      link: 'https://x.slack.com/p1',
    });
    expect(subject.describe(999)).toBeUndefined();
    expect(subject.maySee(logged.decision.id, 'UBOB')).toBe(true);
    expect(subject.maySee(logged.decision.id, 'UEVE')).toBe(false);
    expect(subject.maySee(999, 'UBOB')).toBe(false);
  });

  it('is told of each change, so the decision’s message is rewritten', () => {
    const { ctx } = world();
    const logged = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: draft({ reviewerIds: ['UBOB'] }),
    });
    const changed: number[] = [];
    const subject = decisionReviewSubject(ctx, (id) => changed.push(id));
    const found = reviewOfDecision(ctx, logged.decision.id);
    if (found) subject.changed?.(found.review);
    expect(changed).toEqual([logged.decision.id]);
  });
});

describe('accepting or rejecting a decision in review', () => {
  function inReview() {
    const w = world();
    const logged = logDecision(w.ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: draft({
        reviewerIds: ['UBOB', 'UEVE', 'UPAT'],
        followUps: [{ text: 'Tell support', ownerId: 'UADA', dueOn: null }],
      }),
    });
    const reviewId = logged.review?.review.id ?? 0;
    return { ...w, decision: logged.decision, reviewId };
  }

  it('is refused while a concern is open, and accepted once it is answered and withdrawn', () => {
    const { ctx, decision, reviewId } = inReview();
    answerReview(ctx, { reviewId, userId: 'UBOB', answer: 'agree' });
    answerReview(ctx, { reviewId, userId: 'UPAT', answer: 'agree' });
    const concern = raiseConcern(ctx, { reviewId, userId: 'UEVE', reason: 'Support is not ready' });
    expect(() => acceptDecision(ctx, 'UADA', decision.id)).toThrow(/concern is open/);
    expect(ctx.decisions.get(decision.id)?.status).toBe('in_review');
    answerConcern(ctx, { concernId: concern.id, userId: 'UADA', answer: 'They are, since Friday' });
    expect(() => acceptDecision(ctx, 'UADA', decision.id)).toThrow(/concern is open/);
    withdrawConcern(ctx, { concernId: concern.id, userId: 'UEVE' });
    const accepted = acceptDecision(ctx, 'UADA', decision.id);
    expect(accepted.decision.status).toBe('accepted');
    expect(accepted.silent).toEqual([]);
    expect(reviewOfDecision(ctx, decision.id)?.review.state).toBe('accepted');
    expect(itemsOf(ctx, 'decision_follow_up').length).toBe(1);
  });

  it('waits for silent reviewers while their window is open, then reports who stayed silent', () => {
    const { ctx, clock, decision, reviewId } = inReview();
    answerReview(ctx, { reviewId, userId: 'UBOB', answer: 'agree' });
    expect(() => acceptDecision(ctx, 'UADA', decision.id)).toThrow(/Not everyone has answered/);
    const review = reviewOfDecision(ctx, decision.id)?.review;
    clock.advance((review?.windowEndsAt ?? 0) + HOUR - clock());
    const accepted = acceptDecision(ctx, 'UADA', decision.id);
    expect(accepted.silent.map((s) => s.memberId).sort()).toEqual(['UEVE', 'UPAT']);
    expect(textOf(reviewBlocks(decisionRecord(ctx, accepted.decision)))).toContain('stayed silent');
  });

  it('is accepted when its owner goes ahead from the review’s own card at the window’s end', () => {
    const { ctx, decision, reviewId } = inReview();
    acceptReview(ctx, { reviewId, userId: 'UADA', proceed: true });
    const accepted = ctx.decisions.get(decision.id);
    expect(accepted?.status).toBe('accepted');
    expect(ctx.decisions.revisions(decision.id).map((r) => r.change)).toContain('accepted');
    expect(itemsOf(ctx, 'decision_follow_up').length).toBe(1);
  });

  it('rejects with a reason, withdrawing the reviewers’ cards still out', () => {
    const { ctx, decision } = inReview();
    const ended = endDecision(ctx, 'UADA', decision.id, 'reject', 'Customers still need it');
    expect(ended.decision.status).toBe('rejected');
    expect(itemsOf(ctx, 'review_request').map((i) => i.state)).toEqual([
      'expired',
      'expired',
      'expired',
    ]);
    expect(itemsOf(ctx, 'review_reminder').every((i) => i.state === 'expired')).toBe(true);
  });

  it('closes its review when rejected: the window’s end is cancelled and later answers are refused', () => {
    const { ctx, decision, reviewId } = inReview();
    endDecision(ctx, 'UADA', decision.id, 'reject', 'Customers still need it');
    expect(reviewOfDecision(ctx, decision.id)?.review).toMatchObject({
      state: 'closed',
      closedWhy: 'rejected',
    });
    expect(itemsOf(ctx, 'review_window_end').map((i) => i.state)).toEqual(['expired']);
    expect(() => answerReview(ctx, { reviewId, userId: 'UBOB', answer: 'agree' })).toThrow(
      'This review was closed: it was rejected. Nothing more can be added to it.',
    );
    expect(() => raiseConcern(ctx, { reviewId, userId: 'UEVE', reason: 'Late' })).toThrow(
      /This review was closed/,
    );
    expect(
      textOf(reviewBlocks(decisionRecord(ctx, ctx.decisions.get(decision.id) ?? decision))),
    ).toContain('Review* (closed)');
  });

  it('closes its review when superseded, and its owner’s concerns to answer go too', () => {
    const { ctx, decision, reviewId } = inReview();
    raiseConcern(ctx, { reviewId, userId: 'UEVE', reason: 'Support is not ready' });
    logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      supersedesId: decision.id,
      draft: draft({ title: 'Drop IE11 next quarter' }),
    });
    expect(reviewOfDecision(ctx, decision.id)?.review).toMatchObject({
      state: 'closed',
      closedWhy: 'superseded',
    });
    for (const kind of [
      'review_request',
      'review_reminder',
      'review_window_end',
      'review_concern',
    ]) {
      expect(itemsOf(ctx, kind).every((i) => i.state === 'expired' || i.state === 'done')).toBe(
        true,
      );
    }
    expect(() => acceptReview(ctx, { reviewId, userId: 'UADA', proceed: true })).toThrow(
      /This review was closed: it was superseded/,
    );
  });
});

describe('the decision’s message during its review', () => {
  it('says who agreed, whose concern is open or answered, and when each silent window ends', () => {
    const { ctx } = world();
    const logged = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: draft({ reviewerIds: ['UBOB', 'UEVE', 'UPAT'] }),
    });
    const reviewId = logged.review?.review.id ?? 0;
    answerReview(ctx, { reviewId, userId: 'UBOB', answer: 'agree' });
    const concern = raiseConcern(ctx, { reviewId, userId: 'UEVE', reason: 'Support is not ready' });
    const record = () =>
      decisionRecord(ctx, ctx.decisions.get(logged.decision.id) ?? logged.decision);
    let text = textOf(reviewBlocks(record()));
    expect(text).toContain('<@UBOB> :+1: agreed');
    expect(text).toContain('<@UEVE> :raised_hand: raised a concern (open): Support is not ready');
    expect(text).toMatch(
      /<@UPAT> has not answered · their window ends <!date\^\d+\^\{date_short_pretty\} at \{time\}\|/,
    );
    expect(text).toContain('blocks acceptance');
    answerConcern(ctx, { concernId: concern.id, userId: 'UADA', answer: 'It is ready' });
    text = textOf(reviewBlocks(record()));
    expect(text).toContain('raised a concern (answered)');
    expect(text).toContain('_Answer:_ It is ready');
  });
});

describe('the people a decision informs', () => {
  it('get one queue item each on acceptance, rejection, supersede and reversal', () => {
    const { ctx } = world();
    const outcomes = () =>
      ctx.db.$client
        .prepare(
          "SELECT recipient_id, payload, not_before FROM queue_items WHERE kind = 'decision_outcome' ORDER BY id",
        )
        .all() as { recipient_id: string; payload: string; not_before: number | null }[];
    const first = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: draft({ status: 'proposed', informedIds: ['UEVE', 'UPAT'] }),
    });
    expect(outcomes()).toEqual([]);
    acceptDecision(ctx, 'UADA', first.decision.id);
    expect(outcomes().map((o) => [o.recipient_id, JSON.parse(o.payload).outcome])).toEqual([
      ['UEVE', 'accepted'],
      ['UPAT', 'accepted'],
    ]);
    const second = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      supersedesId: first.decision.id,
      draft: draft({ title: 'Drop IE11 and old Safari', informedIds: ['UEVE'] }),
    });
    endDecision(ctx, 'UADA', second.decision.id, 'reverse', 'Support said no', false);
    const third = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: draft({ status: 'proposed', informedIds: ['UBOB'] }),
    });
    endDecision(ctx, 'UADA', third.decision.id, 'reject', 'Not now');
    expect(outcomes().map((o) => [o.recipient_id, JSON.parse(o.payload).outcome])).toEqual([
      ['UEVE', 'accepted'],
      ['UPAT', 'accepted'],
      ['UEVE', 'superseded'],
      ['UPAT', 'superseded'],
      ['UEVE', 'reversed'],
      ['UBOB', 'rejected'],
    ]);
  });

  it('keeps informed people on an edit, and an edit leaves the review as it is', () => {
    const { ctx } = world();
    const logged = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: draft({ reviewerIds: ['UBOB'] }),
    });
    const edited = editDecision(
      ctx,
      'UADA',
      logged.decision.id,
      draft({ consultedIds: ['UBOB'], informedIds: ['UEVE'] }),
      (id) => id,
    );
    expect(edited.decision.status).toBe('in_review');
    expect(edited.decision.informedIds).toEqual(['UEVE']);
    expect(reviewOfDecision(ctx, logged.decision.id)?.reviewers.map((r) => r.memberId)).toEqual([
      'UBOB',
    ]);
  });
});

describe('Home: decisions waiting for my review', () => {
  it('lists a decision for each reviewer until they answer, with their window’s end in their zone', () => {
    const { ctx } = world();
    const logged = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: draft({ reviewerIds: ['UBOB', 'UEVE'] }),
    });
    const reviewId = logged.review?.review.id ?? 0;
    const waiting = decisionsAwaitingReview(ctx, 'UBOB');
    expect(waiting.map((w) => w.decision.id)).toEqual([logged.decision.id]);
    const text = textOf(awaitingReviewBlocks(waiting, 'America/New_York'));
    expect(text).toContain('Decisions waiting for your review (1)');
    expect(text).toContain('Drop IE11');
    expect(text).toMatch(/your window ends \w{3} \d{1,2} \w{3}, \d{2}:\d{2}/);
    answerReview(ctx, { reviewId, userId: 'UBOB', answer: 'agree' });
    expect(decisionsAwaitingReview(ctx, 'UBOB')).toEqual([]);
    expect(decisionsAwaitingReview(ctx, 'UEVE').length).toBe(1);
    expect(decisionsAwaitingReview(ctx, 'UADA')).toEqual([]);
    expect(awaitingReviewBlocks([], 'UTC')).toEqual([]);
    endDecision(ctx, 'UADA', logged.decision.id, 'reject', 'Not now');
    expect(decisionsAwaitingReview(ctx, 'UEVE')).toEqual([]);
  });
});
