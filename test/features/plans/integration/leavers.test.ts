import { describe, expect, it } from 'vitest';
import { applyProfile, syncDirectory } from '../../../../src/core/services/directory.js';
import { ownerLeft } from '../../../../src/core/services/ownership.js';
import { answerReview, latestReviewOf } from '../../../../src/core/services/reviews.js';
import { dropLeaver } from '../../../../src/features/plans/services/leavers.js';
import {
  acceptStage,
  PLAN_STAGE_REVIEW_KIND,
  startPlan,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import { planStageReviewSubject } from '../../../../src/features/plans/services/review-subject.js';
import { markBlocked, markDone } from '../../../../src/features/plans/services/task-progress.js';
import { acceptAssignment, proposeOwner } from '../../../../src/features/plans/services/who.js';
import { acceptWho } from '../../../../src/features/plans/services/who-stage.js';
import { renderDeclined, renderTaskNews } from '../../../../src/features/plans/slack/renderers.js';
import { PLAN_ACTIONS } from '../../../../src/features/plans/slack/views/ids.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

// Monday 2026-03-09, 10:00 UTC: New York moved to UTC−4 yesterday; London is on UTC+0 until
// the 29th.
const NOW = '2026-03-09T10:00:00Z';

function world() {
  const clock = testClock(NOW);
  const ctx = serviceContext(clock);
  ctx.hooks.onReview(planStageReviewSubject(ctx));
  ctx.hooks.onMemberLeft((userId) => dropLeaver(ctx, userId));
  ctx.members.upsertProfiles(
    [
      profile('UOWN', { timeZone: 'Europe/London' }),
      profile('UPAT', { timeZone: 'Pacific/Auckland' }),
      profile('UEVE', { timeZone: 'Asia/Kolkata' }),
      profile('UBOB', { timeZone: 'America/New_York' }),
      profile('UBEA', { timeZone: 'Europe/Berlin' }),
      profile('UGONE', { deleted: true }),
      profile('UGUEST', { isGuest: true }),
      profile('UOUT'),
    ],
    clock(),
  );
  ctx.channels.upsert(
    { id: 'CPLAN', name: 'plan', isPrivate: true, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CPLAN', ['UOWN', 'UPAT', 'UEVE', 'UBOB', 'UBEA', 'UGONE'], clock());
  return { clock, ctx };
}

type Ctx = ReturnType<typeof world>['ctx'];

const FORMS = {
  why: {
    why_goal: 'Partners integrate without us',
    why_asked_by: 'Sales',
    why_objective: 'Grow partner revenue',
    why_success: 'Five partners live by June',
  },
  what: { what_in_scope: 'must: API keys\nshould: usage dashboard', what_out_of_scope: 'Billing' },
  how: {
    how_fast_name: 'Reuse the v1 tokens',
    how_fast_effort: 'low',
    how_fast_risk: 'high',
    how_fast_quality: 'low',
    how_fast_time: '2 weeks',
    how_robust_name: 'OAuth client credentials',
    how_robust_effort: 'high',
    how_robust_risk: 'low',
    how_robust_quality: 'high',
    how_robust_time: '5 weeks',
    how_choice: 'robust',
    how_because: 'Partners need rotation',
    how_tasks: 'Token endpoint | 1 | 3d | 2026-04-10\nUsage dashboard | 2 | 1w | 2026-04-20',
  },
} as const;

function stageOf(ctx: Ctx, planId: number, stage: 'why' | 'what' | 'how') {
  const found = ctx.plans.stagesOf(planId).find((s) => s.stage === stage);
  if (!found) throw new Error(`no ${stage}`);
  return found;
}

function submitAndAccept(
  ctx: Ctx,
  planId: number,
  stage: 'why' | 'what' | 'how',
  form: Record<string, string> = FORMS[stage],
) {
  const id = stageOf(ctx, planId, stage).id;
  submitStage(ctx, { userId: 'UOWN', stageId: id, stage, form });
  const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, id);
  if (!review) throw new Error('no review');
  for (const reviewer of ctx.reviews.reviewersOf(review.id)) {
    answerReview(ctx, { reviewId: review.id, userId: reviewer.memberId, answer: 'agree' });
  }
  acceptStage(ctx, { userId: 'UOWN', stageId: id });
}

/** A plan in #plan owned by UOWN (London), accepted up to the how. */
function planToWho(ctx: Ctx) {
  const { plan } = startPlan(ctx, {
    ownerId: 'UOWN',
    channelId: 'CPLAN',
    title: 'Partner API',
    targetDate: '2026-04-30',
    today: '2026-03-09',
    reviewers: { why: ['UPAT'], what: ['UBOB'], how: ['UBEA'] },
  });
  submitAndAccept(ctx, plan.id, 'why');
  submitAndAccept(ctx, plan.id, 'what');
  submitAndAccept(ctx, plan.id, 'how');
  return plan;
}

const taskIds = (ctx: Ctx, planId: number) => ctx.plans.tasksOf(planId).map((t) => t.id);

function own(ctx: Ctx, taskId: number, ownerId: string) {
  proposeOwner(ctx, { userId: 'UOWN', taskId, candidateId: ownerId });
  const item = ctx.queue
    .withKeyPrefix(`plan-task-assignment:${taskId}:`)
    .find((i) => i.recipientId === ownerId && i.state === 'queued');
  if (!item) throw new Error('no assignment');
  return acceptAssignment(ctx, { userId: ownerId, itemId: item.id });
}

const whoOf = (ctx: Ctx, planId: number) => {
  const found = ctx.plans.stagesOf(planId).find((s) => s.stage === 'who');
  if (!found) throw new Error('no who');
  return found;
};

/** Slack says `userId` was deactivated (a user_change); the core hands over what they had. */
function deactivate(ctx: Ctx, userId: string, timeZone: string) {
  const left = applyProfile(ctx, profile(userId, { timeZone, deleted: true }));
  expect(left).toBe(true);
  ownerLeft(ctx, userId);
}

const told = (ctx: Ctx, taskId: number) =>
  ctx.queue.withKeyPrefix(`plan-task-owner-left:${taskId}:`);
const first0 = <T>(list: readonly T[]): T => {
  const [one] = list;
  if (one === undefined) throw new Error('none');
  return one;
};
const iso = (ms: number) => new Date(ms).toISOString();
const buttons = (blocks: readonly { type: string }[]) =>
  blocks.flatMap((b) =>
    'elements' in b && Array.isArray(b.elements)
      ? b.elements.map((e: { action_id?: string }) => e.action_id)
      : [],
  );

describe('a deactivated owner', () => {
  it('proposed for a task: the task has no owner again, the waiting assignment is cancelled, and the plan’s owner is told once, in his hours, with Propose someone else', () => {
    const { ctx, clock } = world();
    const plan = planToWho(ctx);
    const [first = 0, second = 0] = taskIds(ctx, plan.id);
    proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBOB' });
    own(ctx, second, 'UEVE');
    // Monday 10:00 UTC; Bob (New York) has not had his assignment yet.
    deactivate(ctx, 'UBOB', 'America/New_York');
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: null, state: 'unassigned' });
    expect(ctx.plans.task(second)).toMatchObject({ ownerId: 'UEVE', state: 'accepted' });
    expect(ctx.queue.withKeyPrefix(`plan-task-assignment:${first}:`).map((i) => i.state)).toEqual([
      'expired',
    ]);
    const items = told(ctx, first);
    expect(items.map((i) => [i.kind, i.recipientId, i.state])).toEqual([
      ['plan_task_declined', 'UOWN', 'queued'],
    ]);
    // 10:00 UTC is 10:00 in London, within Owen's hours.
    expect(iso(items[0]?.deliverAfter ?? 0)).toBe('2026-03-09T10:00:00.000Z');
    const message = renderDeclined(ctx, first0(items));
    expect(JSON.stringify(message.blocks)).toContain('<@UBOB> has been deactivated');
    expect(buttons(message.blocks as { type: string }[])).toEqual([PLAN_ACTIONS.proposeAgain]);

    // The daily walk finding him again, or the event twice, changes nothing.
    ownerLeft(ctx, 'UBOB');
    expect(dropLeaver(ctx, 'UBOB')).toMatchObject({ tasks: [], unblocking: [], planIds: [] });
    expect(told(ctx, first)).toHaveLength(1);
    // The task may be proposed to someone else.
    clock.advance(60_000);
    proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBEA' });
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: 'UBEA', state: 'proposed' });
  });

  it('who accepted a task: dropped from it, the accepted who reopened as a reassignment reopens it; a task done keeps its owner', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    const [first = 0, second = 0] = taskIds(ctx, plan.id);
    own(ctx, first, 'UBOB');
    own(ctx, second, 'UEVE');
    acceptWho(ctx, { userId: 'UOWN', stageId: whoOf(ctx, plan.id).id });
    expect(whoOf(ctx, plan.id).state).toBe('accepted');
    markDone(ctx, { userId: 'UEVE', taskId: second });

    deactivate(ctx, 'UBOB', 'America/New_York');
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: null, state: 'unassigned' });
    expect(whoOf(ctx, plan.id).state).toBe('draft');
    expect(told(ctx, first).map((i) => i.recipientId)).toEqual(['UOWN']);

    deactivate(ctx, 'UEVE', 'Asia/Kolkata');
    expect(ctx.plans.task(second)).toMatchObject({ ownerId: 'UEVE', state: 'done' });
    expect(told(ctx, second)).toEqual([]);
  });

  it('asked to unblock a task: the waiting item is closed and the task’s owner asked, in her hours, to name someone else; she can', () => {
    const { ctx, clock } = world();
    const plan = planToWho(ctx);
    const [first = 0] = taskIds(ctx, plan.id);
    own(ctx, first, 'UBEA');
    markBlocked(ctx, {
      userId: 'UBEA',
      taskId: first,
      reason: 'Waiting for the keys',
      unblockerId: 'UBOB',
    });
    clock.advance(60_000);
    deactivate(ctx, 'UBOB', 'America/New_York');
    expect(
      ctx.queue.withKeyPrefix(`plan-task-blocked:${first}:`).map((i) => [i.recipientId, i.state]),
    ).toEqual([['UBOB', 'expired']]);
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: 'UBEA', state: 'blocked' });
    const asked = ctx.queue.withKeyPrefix(`plan-task-unblocker-left:${first}:`);
    expect(asked.map((i) => [i.kind, i.recipientId])).toEqual([['plan_task_news', 'UBEA']]);
    // 10:01 UTC is 11:01 in Berlin.
    expect(iso(asked[0]?.deliverAfter ?? 0)).toBe('2026-03-09T10:01:00.000Z');
    const message = renderTaskNews(ctx, first0(asked));
    expect(JSON.stringify(message.blocks)).toContain('who was asked to unblock');
    expect(buttons(message.blocks as { type: string }[])).toEqual([
      PLAN_ACTIONS.taskDone,
      PLAN_ACTIONS.taskBlocked,
    ]);
    ownerLeft(ctx, 'UBOB');
    expect(ctx.queue.withKeyPrefix(`plan-task-unblocker-left:${first}:`)).toHaveLength(1);

    clock.advance(60_000);
    markBlocked(ctx, {
      userId: 'UBEA',
      taskId: first,
      reason: 'Waiting for the keys',
      unblockerId: 'UEVE',
    });
    expect(ctx.plans.task(first)).toMatchObject({ state: 'blocked', unblockerId: 'UEVE' });
  });

  it('found deactivated by the daily directory walk: dropped from the task he accepted, once', async () => {
    const { ctx, clock } = world();
    const plan = planToWho(ctx);
    const [first = 0] = taskIds(ctx, plan.id);
    own(ctx, first, 'UBOB');
    const walk = () =>
      syncDirectory({
        members: ctx.members,
        appState: ctx.appState,
        clock,
        source: {
          async *pages() {
            yield [profile('UBOB', { timeZone: 'America/New_York', deleted: true })];
          },
        },
        onLeft: (userId) => ownerLeft(ctx, userId),
      });
    await walk();
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: null, state: 'unassigned' });
    expect(told(ctx, first).map((i) => i.recipientId)).toEqual(['UOWN']);
    await walk();
    expect(told(ctx, first)).toHaveLength(1);
  });
});
