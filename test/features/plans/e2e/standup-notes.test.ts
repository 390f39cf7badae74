import { afterEach, describe, expect, it } from 'vitest';
import { answerReview, latestReviewOf } from '../../../../src/core/services/reviews.js';
import {
  acceptStage,
  PLAN_STAGE_REVIEW_KIND,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import { readForm } from '../../../../src/features/plans/slack/form.js';
import { SETUP } from '../../../../src/features/standups/slack/views/setup-modal.js';
import { textOf } from '../../../support/blocks.js';
import type { FakeChannel, Json, StoredMessage } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import {
  at,
  BOT,
  CHANNEL,
  channels,
  dms,
  field,
  HOW,
  input,
  NOAH,
  OWEN,
  PRIYA,
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

/**
 * A task Priya (Kolkata) accepts on Monday 9 March 2026 is due on Wednesday 11: on Tuesday her
 * standup prompt in the plan's channel, at 09:30 her time, shows it; her prompt for the
 * standup of another channel, at the same minute, does not.
 */

const ENG = 'C0ENG';
const worldChannels: FakeChannel[] = [
  ...channels,
  { id: ENG, name: 'eng', members: [OWEN, PRIYA, NOAH, BOT] },
];
const TASKS = 'Token endpoint | 1 | 3d | 2026-03-11\nUsage dashboard | 2 | 2w | 2026-04-24';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** The stages accepted through the plan's own use cases, so the who opens. */
function acceptUpToHow(harness: Harness, planId: number) {
  const ctx = harness.mailroom.ctx;
  const forms = { why: WHY, what: WHAT, how: { ...HOW, ...field('how_tasks', input(TASKS)) } };
  for (const name of ['why', 'what', 'how'] as const) {
    const stage = ctx.plans.stagesOf(planId).find((s) => s.stage === name);
    if (!stage) throw new Error(`no ${name}`);
    submitStage(ctx, { userId: OWEN, stageId: stage.id, stage: name, form: readForm(forms[name]) });
    const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, stage.id);
    if (!review) throw new Error('no review');
    for (const reviewer of ctx.reviews.reviewersOf(review.id)) {
      answerReview(ctx, { reviewId: review.id, userId: reviewer.memberId, answer: 'agree' });
    }
    acceptStage(ctx, { userId: OWEN, stageId: stage.id });
  }
}

/** Owen proposes `candidateId` for a task, from the plan's message and its modal. */
async function propose(harness: Harness, planId: number, taskId: number, candidateId: string) {
  const message = await planSaying(harness, planId, 'Who*');
  const opened = harness.fake.callsTo('views.open').length;
  await harness.sender.blockAction({
    userId: OWEN,
    actionId: 'plan_choose_task',
    blockId: 'plan_who',
    action: { type: 'static_select', selected_option: { value: String(taskId) } },
    channelId: CHANNEL,
    message: { ts: message.ts, blocks: message.blocks },
  });
  const view = await eventually(() => {
    const call = harness.fake.callsTo('views.open')[opened];
    if (!call) throw new Error('no modal yet');
    return call.response.view as Json & { id: string };
  });
  expect(
    await submit(harness, OWEN, view, {
      plan_task_owner: { plan_pick_owner: { type: 'users_select', selected_user: candidateId } },
    }),
  ).toEqual({});
}

const selected = (value: string) => ({ text: { type: 'plain_text', text: value }, value });

/** `/standup` in the channel, and its setup form sent: everyone in it asked at 09:30 their time. */
async function standupIn(harness: Harness, channelId: string, name: string) {
  const opened = harness.fake.callsTo('views.open').length;
  await harness.sender.slashCommand({ command: '/standup', text: '', userId: OWEN, channelId });
  const call = await eventually(() => {
    const found = harness.fake.callsTo('views.open')[opened];
    if (!found) throw new Error('no modal yet');
    return found;
  });
  await eventually(() => expect(harness.mailroom.ctx.channels.isMember(channelId, BOT)).toBe(true));
  const text = (value: string | null) => ({ value: { type: 'plain_text_input', value } });
  const response = await harness.sender.viewSubmission({
    userId: OWEN,
    callbackId: SETUP.callbackId,
    privateMetadata: String((call.args.view as Json).private_metadata),
    values: {
      [SETUP.name.block]: text(name),
      [SETUP.questions.block]: text('What did you do?\nWhat will you do?'),
      [SETUP.blockers.block]: {
        value: { type: 'checkboxes', selected_options: [selected('yes')] },
      },
      [SETUP.days.block]: {
        value: { type: 'checkboxes', selected_options: ['1', '2', '3', '4', '5'].map(selected) },
      },
      [SETUP.promptMode.block]: {
        value: { type: 'radio_buttons', selected_option: selected('member_zone') },
      },
      [SETUP.promptTime.block]: { value: { type: 'timepicker', selected_time: '09:30' } },
      [SETUP.teamZone.block]: text('Europe/London'),
      [SETUP.memberMode.block]: {
        value: { type: 'radio_buttons', selected_option: selected('channel') },
      },
      [SETUP.members.block]: { value: { type: 'multi_users_select', selected_users: [] } },
      [SETUP.destination.block]: {
        value: { type: 'radio_buttons', selected_option: selected('thread') },
      },
      [SETUP.reportTime.block]: { value: { type: 'timepicker', selected_time: '17:00' } },
      [SETUP.reminder.block]: {
        value: { type: 'static_select', selected_option: selected('none') },
      },
      [SETUP.daysOff.block]: text(null),
      [SETUP.cadence.block]: {
        value: { type: 'static_select', selected_option: selected('weekly') },
      },
      [SETUP.cadenceStart.block]: { value: { type: 'datepicker', selected_date: null } },
    },
  });
  expect(((await response.json()) as Json).response_action).toBe('update');
  expect(harness.mailroom.ctx.standups.inChannel(channelId)).toHaveLength(1);
}

/** The prompt of the standup `name` for Tuesday 10 March, in the person's DM. */
const promptOf = (harness: Harness, userId: string, name: string): StoredMessage => {
  const prompt = dms(harness, userId).find((m) => {
    const text = textOf(m.blocks);
    return text.includes(`Time for *${name}*`) && text.includes('(for Tue 10 Mar)');
  });
  if (!prompt) throw new Error(`no prompt of ${name} yet`);
  return prompt;
};

describe('a plan’s tasks in standups, through Slack', () => {
  it('shows a task accepted today in the next day’s prompt of the plan’s channel’s standup, not in another channel’s', async () => {
    h = await startMailroom({ now: START, slack: { users, channels: worldChannels } });
    const plan = await startPlan(h);
    acceptUpToHow(h, plan.id);
    await standupIn(h, CHANNEL, 'Partners standup');
    await standupIn(h, ENG, 'Eng standup');
    const [first = 0] = h.mailroom.ctx.plans.tasksOf(plan.id).map((t) => t.id);
    await propose(h, plan.id, first, PRIYA);

    // Monday 10:00 UTC is 15:30 in Kolkata: the assignment reaches Priya, who accepts it.
    await at(h, START);
    const card = reviewCard(h, PRIYA, 'proposes you own this task');
    expect((await press(h, PRIYA, card, 'plan_accept_task')).text).toContain(
      'You accepted “Token endpoint”',
    );
    expect(h.mailroom.ctx.plans.task(first)).toMatchObject({ ownerId: PRIYA, state: 'accepted' });

    // Tuesday 09:30 in Kolkata (04:00 UTC): both standups ask Priya.
    await at(h, '2026-03-10T03:59:00Z');
    expect(() => promptOf(h as Harness, PRIYA, 'Partners standup')).toThrow();
    await at(h, '2026-03-10T04:00:00Z');
    const inPlan = await eventually(() =>
      textOf(promptOf(h as Harness, PRIYA, 'Partners standup').blocks),
    );
    const inEng = await eventually(() =>
      textOf(promptOf(h as Harness, PRIYA, 'Eng standup').blocks),
    );
    const permalink = h.mailroom.ctx.plans.get(plan.id)?.permalink;
    expect(inPlan).toContain('*Your plan tasks due soon*');
    expect(inPlan).toContain(
      `• *Token endpoint* · <${permalink}|Partner API> · due Wednesday 11 Mar · accepted`,
    );
    expect(inPlan).not.toContain('Usage dashboard');
    expect(inEng).not.toContain('Token endpoint');
    expect(inEng).not.toContain('due soon');
    // Noah answers the same standup and owns nothing: his prompt says nothing of the task.
    await at(h, '2026-03-10T13:30:00Z');
    const noahs = await eventually(() =>
      textOf(promptOf(h as Harness, NOAH, 'Partners standup').blocks),
    );
    expect(noahs).not.toContain('Token endpoint');
    expect(h.logs.errors()).toEqual([]);
  });
});
