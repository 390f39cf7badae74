import { afterEach, describe, expect, it } from 'vitest';
import { answerReview, latestReviewOf } from '../../../../src/core/services/reviews.js';
import {
  acceptStage,
  PLAN_STAGE_REVIEW_KIND,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import { readForm } from '../../../../src/features/plans/slack/form.js';
import { textOf } from '../../../support/blocks.js';
import type { Json } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import {
  AROHA,
  at,
  BERTA,
  CHANNEL,
  channels,
  dms,
  GONE,
  GUS,
  HOW,
  homeTextOf,
  input,
  NOAH,
  OTTO,
  OWEN,
  PRIYA,
  planMessage,
  planSaying,
  press,
  reviewCard,
  START,
  startPlan,
  submit,
  users,
  WHAT,
  WHY,
} from './plan-world.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** The stages accepted through the plan's own use cases, so the who opens. */
function acceptUpToHow(harness: Harness, planId: number) {
  const ctx = harness.mailroom.ctx;
  const forms = { why: WHY, what: WHAT, how: HOW };
  for (const name of ['why', 'what', 'how'] as const) {
    const stage = ctx.plans.stagesOf(planId).find((s) => s.stage === name);
    if (!stage) throw new Error(`no ${name}`);
    submitStage(ctx, {
      userId: OWEN,
      stageId: stage.id,
      stage: name,
      form: readForm(forms[name]),
    });
    const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, stage.id);
    if (!review) throw new Error('no review');
    for (const reviewer of ctx.reviews.reviewersOf(review.id)) {
      answerReview(ctx, { reviewId: review.id, userId: reviewer.memberId, answer: 'agree' });
    }
    acceptStage(ctx, { userId: OWEN, stageId: stage.id });
  }
}

/** Chooses a task in the plan's menu as `userId`: the modal it opened, or the reply's text. */
async function chooseTask(harness: Harness, userId: string, taskId: number) {
  const message = await planSaying(
    harness,
    harness.mailroom.ctx.plans.ownedBy(OWEN)[0]?.id ?? 0,
    'with an owner proposed',
  );
  const before = harness.fake.responses.length;
  const opened = harness.fake.callsTo('views.open').length;
  await harness.sender.blockAction({
    userId,
    actionId: 'plan_choose_task',
    blockId: 'plan_who',
    action: { type: 'static_select', selected_option: { value: String(taskId) } },
    channelId: CHANNEL,
    message: { ts: message.ts, blocks: message.blocks },
  });
  return eventually(() => {
    const reply = harness.fake.responses[before];
    if (reply) return { text: `${reply.body.text}\n${textOf(reply.body.blocks)}`, view: undefined };
    const call = harness.fake.callsTo('views.open')[opened];
    if (call) return { text: '', view: call.response.view as Json & { id: string } };
    throw new Error('nothing yet');
  });
}

/** Picks a person in the owner modal: the modal as it was updated. */
async function pick(harness: Harness, userId: string, view: Json, candidateId: string) {
  const updates = harness.fake.callsTo('views.update').length;
  await harness.sender.blockAction({
    userId,
    actionId: 'plan_pick_owner',
    blockId: 'plan_task_owner',
    action: { type: 'users_select', selected_user: candidateId },
    view,
  });
  return eventually(() => {
    const call = harness.fake.callsTo('views.update')[updates];
    if (!call) throw new Error('not updated yet');
    return call.response.view as Json & { id: string; blocks: unknown[] };
  });
}

const chosen = (candidateId: string) => ({
  plan_task_owner: { plan_pick_owner: { type: 'users_select', selected_user: candidateId } },
});

describe('the who stage, through Slack', () => {
  it('lists the tasks on the plan’s message; the owner picks someone in four zones and sees overlap, absence and load, then proposes', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const plan = await startPlan(h);
    acceptUpToHow(h, plan.id);
    const shown = textOf((await planSaying(h, plan.id, 'with an owner proposed')).blocks);
    expect(shown).toContain('0 of 2 tasks with an owner proposed');
    expect(shown).toContain('Token endpoint · 3d · due *2026-04-10* · no owner yet');
    expect(shown).toContain('Usage dashboard · 2w · due *2026-04-24* · no owner yet');
    const [first = 0, second = 0] = h.mailroom.ctx.plans.tasksOf(plan.id).map((t) => t.id);

    const opened = await chooseTask(h, OWEN, first);
    if (!opened.view) throw new Error(`no modal: ${opened.text}`);
    expect(textOf(opened.view.blocks as unknown[])).toContain('Estimate 3d · due *2026-04-10*');
    // Noah in New York (UTC−4 since Sunday) shares 13–17 UTC with Owen in London until London's
    // clock change on 29 March, 13–16 UTC after: over the 5 weeks to the task's due date (10
    // April), (3 × 20 + 2 × 15) / 5 = 18 h a week.
    const noah = textOf((await pick(h, OWEN, opened.view, NOAH)).blocks);
    expect(noah).toContain('a week on average until the task is due');
    expect(noah).toContain(`18 h a week with <@${OWEN}>`);
    expect(noah).toContain('*Away*: not during the task');
    expect(noah).toMatch(/\*Load\*: \d+ open items? in their queue · 0 open plan tasks/);
    expect(await submit(h, OWEN, opened.view, chosen(NOAH))).toEqual({});
    expect(h.mailroom.ctx.plans.task(first)).toMatchObject({ ownerId: NOAH, state: 'proposed' });
    await planSaying(h, plan.id, `<@${NOAH}>, proposed`);
    const home = await homeTextOf(h, NOAH);
    expect(home).toContain('*My tasks (1)*');
    expect(home).toContain('Partner API');
    expect(home).toContain('• Token endpoint · 3d · due *2026-04-10* · proposed');
    expect(await homeTextOf(h, PRIYA)).not.toContain('My tasks');

    // Aroha in Auckland is away until the 16th; Priya in Kolkata; Berta in Berlin.
    h.mailroom.ctx.members.saveSettings(
      AROHA,
      { awayUntil: Date.parse('2026-03-16T00:00:00Z') },
      h.mailroom.ctx.clock(),
    );
    const again = await chooseTask(h, OWEN, second);
    if (!again.view) throw new Error('no modal');
    const arohaView = await pick(h, OWEN, again.view, AROHA);
    const aroha = textOf(arohaView.blocks);
    expect(aroha).toContain('Away during the task');
    expect(aroha).toContain(`0 h a week with <@${OWEN}>`);
    // The second task is due 24 April: 7 weeks from now. Auckland meets New York 20–21 UTC four
    // evenings a week until Auckland's clock change on 5 April, then never: 16 / 7 → 2.5 h.
    expect(aroha).toContain(`2.5 h a week with <@${NOAH}>`);
    const priyaView = await pick(h, OWEN, arohaView, PRIYA);
    const priya = textOf(priyaView.blocks);
    // Kolkata with London: 12.5, 12.5, 13.5, then 17.5 h in each of four weeks: 108.5 / 7.
    expect(priya).toContain(`15.5 h a week with <@${OWEN}>`);
    const berta = textOf((await pick(h, OWEN, priyaView, BERTA)).blocks);
    // Berlin and London change clocks together: 7 h a day, 35 h a week (246 / 7 to the half
    // hour). Berlin with New York: 13–16 UTC for 3 weeks, 13–15 UTC for 4: 85 / 7 → 12 h.
    expect(berta).toContain(`35 h a week with <@${OWEN}>`);
    expect(berta).toContain(`12 h a week with <@${NOAH}>`);
  });

  it('refuses a guest outside the channel and a deactivated person, in the modal, changing nothing', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const plan = await startPlan(h);
    acceptUpToHow(h, plan.id);
    const [first = 0] = h.mailroom.ctx.plans.tasksOf(plan.id).map((t) => t.id);
    const opened = await chooseTask(h, OWEN, first);
    if (!opened.view) throw new Error('no modal');
    const guestView = await pick(h, OWEN, opened.view, GUS);
    expect(textOf(guestView.blocks)).toContain(
      `<@${GUS}> can’t see <#${CHANNEL}>, so can’t own a task`,
    );
    expect(textOf((await pick(h, OWEN, guestView, GONE)).blocks)).toContain('deactivated');
    const guest = await submit(h, OWEN, opened.view, chosen(GUS));
    expect((guest.errors as Record<string, string>).plan_task_owner).toContain('can’t own a task');
    const gone = await submit(h, OWEN, opened.view, chosen(GONE));
    expect((gone.errors as Record<string, string>).plan_task_owner).toContain('deactivated');
    const nobody = await submit(h, OWEN, opened.view, {});
    expect((nobody.errors as Record<string, string>).plan_task_owner).toContain('Please pick');
    expect(h.mailroom.ctx.plans.task(first)).toMatchObject({ ownerId: null, state: 'unassigned' });
  });

  it('refuses proposing on a plan you do not own, an outsider, and a forged task id', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const plan = await startPlan(h);
    acceptUpToHow(h, plan.id);
    const [first = 0] = h.mailroom.ctx.plans.tasksOf(plan.id).map((t) => t.id);
    expect((await chooseTask(h, NOAH, first)).text).toContain(
      'Only the plan’s owner can propose owners',
    );
    expect((await chooseTask(h, OTTO, first)).text).toContain('I can’t find that task');
    expect((await chooseTask(h, OWEN, 9999)).text).toContain('I can’t find that task');
    const opened = await chooseTask(h, OWEN, first);
    if (!opened.view) throw new Error('no modal');
    const forged = await submit(
      h,
      NOAH,
      { ...opened.view, private_metadata: JSON.stringify({ taskId: first }) },
      chosen(NOAH),
    );
    expect((forged.errors as Record<string, string>).plan_task_owner).toContain(
      'Only the plan’s owner',
    );
    expect(h.mailroom.ctx.plans.task(first)).toMatchObject({ ownerId: null });
    expect(textOf(planMessage(h, plan.id).blocks)).toContain('no owner yet');
  });

  it('sends each assignment in its owner’s hours: Priya in Kolkata accepts, Noah in New York declines and Owen is told in his', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const plan = await startPlan(h);
    acceptUpToHow(h, plan.id);
    const [first = 0, second = 0] = h.mailroom.ctx.plans.tasksOf(plan.id).map((t) => t.id);
    for (const [taskId, person] of [
      [first, PRIYA],
      [second, NOAH],
    ] as const) {
      const opened = await chooseTask(h, OWEN, taskId);
      if (!opened.view) throw new Error('no modal');
      expect(await submit(h, OWEN, opened.view, chosen(person))).toEqual({});
    }

    // Monday 10:00 UTC is 15:30 in Kolkata and 06:00 in New York.
    await at(h, START);
    const priyaCard = reviewCard(h, PRIYA, 'proposes you own this task');
    expect(textOf(priyaCard.blocks)).toContain(
      'Partner API> · estimate 3d · due *2026-04-10* · in-scope item 1',
    );
    expect(dms(h, NOAH)).toEqual([]);
    expect((await press(h, OWEN, priyaCard, 'plan_accept_task')).text).toContain(
      'I can’t find that task proposed to you',
    );
    expect((await press(h, PRIYA, priyaCard, 'plan_accept_task')).text).toContain(
      'You accepted “Token endpoint”',
    );
    expect(h.mailroom.ctx.plans.task(first)).toMatchObject({ ownerId: PRIYA, state: 'accepted' });
    await planSaying(h, plan.id, `<@${PRIYA}>, accepted`);
    expect(await homeTextOf(h, PRIYA)).toContain(
      '• Token endpoint · 3d · due *2026-04-10* · accepted',
    );
    // The item is answered: its button is spent.
    expect((await press(h, PRIYA, priyaCard, 'plan_accept_task')).text).toContain(
      'no longer waiting for your answer',
    );

    await at(h, '2026-03-09T12:59:00Z');
    expect(dms(h, NOAH)).toEqual([]);
    await at(h, '2026-03-09T13:00:00Z');
    const noahCard = reviewCard(h, NOAH, 'proposes you own this task');
    expect(textOf(noahCard.blocks)).toContain('Usage dashboard');

    // 17:30 UTC: Noah still works, Owen has stopped for the day.
    await at(h, '2026-03-09T17:30:00Z');
    const opened = await press(h, NOAH, noahCard, 'plan_decline_task');
    if (!opened.view) throw new Error(`no modal: ${opened.text}`);
    const ownerDms = dms(h, OWEN).length;
    expect(
      await submit(h, NOAH, opened.view, {
        plan_decline_reason: { plan_decline_reason: input('On <!here> leave in April') },
      }),
    ).toEqual({});
    expect(h.mailroom.ctx.plans.task(second)).toMatchObject({
      ownerId: null,
      state: 'declined',
      declineReason: 'On <!here> leave in April',
    });
    await planSaying(h, plan.id, 'Usage dashboard · 2w · due *2026-04-24* · declined');
    await eventually(() =>
      expect(textOf(reviewCard(h as Harness, NOAH, 'Usage dashboard').blocks)).toContain(
        'You declined',
      ),
    );
    await at(h, '2026-03-09T17:31:00Z');
    expect(dms(h, OWEN).length).toBe(ownerDms);
    await at(h, '2026-03-10T08:59:00Z');
    expect(dms(h, OWEN).length).toBe(ownerDms);
    await at(h, '2026-03-10T09:00:00Z');
    const told = reviewCard(h, OWEN, 'declined');
    expect(textOf(told.blocks)).toContain(`<@${NOAH}> declined “Usage dashboard”`);
    expect(textOf(told.blocks)).toContain('>On &lt;!here&gt; leave in April');
    const again = await press(h, OWEN, told, 'plan_propose_again');
    expect(again.view?.callback_id).toBe('plan_task_owner_modal');
    expect(h.logs.errors()).toEqual([]);
  });

  it('cancels a waiting assignment when the task is reassigned: one not sent never goes, one sent says so and refuses', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const plan = await startPlan(h);
    acceptUpToHow(h, plan.id);
    const [first = 0, second = 0] = h.mailroom.ctx.plans.tasksOf(plan.id).map((t) => t.id);
    const propose = async (taskId: number, person: string) => {
      const opened = await chooseTask(h as Harness, OWEN, taskId);
      if (!opened.view) throw new Error('no modal');
      expect(await submit(h as Harness, OWEN, opened.view, chosen(person))).toEqual({});
    };
    await propose(first, PRIYA);
    await propose(second, NOAH);
    await at(h, START);
    // As Priya's Slack still shows it, with its buttons, after the message changed.
    const priyaCard = structuredClone(reviewCard(h, PRIYA, 'proposes you own this task'));

    await propose(first, BERTA);
    await propose(second, BERTA);
    const noahItem = h.mailroom.ctx.queue
      .withKeyPrefix(`plan-task-assignment:${second}:`)
      .find((item) => item.recipientId === NOAH);
    expect(noahItem?.state).toBe('expired');
    await eventually(() =>
      expect(textOf(reviewCard(h as Harness, PRIYA, 'Token endpoint').blocks)).toContain(
        'reassigned to someone else',
      ),
    );
    expect((await press(h, PRIYA, priyaCard, 'plan_accept_task')).text).toContain(
      'no longer waiting for your answer',
    );
    expect((await press(h, PRIYA, priyaCard, 'plan_decline_task')).text).toContain(
      'no longer waiting for your answer',
    );
    expect(h.mailroom.ctx.plans.task(first)).toMatchObject({ ownerId: BERTA, state: 'proposed' });
    await at(h, '2026-03-09T13:00:00Z');
    expect(dms(h, NOAH)).toEqual([]);
    expect(
      dms(h, BERTA).filter((m) => textOf(m.blocks).includes('proposes you own this task')),
    ).toHaveLength(2);
    expect(h.logs.errors()).toEqual([]);
  });
});
