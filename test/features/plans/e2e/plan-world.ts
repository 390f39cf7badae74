import { expect } from 'vitest';
import { answerReview, latestReviewOf } from '../../../../src/core/services/reviews.js';
import { REVIEW_TEXT } from '../../../../src/core/slack/views/review.js';
import {
  acceptStage,
  PLAN_STAGE_REVIEW_KIND,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import { readForm } from '../../../../src/features/plans/slack/form.js';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser, Json, StoredMessage } from '../../../support/fake-slack.js';
import { eventually, type Harness } from '../../../support/harness.js';
import { appHomeOpenedEvent } from '../../../support/slack-requests.js';

/**
 * The world of the plans' end-to-end tests, and the moves people make in it: the real HTTP
 * receiver, the fake Slack, an injected clock. Owen in London
 * plans "Partner API" in #partners on Monday 9 March 2026 at 10:00Z. The why is reviewed by
 * Aroha (Auckland) and Priya (Kolkata), the what by Noah (New York), the how by Berta (Berlin)
 * and Noah. Everyone works 09:00–17:00 Monday to Friday in their own zone.
 */

export const BOT = 'U0MAILBOT';
export const OWEN = 'U0OWEN';
export const AROHA = 'U0AROHA';
export const PRIYA = 'U0PRIYA';
export const NOAH = 'U0NOAH';
export const BERTA = 'U0BERTA';
export const GUS = 'U0GUS';
export const GONE = 'U0GONE';
export const OTTO = 'U0OTTO';

export const users: FakeUser[] = [
  { id: OWEN, name: 'owen', tz: 'Europe/London' },
  { id: AROHA, name: 'aroha', tz: 'Pacific/Auckland' },
  { id: PRIYA, name: 'priya', tz: 'Asia/Kolkata' },
  { id: NOAH, name: 'noah', tz: 'America/New_York' },
  { id: BERTA, name: 'berta', tz: 'Europe/Berlin' },
  { id: GUS, name: 'gus', tz: 'UTC', isRestricted: true },
  { id: GONE, name: 'gone', tz: 'UTC', deleted: true },
  { id: OTTO, name: 'otto', tz: 'UTC' },
];
export const channels: FakeChannel[] = [
  {
    id: 'C0PARTNERS',
    name: 'partners',
    isPrivate: true,
    members: [OWEN, AROHA, PRIYA, NOAH, BERTA, GONE, BOT],
  },
  { id: 'C0GUESTS', name: 'guests', members: [OWEN, GUS, BOT] },
];
export const CHANNEL = 'C0PARTNERS';
export const START = '2026-03-09T10:00:00Z';

export const input = (value: string | undefined) => ({ type: 'plain_text_input', value });
export const field = (blockId: string, value: Json) => ({ [blockId]: { [blockId]: value } });
export const users_ = (ids: string[]) => ({ type: 'multi_users_select', selected_users: ids });
export const select = (value: string) => ({ type: 'static_select', selected_option: { value } });

export function startValues(
  reviewers: { why: string[]; what: string[]; how: string[]; who?: string[] },
  title = 'Partner API',
) {
  return {
    ...field('plan_title', input(title)),
    ...field('plan_target', { type: 'datepicker', selected_date: '2026-04-30' }),
    ...field('plan_goal', input('')),
    ...field('plan_reviewers_why', users_(reviewers.why)),
    ...field('plan_reviewers_what', users_(reviewers.what)),
    ...field('plan_reviewers_how', users_(reviewers.how)),
    ...(reviewers.who ? field('plan_reviewers_who', users_(reviewers.who)) : {}),
  };
}

export const WHY = {
  ...field('why_goal', input('Partners integrate without our help')),
  ...field('why_asked_by', input('Sales, for the Q2 partners')),
  ...field('why_objective', input('Grow partner revenue')),
  ...field('why_success', input('Five partners live by June')),
};
export const WHAT = {
  ...field('what_in_scope', input('must: API keys per partner\nshould: a usage dashboard')),
  ...field('what_out_of_scope', input('Billing partners')),
};
export const HOW = {
  ...field('how_fast_name', input('Static keys')),
  ...field('how_fast_effort', select('low')),
  ...field('how_fast_risk', select('high')),
  ...field('how_fast_quality', select('low')),
  ...field('how_fast_time', input('1 week')),
  ...field('how_robust_name', input('OAuth client credentials')),
  ...field('how_robust_effort', select('high')),
  ...field('how_robust_risk', select('low')),
  ...field('how_robust_quality', select('high')),
  ...field('how_robust_time', input('4 weeks')),
  ...field('how_choice', { type: 'radio_buttons', selected_option: { value: 'robust' } }),
  ...field('how_because', input('Partners keep keys for years.')),
  ...field('how_questions', input('How often should secrets rotate?')),
  ...field(
    'how_tasks',
    input('Token endpoint | 1 | 3d | 2026-04-10\nUsage dashboard | 2 | 2w | 2026-04-24'),
  ),
};

export async function at(harness: Harness, iso: string) {
  harness.clock.set(iso);
  return harness.mailroom.tick();
}

export const dms = (harness: Harness, userId: string) => harness.fake.messagesIn(userId);

export async function slash(harness: Harness, userId: string, text: string, channelId = CHANNEL) {
  const before = harness.fake.responses.length;
  const opened = harness.fake.callsTo('views.open').length;
  await harness.sender.slashCommand({ command: '/plan', text, userId, channelId });
  return eventually(() => {
    const reply = harness.fake.responses[before];
    if (reply)
      return { reply: `${reply.body.text}\n${textOf(reply.body.blocks)}`, view: undefined };
    const call = harness.fake.callsTo('views.open')[opened];
    if (call) return { reply: undefined, view: call.response.view as Json & { id: string } };
    throw new Error('nothing yet');
  });
}

export async function submit(harness: Harness, userId: string, view: Json, values: Json) {
  const response = await harness.sender.viewSubmission({
    userId,
    callbackId: String(view.callback_id),
    viewId: String(view.id),
    privateMetadata: String(view.private_metadata),
    values,
  });
  expect(response.status).toBe(200);
  return response.body === '' ? {} : (JSON.parse(response.body) as Json);
}

/** Starts "Partner API" from /plan; the plan, once its message is in the channel. */
export async function startPlan(harness: Harness) {
  const { view } = await slash(harness, OWEN, 'Partner API');
  if (!view) throw new Error('no form');
  expect(
    await submit(
      harness,
      OWEN,
      view,
      startValues({ why: [AROHA, PRIYA], what: [NOAH], how: [BERTA, NOAH] }),
    ),
  ).toEqual({});
  const plan = harness.mailroom.ctx.plans.ownedBy(OWEN)[0];
  if (!plan) throw new Error('no plan');
  await eventually(() => {
    if (!harness.mailroom.ctx.plans.get(plan.id)?.permalink) throw new Error('not posted yet');
  });
  return plan;
}

export function planMessage(harness: Harness, planId: number): StoredMessage {
  const ts = harness.mailroom.ctx.plans.get(planId)?.messageTs;
  const message = harness.fake.messagesIn(CHANNEL).find((m) => m.ts === ts);
  if (!message) throw new Error('the plan is not posted');
  return message;
}

export const planSaying = (harness: Harness, planId: number, words: string) =>
  eventually(() => {
    const message = planMessage(harness, planId);
    if (!textOf(message.blocks).includes(words)) throw new Error(`no “${words}” yet`);
    return message;
  });

/** Presses a button of a message as its reader; the reply's text, or the modal it opened. */
export async function press(
  harness: Harness,
  userId: string,
  message: StoredMessage,
  actionId: string,
  label?: string,
) {
  const button = label ? buttonLabelled(message, label) : findButton(message.blocks, actionId);
  const before = harness.fake.responses.length;
  const opened = harness.fake.callsTo('views.open').length;
  await harness.sender.blockAction({
    userId,
    actionId,
    value: button.value,
    blockId: button.blockId,
    channelId: message.channel,
    message: { ts: message.ts, blocks: message.blocks },
  });
  return eventually(() => {
    const reply = harness.fake.responses[before];
    if (reply) return { text: `${reply.body.text}\n${textOf(reply.body.blocks)}`, view: undefined };
    const call = harness.fake.callsTo('views.open')[opened];
    if (call) return { text: '', view: call.response.view as Json & { id: string } };
    throw new Error('no reply yet');
  });
}

/** The button of a message that reads `label` (a plan's message has one per stage). */
export function buttonLabelled(message: StoredMessage, label: string) {
  for (const block of (message.blocks ?? []) as Json[]) {
    for (const element of (block.elements ?? []) as Json[]) {
      if ((element.text as Json | undefined)?.text === label) {
        return { value: String(element.value), blockId: String(block.block_id) };
      }
    }
  }
  throw new Error(`no button “${label}”`);
}

export async function writeStage(harness: Harness, planId: number, words: string, values: Json) {
  const opened = await press(
    harness,
    OWEN,
    await planSaying(harness, planId, words),
    'plan_edit_stage',
    words,
  );
  if (!opened.view) throw new Error(`no form: ${opened.text}`);
  expect(await submit(harness, OWEN, opened.view, values)).toEqual({});
}

/** Presses a review card's button that opens a text modal, and sends it with `words`. */
export async function pressAndWrite(
  harness: Harness,
  userId: string,
  card: StoredMessage,
  actionId: string,
  words: string,
) {
  const opened = await press(harness, userId, card, actionId);
  if (!opened.view) throw new Error(`no modal: ${opened.text}`);
  await submit(harness, userId, opened.view, {
    [REVIEW_TEXT.block]: { [REVIEW_TEXT.action]: input(words) },
  });
}

export const reviewCard = (harness: Harness, userId: string, words: string) => {
  const card = [...dms(harness, userId)]
    .reverse()
    .find((m) => textOf(m.blocks).includes(words) || m.text.includes(words));
  if (!card) throw new Error(`${userId} has no “${words}”`);
  return card;
};

export const threadOf = (harness: Harness, stageTs: string | null | undefined) =>
  harness.fake
    .allMessagesIn(CHANNEL)
    .filter((m) => m.thread_ts === stageTs && m.ts !== stageTs)
    .map((m) => textOf(m.blocks) || m.text)
    .join('\n');

export async function homeTextOf(harness: Harness, userId: string): Promise<string> {
  const mine = () =>
    harness.fake.callsTo('views.publish').filter((call) => call.args.user_id === userId).length;
  const before = mine();
  await harness.sender.event(appHomeOpenedEvent(userId));
  await eventually(() => expect(mine()).toBeGreaterThan(before));
  return eventually(() =>
    textOf((harness.fake.homeViewOf(userId) as { blocks: unknown[] }).blocks),
  );
}

/** The stage written with `values` and accepted through the plan's own use cases. */
export function acceptStageWith(
  harness: Harness,
  planId: number,
  name: 'why' | 'what' | 'how',
  values: Json,
) {
  const ctx = harness.mailroom.ctx;
  const stage = ctx.plans.stagesOf(planId).find((s) => s.stage === name);
  if (!stage) throw new Error(`no ${name}`);
  submitStage(ctx, { userId: OWEN, stageId: stage.id, stage: name, form: readForm(values) });
  const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, stage.id);
  if (!review) throw new Error('no review');
  for (const reviewer of ctx.reviews.reviewersOf(review.id)) {
    answerReview(ctx, { reviewId: review.id, userId: reviewer.memberId, answer: 'agree' });
  }
  acceptStage(ctx, { userId: OWEN, stageId: stage.id });
}

/** The why, what and how accepted through the plan's own use cases, so the who opens. */
export function acceptUpToHow(harness: Harness, planId: number) {
  const forms = { why: WHY, what: WHAT, how: HOW };
  for (const name of ['why', 'what', 'how'] as const) {
    acceptStageWith(harness, planId, name, forms[name]);
  }
}
