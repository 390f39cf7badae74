import { afterEach, describe, expect, it } from 'vitest';
import { latestReviewOf } from '../../../../src/core/services/reviews.js';
import { PLAN_STAGE_REVIEW_KIND } from '../../../../src/features/plans/services/plans.js';
import { proposeOwner } from '../../../../src/features/plans/services/who.js';
import { textOf } from '../../../support/blocks.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import {
  AROHA,
  acceptUpToHow,
  at,
  BERTA,
  CHANNEL,
  channels,
  GUS,
  homeTextOf,
  input,
  NOAH,
  OWEN,
  PRIYA,
  planMessage,
  planSaying,
  press,
  reviewCard,
  START,
  slash,
  startPlan,
  startValues,
  submit,
  threadOf,
  users,
} from './plan-world.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const whoOf = (harness: Harness, planId: number) => {
  const who = harness.mailroom.ctx.plans.stagesOf(planId).find((s) => s.stage === 'who');
  if (!who) throw new Error('no who');
  return who;
};

/** Presses the plan message's button for the who, whatever the message shows, as `userId`. */
async function pressWho(harness: Harness, userId: string, planId: number, actionId: string) {
  const message = planMessage(harness, planId);
  const before = harness.fake.responses.length;
  await harness.sender.blockAction({
    userId,
    actionId,
    value: String(whoOf(harness, planId).id),
    blockId: `plan_stage:${whoOf(harness, planId).id}`,
    channelId: CHANNEL,
    message: { ts: message.ts, blocks: message.blocks },
  });
  return eventually(() => {
    const reply = harness.fake.responses[before];
    if (!reply) throw new Error('no reply yet');
    return `${reply.body.text}\n${textOf(reply.body.blocks)}`;
  });
}

/**
 * Owen (London) proposes Priya (Kolkata) for the first task and Noah (New York) for the second;
 * each accepts on their card, delivered in their hours. Returns the tasks' ids.
 */
async function bothAccept(harness: Harness, planId: number, second = NOAH) {
  const ctx = harness.mailroom.ctx;
  const [first = 0, other = 0] = ctx.plans.tasksOf(planId).map((t) => t.id);
  proposeOwner(ctx, { userId: OWEN, taskId: first, candidateId: PRIYA });
  proposeOwner(ctx, { userId: OWEN, taskId: other, candidateId: second });
  // Monday 10:00 UTC is 15:30 in Kolkata; 13:00 UTC is 09:00 in New York.
  await at(harness, START);
  const priyaCard = reviewCard(harness, PRIYA, 'proposes you own this task');
  expect((await press(harness, PRIYA, priyaCard, 'plan_accept_task')).text).toContain(
    'You accepted',
  );
  await at(harness, '2026-03-09T13:00:00Z');
  const card = reviewCard(harness, second, 'proposes you own this task');
  expect((await press(harness, second, card, 'plan_accept_task')).text).toContain('You accepted');
  return [first, other] as const;
}

describe('the who as a stage, through Slack', () => {
  it('without reviewers: the owner accepts it with the plan message’s button once every task is accepted; the plan is complete', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const plan = await startPlan(h);
    acceptUpToHow(h, plan.id);
    await planSaying(h, plan.id, '*Who*: draft');
    const before = textOf(planMessage(h, plan.id).blocks);
    expect(before).toContain('Reviewers: none: the plan’s owner accepts it');
    expect(before).not.toContain('Accept the who');
    // Pressed before every task is accepted (a stale or forged button): refused, nothing changes.
    expect(await pressWho(h, OWEN, plan.id, 'plan_accept_who')).toContain(
      'once every task has an owner who accepted it: 0 of 2 have',
    );

    await bothAccept(h, plan.id);
    const shown = await planSaying(h, plan.id, 'Accept the who');
    expect(textOf(shown.blocks)).toContain('2 of 2 tasks accepted by their owner');
    expect(whoOf(h, plan.id).state).toBe('draft');
    expect(await pressWho(h, NOAH, plan.id, 'plan_accept_who')).toContain(
      'Only the plan’s owner can accept its who.',
    );
    expect(whoOf(h, plan.id).state).toBe('draft');

    expect(await press(h, OWEN, shown, 'plan_accept_who', 'Accept the who')).toMatchObject({
      text: expect.stringContaining('the plan is complete'),
    });
    expect(whoOf(h, plan.id)).toMatchObject({ state: 'accepted', revision: 1 });
    const complete = await planSaying(h, plan.id, 'This plan is complete');
    expect(complete.text).toBe('Plan: Partner API (complete)');
    expect(textOf(complete.blocks)).not.toContain('Accept the who');
    expect(await pressWho(h, OWEN, plan.id, 'plan_accept_who')).toContain(
      'The who is accepted, so there is nothing to accept.',
    );
    expect(h.logs.errors()).toEqual([]);
  });

  it('with a reviewer: submitted by itself once every task is accepted, reviewed in her hours, and reopened by a reassignment', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const { view } = await slash(h, OWEN, 'Partner API');
    if (!view) throw new Error('no form');
    expect(
      await submit(
        h,
        OWEN,
        view,
        startValues({ why: [AROHA], what: [PRIYA, NOAH], how: [BERTA], who: [BERTA] }),
      ),
    ).toEqual({});
    const plan = h.mailroom.ctx.plans.ownedBy(OWEN)[0];
    if (!plan) throw new Error('no plan');
    await planSaying(h, plan.id, '*Why*');
    acceptUpToHow(h, plan.id);
    await planSaying(h, plan.id, '*Who*: draft');
    expect(whoOf(h, plan.id).reviewerIds).toEqual([BERTA]);

    const [first] = await bothAccept(h, plan.id);
    expect(whoOf(h, plan.id)).toMatchObject({ state: 'in_review', revision: 1 });
    await planSaying(h, plan.id, '*Who*: in review');
    const told = reviewCard(h, OWEN, 'its who went to its reviewers');
    expect(told.text).toContain('revision 1');
    // Its revision, in its thread, names each task's owner.
    const who = whoOf(h, plan.id);
    await eventually(() => {
      const thread = threadOf(h as Harness, whoOf(h as Harness, plan.id).messageTs);
      expect(thread).toContain('Revision 1 of the who');
      expect(thread).toContain(`Token endpoint · <@${PRIYA}>`);
      expect(thread).toContain(`<@${NOAH}>`);
    });
    // Berta (Berlin) is asked in her hours and sees it on Home.
    await at(h, '2026-03-09T13:01:00Z');
    const card = reviewCard(h, BERTA, 'the who');
    const home = await homeTextOf(h, BERTA);
    expect(home).toContain('Plan stages waiting for my review (1)');
    expect(home).toContain('the who');

    // Owen gives the first task to Aroha: the review is closed, the who open again.
    proposeOwner(h.mailroom.ctx, { userId: OWEN, taskId: first, candidateId: AROHA });
    const review = latestReviewOf(h.mailroom.ctx, PLAN_STAGE_REVIEW_KIND, who.id);
    expect(review?.state).toBe('closed');
    expect(whoOf(h, plan.id)).toMatchObject({ state: 'draft', revision: 1 });
    expect((await press(h, BERTA, card, 'review_agree')).text).toContain(
      'This review was closed: it was superseded by another.',
    );

    // Aroha (Auckland) accepts in her hours (09:00 there is 20:00 UTC): revision 2 goes to Berta.
    await at(h, '2026-03-09T20:00:00Z');
    const arohaCard = reviewCard(h, AROHA, 'proposes you own this task');
    await press(h, AROHA, arohaCard, 'plan_accept_task');
    expect(whoOf(h, plan.id)).toMatchObject({ state: 'in_review', revision: 2 });
    const second = latestReviewOf(h.mailroom.ctx, PLAN_STAGE_REVIEW_KIND, who.id);
    expect(second?.id).not.toBe(review?.id);
    await at(h, '2026-03-10T08:00:00Z');
    const again = reviewCard(h, BERTA, 'Please review Partner API: the who');
    expect((await press(h, BERTA, again, 'review_agree')).text).not.toContain('closed');
    expect(h.mailroom.ctx.reviews.reviewersOf(second?.id ?? 0)).toMatchObject([
      { memberId: BERTA, state: 'agreed' },
    ]);
    const inReview = await planSaying(h, plan.id, 'Accept the who');
    expect((await press(h, OWEN, inReview, 'plan_accept_stage', 'Accept the who')).text).toContain(
      'is accepted',
    );
    expect(whoOf(h, plan.id)).toMatchObject({ state: 'accepted', revision: 2 });
    await planSaying(h, plan.id, 'This plan is complete');
    expect(h.logs.errors()).toEqual([]);
  });

  it('Done and Blocked… on an accepted task: the blocker goes to Berta in her hours, she unblocks it, Priya and Owen are told in theirs', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const plan = await startPlan(h);
    acceptUpToHow(h, plan.id);
    const [first = 0, second = 0] = await bothAccept(h, plan.id);
    const ctx = h.mailroom.ctx;

    // Priya's card now has Done and Blocked…; nobody else may press them.
    // The card as Slack shows it once her answer replaced it (through its response_url).
    const answered = [...h.fake.responses]
      .reverse()
      .find((r) => String(r.body.text).includes('You accepted “Token endpoint”'));
    const card = {
      ...reviewCard(h, PRIYA, 'proposes you own this task'),
      blocks: answered?.body.blocks as unknown[],
    };
    expect(textOf(card.blocks)).toContain('Blocked…');
    expect((await press(h, NOAH, card, 'plan_task_blocked', 'Blocked…')).text).toContain(
      'Only the task’s owner can mark it done or blocked.',
    );
    expect((await press(h, NOAH, card, 'plan_task_done', 'Done')).text).toContain(
      'Only the task’s owner',
    );
    expect(ctx.plans.task(first)?.state).toBe('accepted');

    const opened = await press(h, PRIYA, card, 'plan_task_blocked', 'Blocked…');
    if (!opened.view) throw new Error(`no modal: ${opened.text}`);
    const reason = { plan_block_reason: { plan_block_reason: input('Waiting for the keys') } };
    const unblocker = (id: string) => ({
      plan_block_unblocker: { plan_block_unblocker: { type: 'users_select', selected_user: id } },
    });
    const missing = await submit(h, PRIYA, opened.view, reason);
    expect((missing.errors as Record<string, string>).plan_block_unblocker).toContain(
      'Please pick who can unblock it.',
    );
    const guest = await submit(h, PRIYA, opened.view, { ...reason, ...unblocker(GUS) });
    expect((guest.errors as Record<string, string>).plan_block_unblocker).toContain('can’t see');
    expect(ctx.plans.task(first)?.state).toBe('accepted');
    expect(await submit(h, PRIYA, opened.view, { ...reason, ...unblocker(BERTA) })).toEqual({});
    expect(ctx.plans.task(first)).toMatchObject({ state: 'blocked', unblockerId: BERTA });
    await planSaying(h, plan.id, 'blocked (Waiting for the keys');

    // Monday 13:00 UTC is 14:00 in Berlin: Berta's card, with the plan linked and the reason.
    await at(h, '2026-03-09T13:01:00Z');
    const berta = reviewCard(h, BERTA, 'you can unblock it');
    expect(textOf(berta.blocks)).toContain('Partner API>');
    expect(textOf(berta.blocks)).toContain('>Waiting for the keys');
    expect(
      ctx.queue.withKeyPrefix(`plan-task-blocked:${first}:`).map((i) => i.recipientId),
    ).toEqual([BERTA]);
    expect((await press(h, PRIYA, berta, 'plan_task_unblocked')).text).toContain(
      'I can’t find that blocked task asking you.',
    );
    expect((await press(h, BERTA, berta, 'plan_task_unblocked')).text).toContain('is unblocked');
    expect(ctx.plans.task(first)?.state).toBe('accepted');
    expect((await press(h, BERTA, berta, 'plan_task_unblocked')).text).toContain(
      'no longer blocked on you',
    );

    // Owen hears of the block, Priya of its end, each in their own hours.
    await at(h, '2026-03-09T14:00:00Z');
    expect(textOf(reviewCard(h, OWEN, 'blocked:').blocks)).toContain('Waiting for the keys');
    // 14:00 UTC is 19:30 in Kolkata: Priya hears it at 09:00 hers, 03:30 UTC.
    await at(h, '2026-03-10T03:29:00Z');
    expect(() => reviewCard(h as Harness, PRIYA, 'is unblocked')).toThrow();
    await at(h, '2026-03-10T03:30:00Z');
    expect(textOf(reviewCard(h, PRIYA, 'is unblocked').blocks)).toContain(
      `<@${BERTA}> says “Token endpoint”`,
    );

    // Noah marks his task done from Home's menu.
    const home = await homeTextOf(h, NOAH);
    expect(home).toContain('Usage dashboard');
    const opens = h.fake.callsTo('views.open').length;
    await h.sender.blockAction({
      userId: NOAH,
      actionId: 'plan_mark_task',
      action: { type: 'static_select', selected_option: { value: `blocked:${second}` } },
      view: { type: 'home', id: 'VHOME', callback_id: '', private_metadata: '' },
    });
    await eventually(() => {
      const call = h?.fake.callsTo('views.open')[opens];
      expect((call?.args.view as { callback_id?: string } | undefined)?.callback_id).toBe(
        'plan_block_task_modal',
      );
    });
    const before = h.fake.responses.length;
    await h.sender.blockAction({
      userId: NOAH,
      actionId: 'plan_mark_task',
      action: { type: 'static_select', selected_option: { value: `done:${second}` } },
      view: { type: 'home', id: 'VHOME', callback_id: '', private_metadata: '' },
    });
    await eventually(() => expect(ctx.plans.task(second)?.state).toBe('done'));
    expect(h.fake.responses.length).toBeGreaterThanOrEqual(before);
    await planSaying(h, plan.id, 'Usage dashboard · 2w · due *2026-04-24* · <@U0NOAH>, done');
    expect(await homeTextOf(h, NOAH)).toContain('• Usage dashboard · 2w · due *2026-04-24* · done');
    expect(h.logs.errors()).toEqual([]);
  });
});
