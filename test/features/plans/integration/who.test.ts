import { describe, expect, it } from 'vitest';
import { answerReview, latestReviewOf } from '../../../../src/core/services/reviews.js';
import {
  acceptStage,
  PLAN_STAGE_REVIEW_KIND,
  planView,
  startPlan,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import {
  ASSIGNMENT_MOVED_ON,
  acceptAssignment,
  declineAssignment,
  MAX_DECLINE_REASON,
  myTasks,
  NO_SUCH_ASSIGNMENT,
  NO_SUCH_TASK,
  NOT_PLAN_OWNER,
  ownerPreview,
  proposeOwner,
  WHO_NOT_OPEN,
} from '../../../../src/features/plans/services/who.js';
import { profile } from '../../../support/store.js';
import {
  type Ctx,
  FORMS,
  planToWho,
  stageOf,
  submitAndAccept,
  taskIds,
  world,
} from './who-world.js';

describe('the who stage', () => {
  it('opens once the how is accepted: the outline’s tasks, each with its estimate and due date', () => {
    const { ctx } = world();
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
    expect(ctx.plans.tasksOf(plan.id)).toEqual([]);
    submitAndAccept(ctx, plan.id, 'how');
    expect(
      planView(ctx, plan).tasks?.map((t) => [t.title, t.scopeItem, t.estimate, t.due, t.state]),
    ).toEqual([
      ['Token endpoint', 1, '3d', '2026-04-10', 'unassigned'],
      ['Usage dashboard', 2, '1w', '2026-04-20', 'unassigned'],
    ]);
  });

  it('keeps the tasks in step with a revised how: a task keeps its owner, the rest follow the outline', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    const [first] = taskIds(ctx, plan.id);
    proposeOwner(ctx, { userId: 'UOWN', taskId: first ?? 0, candidateId: 'UBOB' });
    const how = stageOf(ctx, plan.id, 'how');
    submitStage(ctx, {
      userId: 'UOWN',
      stageId: how.id,
      stage: 'how',
      form: { ...FORMS.how, how_tasks: 'Token endpoint, rotated | 1 | 4d | 2026-04-12' },
    });
    // While the revised how is under review, the who waits for it.
    expect(() =>
      proposeOwner(ctx, { userId: 'UOWN', taskId: first ?? 0, candidateId: 'UEVE' }),
    ).toThrow(WHO_NOT_OPEN);
    const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, how.id);
    if (!review) throw new Error('no review');
    answerReview(ctx, { reviewId: review.id, userId: 'UBEA', answer: 'agree' });
    acceptStage(ctx, { userId: 'UOWN', stageId: how.id });
    expect(
      ctx.plans.tasksOf(plan.id).map((t) => [t.id, t.title, t.estimate, t.due, t.ownerId, t.state]),
    ).toEqual([[first, 'Token endpoint, rotated', '4d', '2026-04-12', 'UBOB', 'proposed']]);
  });
});

describe('proposing an owner', () => {
  it('shows the overlap of their hours with the task’s other people, in four zones, a week on average until the task is due', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    const [first = 0, second = 0] = taskIds(ctx, plan.id);
    // Everyone works 09:00–17:00 Mon–Fri. The first task runs from now (Mon 9 March, 10:00 UTC)
    // to the end of Fri 10 April in New York (04:00 UTC on the 11th): 5 weeks, to Mon 13 April
    // 10:00 UTC. New York (UTC−4 since Sunday) is 13–21 UTC; London 09–17 UTC until its clock
    // change on Sun 29 March, 08–16 UTC after. Weeks 1–3: 4 h a day, 20 h; weeks 4–5: 3 h a day,
    // 15 h. (3 × 20 + 2 × 15) / 5 = 18 h a week.
    const bob = ownerPreview(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBOB' });
    expect(bob.overlaps).toEqual([{ memberId: 'UOWN', hours: 18 }]);
    proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBOB' });
    // The second task is due Mon 20 April: to its end in Kolkata (18:30 UTC on the 20th) or
    // Auckland (12:00 UTC) is just over 6 weeks, so 7 weeks, to Mon 27 April 10:00 UTC.
    // Kolkata (UTC+5:30) works 03:30–11:30 UTC. With London, 2.5 h a day before London's clock
    // change (09:00–11:30), 3.5 h after (08:00–11:30). Weeks 1 and 2: 1.5 h on the first Monday
    // after 10:00, 2.5 h Tuesday to Friday, 1 h on the next Monday before 10:00 = 12.5 h each.
    // Week 3 ends on Mon 30 March, after the change: 1.5 + 10 + 2 = 13.5 h. Weeks 4–7: 1.5 + 14
    // + 2 = 17.5 h each. (12.5 + 12.5 + 13.5 + 4 × 17.5) / 7 = 108.5 / 7 = 15.5 h a week.
    // With New York (13–21 UTC): never.
    const eve = ownerPreview(ctx, { userId: 'UOWN', taskId: second, candidateId: 'UEVE' });
    expect(eve.overlaps).toEqual([
      { memberId: 'UOWN', hours: 15.5 },
      { memberId: 'UBOB', hours: 0 },
    ]);
    // Auckland works 20:00–04:00 UTC (UTC+13) until its clock change on Sun 5 April, then
    // 21:00–05:00 UTC (UTC+12): never with London. With New York (until 21:00 UTC): 20–21 UTC on
    // the four evenings New York's Mon–Thu meets Auckland's Tue–Fri, 4 h in each of weeks 1–4
    // (the fourth ends on Mon 6 April, Auckland's Tue–Fri of that week before its change), then
    // none: 16 / 7 = 2.29, 2.5 h a week to the half hour. The week it starts would say 4.
    const pat = ownerPreview(ctx, { userId: 'UOWN', taskId: second, candidateId: 'UPAT' });
    expect(pat.overlaps).toEqual([
      { memberId: 'UOWN', hours: 0 },
      { memberId: 'UBOB', hours: 2.5 },
    ]);
  });

  it('shows an absence during the task, from Mailroom’s away and from a Slack status', () => {
    const { ctx, clock } = world();
    const plan = planToWho(ctx);
    const [first = 0] = taskIds(ctx, plan.id);
    expect(ownerPreview(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBEA' }).away).toBe(
      undefined,
    );
    const back = Date.parse('2026-03-20T00:00:00Z');
    ctx.members.saveSettings('UBEA', { awayUntil: back }, clock());
    expect(
      ownerPreview(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBEA' }).away,
    ).toMatchObject({ source: 'mailroom', until: back });
    ctx.members.upsertProfiles(
      [
        profile('UPAT', {
          timeZone: 'Pacific/Auckland',
          slackStatusEmoji: ':palm_tree:',
          slackStatusText: 'Vacationing',
        }),
      ],
      clock(),
    );
    expect(
      ownerPreview(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UPAT' }).away,
    ).toMatchObject({ source: 'slack', why: ':palm_tree: Vacationing' });
  });

  it('shows their load as counts: open queue items and open plan tasks', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    const [first = 0, second = 0] = taskIds(ctx, plan.id);
    const before = ownerPreview(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBOB' });
    expect(before.load).toEqual({
      queueItems: ctx.queue.openForRecipient('UBOB').length,
      tasks: 0,
    });
    proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBOB' });
    const after = ownerPreview(ctx, { userId: 'UOWN', taskId: second, candidateId: 'UBOB' });
    expect(after.load.tasks).toBe(1);
    expect(Object.keys(after.load).sort()).toEqual(['queueItems', 'tasks']);
  });

  it('refuses a guest outside the channel, a deactivated person, and someone outside it, changing nothing', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    const [first = 0] = taskIds(ctx, plan.id);
    const propose = (candidateId: string) =>
      proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId });
    expect(() => propose('UGUEST')).toThrow(/can’t see .* so can’t own a task/);
    expect(() => propose('UOUT')).toThrow(/can’t see .* so can’t own a task/);
    expect(() => propose('UGONE')).toThrow(/deactivated/);
    expect(() => propose('UNOBODY')).toThrow(/don’t know them/);
    expect(() =>
      ownerPreview(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UGUEST' }),
    ).toThrow(/can’t own a task/);
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: null, state: 'unassigned' });
  });

  it('is the plan owner’s alone: a member of the channel, an outsider and a forged task are refused', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    const [first = 0] = taskIds(ctx, plan.id);
    expect(() => proposeOwner(ctx, { userId: 'UBOB', taskId: first, candidateId: 'UBOB' })).toThrow(
      NOT_PLAN_OWNER,
    );
    expect(() => ownerPreview(ctx, { userId: 'UBOB', taskId: first, candidateId: 'UEVE' })).toThrow(
      NOT_PLAN_OWNER,
    );
    expect(() => proposeOwner(ctx, { userId: 'UOUT', taskId: first, candidateId: 'UBOB' })).toThrow(
      NO_SUCH_TASK,
    );
    expect(() => proposeOwner(ctx, { userId: 'UOWN', taskId: 9999, candidateId: 'UBOB' })).toThrow(
      NO_SUCH_TASK,
    );
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: null, state: 'unassigned' });
  });

  it('proposes: the task names its owner as proposed; proposing them again changes nothing', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    const [first = 0] = taskIds(ctx, plan.id);
    const proposed = proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UEVE' });
    expect(proposed).toMatchObject({ changed: true, task: { ownerId: 'UEVE', state: 'proposed' } });
    expect(proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UEVE' }).changed).toBe(
      false,
    );
    expect(
      proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBOB' }).task.ownerId,
    ).toBe('UBOB');
  });
});

const assignments = (ctx: Ctx, taskId: number) =>
  ctx.queue.withKeyPrefix(`plan-task-assignment:${taskId}:`);

describe('answering an assignment', () => {
  it('queues the task for the person proposed, in their hours; a reassignment expires it before it goes', () => {
    const { ctx, clock } = world();
    const plan = planToWho(ctx);
    const [first = 0] = taskIds(ctx, plan.id);
    proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBOB' });
    proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBOB' });
    const [bob, ...more] = assignments(ctx, first);
    expect(more).toEqual([]);
    // New York is on UTC−4 since Sunday: Bob's day starts at 13:00 UTC.
    expect(bob).toMatchObject({
      kind: 'plan_task_assignment',
      recipientId: 'UBOB',
      requesterId: 'UOWN',
      state: 'queued',
      deliverAfter: Date.parse('2026-03-09T13:00:00Z'),
      payload: { taskId: first },
    });
    clock.advance(60_000);
    proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBEA' });
    const states = assignments(ctx, first).map((item) => [item.recipientId, item.state]);
    expect(states).toEqual([
      ['UBOB', 'expired'],
      ['UBEA', 'queued'],
    ]);
    expect(() => acceptAssignment(ctx, { userId: 'UBOB', itemId: bob?.id ?? 0 })).toThrow(
      ASSIGNMENT_MOVED_ON,
    );
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: 'UBEA', state: 'proposed' });
  });

  it('accepts: the task is theirs and counts in their load; the item is done and spent', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    const [first = 0] = taskIds(ctx, plan.id);
    proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UEVE' });
    const itemId = assignments(ctx, first)[0]?.id ?? 0;
    expect(() => acceptAssignment(ctx, { userId: 'UOWN', itemId })).toThrow(NO_SUCH_ASSIGNMENT);
    expect(() => acceptAssignment(ctx, { userId: 'UEVE', itemId: 999 })).toThrow(
      NO_SUCH_ASSIGNMENT,
    );
    expect(acceptAssignment(ctx, { userId: 'UEVE', itemId }).task).toMatchObject({
      ownerId: 'UEVE',
      state: 'accepted',
    });
    expect(ctx.queue.get(itemId)?.state).toBe('done');
    expect(ctx.plans.openTaskCount('UEVE')).toBe(1);
    expect(myTasks(ctx, 'UEVE')[0]?.tasks.map((t) => t.state)).toEqual(['accepted']);
    expect(() => acceptAssignment(ctx, { userId: 'UEVE', itemId })).toThrow(ASSIGNMENT_MOVED_ON);
  });

  it('declines with a reason: the task has no owner, and the plan’s owner is told in his hours', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    const [, second = 0] = taskIds(ctx, plan.id);
    proposeOwner(ctx, { userId: 'UOWN', taskId: second, candidateId: 'UPAT' });
    const itemId = assignments(ctx, second)[0]?.id ?? 0;
    expect(() =>
      declineAssignment(ctx, {
        userId: 'UPAT',
        itemId,
        reason: 'x'.repeat(MAX_DECLINE_REASON + 1),
      }),
    ).toThrow('Please keep the reason under');
    expect(ctx.plans.task(second)).toMatchObject({ ownerId: 'UPAT', state: 'proposed' });
    expect(() => declineAssignment(ctx, { userId: 'UBOB', itemId, reason: 'Not mine' })).toThrow(
      NO_SUCH_ASSIGNMENT,
    );
    declineAssignment(ctx, { userId: 'UPAT', itemId, reason: '  Away in April  ' });
    expect(ctx.plans.task(second)).toMatchObject({
      ownerId: null,
      state: 'declined',
      declineReason: 'Away in April',
    });
    expect(ctx.queue.get(itemId)?.state).toBe('done');
    const told = ctx.queue.withKeyPrefix(`plan-task-declined:${second}:`);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      kind: 'plan_task_declined',
      recipientId: 'UOWN',
      state: 'queued',
      payload: { taskId: second, declinerId: 'UPAT', reason: 'Away in April' },
    });
    expect(ctx.plans.openTaskCount('UPAT')).toBe(0);
    expect(() => declineAssignment(ctx, { userId: 'UPAT', itemId, reason: '' })).toThrow(
      ASSIGNMENT_MOVED_ON,
    );
    // Proposed again, the task waits for its new owner's answer.
    proposeOwner(ctx, { userId: 'UOWN', taskId: second, candidateId: 'UBEA' });
    expect(ctx.plans.task(second)).toMatchObject({ ownerId: 'UBEA', state: 'proposed' });
  });
});

describe('my tasks', () => {
  it('lists the tasks someone owns, grouped by plan, soonest first; a plan they can no longer see is left out', () => {
    const { ctx, clock } = world();
    const first = planToWho(ctx);
    const second = planToWho(ctx);
    const [a = 0, b = 0] = taskIds(ctx, first.id);
    const [c = 0] = taskIds(ctx, second.id);
    for (const taskId of [b, a, c]) {
      proposeOwner(ctx, { userId: 'UOWN', taskId, candidateId: 'UEVE' });
    }
    expect(
      myTasks(ctx, 'UEVE').map((group) => [group.plan.id, group.tasks.map((t) => t.title)]),
    ).toEqual([
      [first.id, ['Token endpoint', 'Usage dashboard']],
      [second.id, ['Token endpoint']],
    ]);
    expect(myTasks(ctx, 'UBOB')).toEqual([]);
    ctx.channels.setMembers('CPLAN', ['UOWN', 'UPAT', 'UBOB', 'UBEA'], clock());
    expect(myTasks(ctx, 'UEVE')).toEqual([]);
  });
});
