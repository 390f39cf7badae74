import { describe, expect, it } from 'vitest';
import { answerReview, latestReviewOf } from '../../../../src/core/services/reviews.js';
import {
  acceptStage,
  PLAN_STAGE_REVIEW_KIND,
  planView,
  stagesAwaitingReview,
  startPlan,
} from '../../../../src/features/plans/services/plans.js';
import { acceptAssignment, proposeOwner } from '../../../../src/features/plans/services/who.js';
import { acceptWho, isComplete } from '../../../../src/features/plans/services/who-stage.js';
import { planMessage } from '../../../../src/features/plans/slack/views/message.js';
import { FORMS, own, planToWho, submitAndAccept, taskIds, whoOf, world } from './who-world.js';

const textOf = (message: { text: string; blocks?: unknown[] }) => JSON.stringify(message.blocks);

describe('the who as a stage', () => {
  it('has no reviewers unless named; the plan’s owner may not review it', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    expect(whoOf(ctx, plan.id)).toMatchObject({ state: 'draft', reviewerIds: [], revision: 0 });
    expect(() =>
      startPlan(ctx, {
        ownerId: 'UOWN',
        channelId: 'CPLAN',
        title: 'Second',
        targetDate: '2026-04-30',
        today: '2026-03-09',
        reviewers: { why: ['UPAT'], what: ['UBOB'], how: ['UBEA'], who: ['UOWN'] },
      }),
    ).toThrow('You own the plan');
    expect(ctx.plans.ownedBy('UOWN')).toHaveLength(1);
  });

  it('without reviewers: its owner accepts it once every task is accepted, and the plan is complete', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    const [first = 0, second = 0] = taskIds(ctx, plan.id);
    const who = whoOf(ctx, plan.id);
    own(ctx, first, 'UBOB');
    expect(
      planMessage(planView(ctx, plan))
        .blocks.map((b) => JSON.stringify(b))
        .join(),
    ).toContain('1 of 2 tasks accepted by their owner');
    // Before every task is accepted, and by anyone but its owner: refused, nothing changes.
    expect(() => acceptWho(ctx, { userId: 'UOWN', stageId: who.id })).toThrow(
      'every task has an owner who accepted it: 1 of 2 have. Nothing was changed.',
    );
    const result = own(ctx, second, 'UEVE');
    expect(result.who).toMatchObject({ reopened: false });
    expect(result.who?.submitted).toBeUndefined();
    expect(whoOf(ctx, plan.id)).toMatchObject({ state: 'draft', revision: 0 });
    expect(textOf(planMessage(planView(ctx, plan)))).toContain('Accept the who');
    expect(() => acceptWho(ctx, { userId: 'UBOB', stageId: who.id })).toThrow(
      'Only the plan’s owner can accept its who.',
    );
    expect(whoOf(ctx, plan.id).state).toBe('draft');

    const accepted = acceptWho(ctx, { userId: 'UOWN', stageId: who.id });
    expect(accepted.stage).toMatchObject({ state: 'accepted', revision: 1 });
    expect(ctx.plans.latestRevision(who.id)?.content).toEqual({
      stage: 'who',
      content: {
        tasks: [
          { taskId: first, title: 'Token endpoint', ownerId: 'UBOB', due: '2026-04-10' },
          { taskId: second, title: 'Usage dashboard', ownerId: 'UEVE', due: '2026-04-20' },
        ],
      },
    });
    expect(isComplete(ctx.plans.stagesOf(plan.id))).toBe(true);
    const shown = planMessage(planView(ctx, plan));
    expect(shown.text).toBe('Plan: Partner API (complete)');
    expect(textOf(shown)).toContain('This plan is complete');
    expect(textOf(shown)).not.toContain('Accept the who');
    expect(() => acceptWho(ctx, { userId: 'UOWN', stageId: who.id })).toThrow(
      'The who is accepted, so there is nothing to accept.',
    );

    // A task given to someone else reopens it; accepted again, it is its next revision.
    const moved = proposeOwner(ctx, { userId: 'UOWN', taskId: second, candidateId: 'UBEA' });
    expect(moved.who).toMatchObject({ reopened: true, stage: { state: 'draft', revision: 1 } });
    expect(isComplete(ctx.plans.stagesOf(plan.id))).toBe(false);
    expect(textOf(planMessage(planView(ctx, plan)))).not.toContain('This plan is complete');
    const item = ctx.queue
      .withKeyPrefix(`plan-task-assignment:${second}:`)
      .find((i) => i.recipientId === 'UBEA');
    acceptAssignment(ctx, { userId: 'UBEA', itemId: item?.id ?? 0 });
    expect(acceptWho(ctx, { userId: 'UOWN', stageId: who.id }).stage).toMatchObject({
      state: 'accepted',
      revision: 2,
    });
  });

  it('with reviewers: submitted to the core’s review once every task is accepted, reopened by a change', () => {
    const { ctx } = world();
    const plan = planToWho(ctx, { who: ['UPAT'] });
    const [first = 0, second = 0] = taskIds(ctx, plan.id);
    const who = whoOf(ctx, plan.id);
    own(ctx, first, 'UBOB');
    expect(latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, who.id)).toBeUndefined();
    const last = own(ctx, second, 'UEVE');
    expect(last.who?.submitted?.review.reviewers.map((r) => r.memberId)).toEqual(['UPAT']);
    expect(whoOf(ctx, plan.id)).toMatchObject({ state: 'in_review', revision: 1 });
    const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, who.id);
    expect(review?.state).toBe('open');
    // Home's "Plan stages waiting for my review" lists it for its reviewer.
    expect(stagesAwaitingReview(ctx, 'UPAT').map((w) => [w.stage.stage, w.why])).toEqual([
      ['who', 'review'],
    ]);
    // The owner's own button does not skip the review.
    expect(() => acceptWho(ctx, { userId: 'UOWN', stageId: who.id })).toThrow(
      'The who is in review, so there is nothing to accept.',
    );

    // A task given to someone else while it is in review closes that review and reopens it.
    proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBEA' });
    expect(ctx.reviews.get(review?.id ?? 0)?.state).toBe('closed');
    expect(whoOf(ctx, plan.id)).toMatchObject({ state: 'draft', revision: 1 });
    expect(stagesAwaitingReview(ctx, 'UPAT')).toEqual([]);
    const item = ctx.queue
      .withKeyPrefix(`plan-task-assignment:${first}:`)
      .find((i) => i.recipientId === 'UBEA');
    const again = acceptAssignment(ctx, { userId: 'UBEA', itemId: item?.id ?? 0 });
    expect(again.who?.submitted?.revision.number).toBe(2);
    const reopenedReview = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, who.id);
    expect(reopenedReview?.id).not.toBe(review?.id);

    answerReview(ctx, { reviewId: reopenedReview?.id ?? 0, userId: 'UPAT', answer: 'agree' });
    acceptStage(ctx, { userId: 'UOWN', stageId: who.id });
    expect(whoOf(ctx, plan.id)).toMatchObject({ state: 'accepted', revision: 2 });
    expect(isComplete(ctx.plans.stagesOf(plan.id))).toBe(true);
  });

  it('reopens an accepted who when a revised how accepted again changes its tasks', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    const [first = 0, second = 0] = taskIds(ctx, plan.id);
    own(ctx, first, 'UBOB');
    own(ctx, second, 'UEVE');
    const who = whoOf(ctx, plan.id);
    acceptWho(ctx, { userId: 'UOWN', stageId: who.id });
    submitAndAccept(ctx, plan.id, 'how', {
      ...FORMS.how,
      how_tasks: `${FORMS.how.how_tasks}\nDocs | 1 | 2d | 2026-04-22`,
    });
    expect(whoOf(ctx, plan.id)).toMatchObject({ state: 'draft', revision: 1 });
    expect(ctx.plans.tasksOf(plan.id).map((t) => t.state)).toEqual([
      'accepted',
      'accepted',
      'unassigned',
    ]);
  });

  it('keeps an accepted who when a revised how keeps its tasks and their owners', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    const [first = 0, second = 0] = taskIds(ctx, plan.id);
    own(ctx, first, 'UBOB');
    own(ctx, second, 'UEVE');
    acceptWho(ctx, { userId: 'UOWN', stageId: whoOf(ctx, plan.id).id });
    submitAndAccept(ctx, plan.id, 'how', { ...FORMS.how, how_because: 'Rotation, and audits' });
    expect(whoOf(ctx, plan.id)).toMatchObject({ state: 'accepted', revision: 1 });
  });
});
