import { afterEach, describe, expect, it } from 'vitest';
import { REVIEW_ACTIONS, REVIEW_TEXT } from '../../../../src/core/slack/views/review.js';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser, Json, StoredMessage } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import { appHomeOpenedEvent } from '../../../support/slack-requests.js';

/**
 * A plan end to end: the real HTTP receiver, the fake Slack, an injected clock. Owen in London
 * plans "Partner API" in #partners on Monday 9 March 2026 at 10:00Z. The why is reviewed by
 * Aroha (Auckland) and Priya (Kolkata), the what by Noah (New York), the how by Berta (Berlin)
 * and Noah. Everyone works 09:00–17:00 Monday to Friday in their own zone.
 */

const BOT = 'U0MAILBOT';
const OWEN = 'U0OWEN';
const AROHA = 'U0AROHA';
const PRIYA = 'U0PRIYA';
const NOAH = 'U0NOAH';
const BERTA = 'U0BERTA';
const GUS = 'U0GUS';
const GONE = 'U0GONE';
const OTTO = 'U0OTTO';

const users: FakeUser[] = [
  { id: OWEN, name: 'owen', tz: 'Europe/London' },
  { id: AROHA, name: 'aroha', tz: 'Pacific/Auckland' },
  { id: PRIYA, name: 'priya', tz: 'Asia/Kolkata' },
  { id: NOAH, name: 'noah', tz: 'America/New_York' },
  { id: BERTA, name: 'berta', tz: 'Europe/Berlin' },
  { id: GUS, name: 'gus', tz: 'UTC', isRestricted: true },
  { id: GONE, name: 'gone', tz: 'UTC', deleted: true },
  { id: OTTO, name: 'otto', tz: 'UTC' },
];
const channels: FakeChannel[] = [
  {
    id: 'C0PARTNERS',
    name: 'partners',
    isPrivate: true,
    members: [OWEN, AROHA, PRIYA, NOAH, BERTA, GONE, BOT],
  },
  { id: 'C0GUESTS', name: 'guests', members: [OWEN, GUS, BOT] },
];
const CHANNEL = 'C0PARTNERS';
const START = '2026-03-09T10:00:00Z';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const input = (value: string | undefined) => ({ type: 'plain_text_input', value });
const field = (blockId: string, value: Json) => ({ [blockId]: { [blockId]: value } });
const users_ = (ids: string[]) => ({ type: 'multi_users_select', selected_users: ids });
const select = (value: string) => ({ type: 'static_select', selected_option: { value } });

function startValues(
  reviewers: { why: string[]; what: string[]; how: string[] },
  title = 'Partner API',
) {
  return {
    ...field('plan_title', input(title)),
    ...field('plan_target', { type: 'datepicker', selected_date: '2026-04-30' }),
    ...field('plan_goal', input('')),
    ...field('plan_reviewers_why', users_(reviewers.why)),
    ...field('plan_reviewers_what', users_(reviewers.what)),
    ...field('plan_reviewers_how', users_(reviewers.how)),
  };
}

const WHY = {
  ...field('why_goal', input('Partners integrate without our help')),
  ...field('why_asked_by', input('Sales, for the Q2 partners')),
  ...field('why_objective', input('Grow partner revenue')),
  ...field('why_success', input('Five partners live by June')),
};
const WHAT = {
  ...field('what_in_scope', input('must: API keys per partner\nshould: a usage dashboard')),
  ...field('what_out_of_scope', input('Billing partners')),
};
const HOW = {
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

async function at(harness: Harness, iso: string) {
  harness.clock.set(iso);
  return harness.mailroom.tick();
}

const dms = (harness: Harness, userId: string) => harness.fake.messagesIn(userId);

async function slash(harness: Harness, userId: string, text: string, channelId = CHANNEL) {
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

async function submit(harness: Harness, userId: string, view: Json, values: Json) {
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
async function startPlan(harness: Harness) {
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

function planMessage(harness: Harness, planId: number): StoredMessage {
  const ts = harness.mailroom.ctx.plans.get(planId)?.messageTs;
  const message = harness.fake.messagesIn(CHANNEL).find((m) => m.ts === ts);
  if (!message) throw new Error('the plan is not posted');
  return message;
}

const planSaying = (harness: Harness, planId: number, words: string) =>
  eventually(() => {
    const message = planMessage(harness, planId);
    if (!textOf(message.blocks).includes(words)) throw new Error(`no “${words}” yet`);
    return message;
  });

/** Presses a button of a message as its reader; the reply's text, or the modal it opened. */
async function press(
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
function buttonLabelled(message: StoredMessage, label: string) {
  for (const block of (message.blocks ?? []) as Json[]) {
    for (const element of (block.elements ?? []) as Json[]) {
      if ((element.text as Json | undefined)?.text === label) {
        return { value: String(element.value), blockId: String(block.block_id) };
      }
    }
  }
  throw new Error(`no button “${label}”`);
}

async function writeStage(harness: Harness, planId: number, words: string, values: Json) {
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
async function pressAndWrite(
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

const reviewCard = (harness: Harness, userId: string, words: string) => {
  const card = [...dms(harness, userId)]
    .reverse()
    .find((m) => textOf(m.blocks).includes(words) || m.text.includes(words));
  if (!card) throw new Error(`${userId} has no “${words}”`);
  return card;
};

const threadOf = (harness: Harness, stageTs: string | null | undefined) =>
  harness.fake
    .allMessagesIn(CHANNEL)
    .filter((m) => m.thread_ts === stageTs && m.ts !== stageTs)
    .map((m) => textOf(m.blocks) || m.text)
    .join('\n');

describe('/plan and its forms', () => {
  it('says how to use it when the title is missing, too long, or typed in a DM', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    expect((await slash(h, OWEN, '  ')).reply).toContain('A plan needs a title');
    expect((await slash(h, OWEN, 'x'.repeat(200))).reply).toContain('keep it to 150');
    expect((await slash(h, OWEN, 'Partner API', 'D0OWEN')).reply).toContain('lives in the channel');
    expect((await slash(h, OWEN, 'help')).reply).toContain('/plan');
    expect(h.mailroom.ctx.plans.ownedBy(OWEN)).toEqual([]);
  });

  it('refuses a guest outside the channel, skips a deactivated reviewer and tells the owner', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const { view } = await slash(h, OWEN, 'Partner API');
    if (!view) throw new Error('no form');
    expect(JSON.stringify(view)).toContain('"initial_value":"Partner API"');
    const refused = await submit(h, OWEN, view, startValues({ why: [GUS], what: [OTTO], how: [] }));
    expect(refused.response_action).toBe('errors');
    const errors = refused.errors as Record<string, string>;
    expect(errors.plan_reviewers_why).toContain(`<@${GUS}> can’t see <#${CHANNEL}>`);
    expect(errors.plan_reviewers_what).toContain(`<@${OTTO}> can’t see`);
    expect(errors.plan_reviewers_how).toContain('at least one reviewer');
    expect(h.mailroom.ctx.plans.ownedBy(OWEN)).toEqual([]);

    expect(
      await submit(h, OWEN, view, startValues({ why: [AROHA, GONE], what: [NOAH], how: [BERTA] })),
    ).toEqual({});
    const told = await eventually(() => {
      const dm = dms(h as Harness, OWEN).find((m) => m.text.includes('Started the plan'));
      if (!dm) throw new Error('not told yet');
      return dm.text;
    });
    expect(told).toContain(`Skipped <@${GONE}> as reviewers: their account is deactivated.`);
    const plan = h.mailroom.ctx.plans.ownedBy(OWEN)[0];
    expect(h.mailroom.ctx.plans.stagesOf(plan?.id ?? 0).map((s) => s.reviewerIds)).toEqual([
      [AROHA],
      [NOAH],
      [BERTA],
    ]);
  });

  it('“Start a plan from this” takes the title and the goal from Slack’s copy of the message', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const seeded = h.fake.seedMessage(CHANNEL, {
      user: NOAH,
      text: 'Partners keep asking for API keys\nThey want to integrate without us.',
    });
    const opened = h.fake.callsTo('views.open').length;
    await h.sender.messageShortcut({
      userId: OWEN,
      callbackId: 'start_plan',
      channelId: CHANNEL,
      message: { ts: seeded.ts, user: NOAH, text: 'FORGED text from the payload' },
    });
    const view = await eventually(() => {
      const call = (h as Harness).fake.callsTo('views.open')[opened];
      if (!call) throw new Error('no form');
      return call.args.view as Json;
    });
    const shown = JSON.stringify(view);
    expect(shown).toContain('"initial_value":"Partners keep asking for API keys"');
    expect(shown).toContain('They want to integrate without us.');
    expect(shown).not.toContain('FORGED');
  });

  it('keeps a stage form with a missing field open, with the problem under it, and stores nothing', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const plan = await startPlan(h);
    const opened = await press(h, OWEN, planMessage(h, plan.id), 'plan_edit_stage');
    if (!opened.view) throw new Error('no form');
    const refused = await submit(h, OWEN, opened.view, {
      ...WHY,
      ...field('why_success', input('  ')),
    });
    expect(refused).toEqual({
      response_action: 'errors',
      errors: { why_success: 'Please fill in how success is measured.' },
    });
    expect(h.mailroom.ctx.plans.stagesOf(plan.id).map((s) => [s.state, s.revision])).toEqual([
      ['draft', 0],
      ['not_started', 0],
      ['not_started', 0],
    ]);
    // Someone else pressing the owner's button is told, and no form opens.
    const other = await press(h, NOAH, planMessage(h, plan.id), 'plan_edit_stage');
    expect(other.text).toContain('Only the plan’s owner can write and submit its stages.');
  });
});

async function homeTextOf(harness: Harness, userId: string): Promise<string> {
  const mine = () =>
    harness.fake.callsTo('views.publish').filter((call) => call.args.user_id === userId).length;
  const before = mine();
  await harness.sender.event(appHomeOpenedEvent(userId));
  await eventually(() => expect(mine()).toBeGreaterThan(before));
  return eventually(() =>
    textOf((harness.fake.homeViewOf(userId) as { blocks: unknown[] }).blocks),
  );
}

describe('a plan in a channel Mailroom is not in', () => {
  it('is kept, and its owner is told how to have it posted', async () => {
    h = await startMailroom({
      now: START,
      slack: {
        users,
        channels: [...channels, { id: 'C0NOBOT', name: 'nobot', members: [OWEN, PRIYA, NOAH] }],
        requireMembership: true,
      },
    });
    const { view } = await slash(h, OWEN, 'Partner API', 'C0NOBOT');
    if (!view) throw new Error('no form');
    expect(
      await submit(h, OWEN, view, startValues({ why: [PRIYA], what: [NOAH], how: [PRIYA] })),
    ).toEqual({});
    const told = await eventually(() => {
      const dm = dms(h as Harness, OWEN).find((m) => m.text.includes('I couldn’t post the plan'));
      if (!dm) throw new Error('not told yet');
      return dm.text;
    });
    expect(told).toContain('Invite me with `/invite @Mailroom`; the plan is saved.');
    expect(h.mailroom.ctx.plans.ownedBy(OWEN)[0]?.postProblem).toBe('not_in_channel');
  });
});

describe('Home', () => {
  it('shows “Plans I own” to the owner and “Plan stages waiting for my review” to each reviewer', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const plan = await startPlan(h);
    await writeStage(h, plan.id, 'Write the why', WHY);
    const owner = await homeTextOf(h, OWEN);
    expect(owner).toContain('Plans I own (1)');
    expect(owner).toContain('Why: in review · What: not started · How: not started');
    const priya = await homeTextOf(h, PRIYA);
    expect(priya).toContain('Plan stages waiting for my review (1)');
    expect(priya).toMatch(/the why.*Partner API/);
    expect(priya).toContain('your window ends');
    expect(await homeTextOf(h, NOAH)).not.toContain('Plan stages waiting');
  });
});

describe('a plan across Auckland, Kolkata, New York and Berlin', () => {
  it('goes why, what, how: reviewers asked in their hours; a concern blocks the how until answered and withdrawn', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const plan = await startPlan(harness);
    const stage = (name: 'why' | 'what' | 'how') => {
      const found = ctx.plans.stagesOf(plan.id).find((s) => s.stage === name);
      if (!found) throw new Error(`no ${name}`);
      return found;
    };
    await planSaying(harness, plan.id, 'target date *2026-04-30*');

    // The why: 10:00Z is 15:30 in Kolkata, 23:00 in Auckland. Priya is asked now.
    await writeStage(harness, plan.id, 'Write the why', WHY);
    await at(harness, START);
    expect(reviewCard(harness, PRIYA, 'Please review').text).toContain('Partner API: the why');
    expect(dms(harness, AROHA)).toEqual([]);
    expect(
      (
        await press(
          harness,
          PRIYA,
          reviewCard(harness, PRIYA, 'Please review'),
          REVIEW_ACTIONS.agree,
        )
      ).text,
    ).toContain('You agreed');
    // Aroha's Tuesday starts at 09:00 NZDT, Monday 20:00Z.
    await at(harness, '2026-03-09T19:59:00Z');
    expect(dms(harness, AROHA)).toEqual([]);
    await at(harness, '2026-03-09T20:00:00Z');
    await press(harness, AROHA, reviewCard(harness, AROHA, 'Please review'), REVIEW_ACTIONS.agree);
    const acceptedWhy = await press(
      harness,
      OWEN,
      await planSaying(harness, plan.id, 'Accept the why'),
      'plan_accept_stage',
    );
    expect(acceptedWhy.text).toContain('is accepted');
    expect(acceptedWhy.text).toContain('The what is open: write it from the plan’s message.');
    expect(stage('why').state).toBe('accepted');

    // The what: 20:00Z is 16:00 in New York (summer time since Sunday). Noah is asked now.
    await writeStage(harness, plan.id, 'Write the what', WHAT);
    await at(harness, '2026-03-09T20:00:00Z');
    await press(harness, NOAH, reviewCard(harness, NOAH, 'the what'), REVIEW_ACTIONS.agree);
    await press(
      harness,
      OWEN,
      await planSaying(harness, plan.id, 'Accept the what'),
      'plan_accept_stage',
    );
    expect(stage('what').state).toBe('accepted');

    // The how: 20:30Z is 21:30 in Berlin; Noah is at work, Berta is not.
    await at(harness, '2026-03-09T20:30:00Z');
    await writeStage(harness, plan.id, 'Write the how', HOW);
    await at(harness, '2026-03-09T20:30:00Z');
    expect(dms(harness, BERTA)).toEqual([]);
    await press(harness, NOAH, reviewCard(harness, NOAH, 'the how'), REVIEW_ACTIONS.agree);
    // Berta's Tuesday: 09:00 CET is 08:00Z. She raises a concern.
    await at(harness, '2026-03-10T08:00:00Z');
    await pressAndWrite(
      harness,
      BERTA,
      reviewCard(harness, BERTA, 'the how'),
      REVIEW_ACTIONS.concern,
      'Secrets need rotation from day one.',
    );
    const blocked = await press(
      harness,
      OWEN,
      await planSaying(harness, plan.id, 'Accept the how'),
      'plan_accept_stage',
    );
    expect(blocked.text).toContain('can’t be accepted while a concern is open');
    expect(stage('how').state).toBe('in_review');

    // Owen reads it at 09:00 London and answers; Berta withdraws.
    await at(harness, '2026-03-10T08:59:00Z');
    expect(() => reviewCard(harness, OWEN, 'Secrets need rotation')).toThrow();
    await at(harness, '2026-03-10T09:00:00Z');
    await pressAndWrite(
      harness,
      OWEN,
      reviewCard(harness, OWEN, 'Secrets need rotation'),
      REVIEW_ACTIONS.answer,
      'Rotation is task 1.',
    );
    await at(harness, '2026-03-10T09:00:00Z');
    expect(
      (
        await press(
          harness,
          BERTA,
          reviewCard(harness, BERTA, 'Rotation is task 1.'),
          REVIEW_ACTIONS.withdraw,
        )
      ).text,
    ).toContain('You withdrew your concern');
    const accepted = await press(
      harness,
      OWEN,
      await planSaying(harness, plan.id, 'Accept the how'),
      'plan_accept_stage',
    );
    expect(accepted.text).toContain('is accepted');
    expect(ctx.plans.stagesOf(plan.id).map((s) => s.state)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);

    // The plan's message shows every stage accepted; the how's thread holds its whole story.
    const shown = textOf((await planSaying(harness, plan.id, 'How*: accepted')).blocks);
    expect(shown).toContain('Why*: accepted');
    expect(shown).toContain('What*: accepted');
    const how = await eventually(() => {
      const text = threadOf(harness, stage('how').messageTs);
      if (!text.includes('is accepted')) throw new Error('not yet');
      return text;
    });
    for (const words of [
      'Revision 1 of the how',
      `Review asked of <@${BERTA}>, <@${NOAH}>`,
      'Robust but slower: OAuth client credentials',
      'Token endpoint · 3d · due 2026-04-10 · for _1. API keys per partner_',
      `<@${BERTA}> raised a concern`,
      'Rotation is task 1.',
      `<@${BERTA}> withdrew their concern`,
      'The how is accepted',
    ]) {
      expect(how).toContain(words);
    }
    // The how's own message says where its review stands, each answer kept current there.
    await eventually(() => {
      const own = harness.fake.messagesIn(CHANNEL).find((m) => m.ts === stage('how').messageTs);
      expect(textOf(own?.blocks)).toContain(`<@${BERTA}> raised a concern · <@${NOAH}> agreed`);
    });
    expect(harness.logs.errors()).toEqual([]);
  });

  it('a changed why asks the what’s reviewer to re-check in his hours; his concern reopens it', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const plan = await startPlan(harness);
    const acceptAnyway = async (words: string) => {
      const waiting = await press(
        harness,
        OWEN,
        await planSaying(harness, plan.id, words),
        'plan_accept_stage',
      );
      expect(waiting.text).toContain('Not everyone has answered yet');
      const reply = [...harness.fake.responses]
        .reverse()
        .find((r) => JSON.stringify(r.body).includes('plan_accept_anyway'));
      const button = findButton(reply?.body.blocks, 'plan_accept_anyway');
      const before = harness.fake.responses.length;
      await harness.sender.blockAction({
        userId: OWEN,
        actionId: 'plan_accept_anyway',
        value: button.value,
        channelId: CHANNEL,
      });
      await eventually(() => {
        if (!harness.fake.responses[before]) throw new Error('no reply');
      });
    };
    await writeStage(harness, plan.id, 'Write the why', WHY);
    await acceptAnyway('Accept the why');
    await writeStage(harness, plan.id, 'Write the what', WHAT);
    await acceptAnyway('Accept the what');
    expect(ctx.plans.stagesOf(plan.id).map((s) => s.state)).toEqual([
      'accepted',
      'accepted',
      'draft',
    ]);

    // Owen revises the why at 10:00Z, 06:00 in New York: Noah hears at 09:00 EDT (13:00Z).
    await writeStage(harness, plan.id, 'Revise the why', {
      ...WHY,
      ...field('why_success', input('Ten partners live by June')),
    });
    expect(ctx.plans.stagesOf(plan.id).map((s) => [s.state, s.revision])).toEqual([
      ['in_review', 2],
      ['recheck', 1],
      ['draft', 0],
    ]);
    await planSaying(harness, plan.id, 'What*: to re-check');
    await at(harness, '2026-03-09T12:59:00Z');
    expect(dms(harness, NOAH).filter((m) => m.text.includes('re-check'))).toEqual([]);
    await at(harness, '2026-03-09T13:00:00Z');
    const recheck = reviewCard(harness, NOAH, 'is to re-check');
    expect(textOf(recheck.blocks)).toContain('does it still hold?');

    // Someone else may not answer it; Noah's concern reopens the what's review.
    const notHis = await press(harness, PRIYA, recheck, 'plan_recheck_holds');
    expect(notHis.text).toContain('Only the reviewers of the what can re-check it.');
    const opened = await press(harness, NOAH, recheck, 'plan_recheck_concern');
    if (!opened.view) throw new Error('no modal');
    expect(
      await submit(harness, NOAH, opened.view, field('plan_concern', input(' '))),
    ).toMatchObject({
      response_action: 'errors',
    });
    expect(
      await submit(
        harness,
        NOAH,
        opened.view,
        field('plan_concern', input('Ten partners need SSO.')),
      ),
    ).toEqual({});
    expect(ctx.plans.stagesOf(plan.id).map((s) => s.state)).toEqual([
      'in_review',
      'in_review',
      'draft',
    ]);
    await planSaying(harness, plan.id, 'What*: in review');
    const what = ctx.plans.stagesOf(plan.id)[1];
    await eventually(() => {
      const text = threadOf(harness, what?.messageTs);
      if (!text.includes('Ten partners need SSO.')) throw new Error('not yet');
      expect(text).toContain('is to re-check');
    });
    // The button on the DM is spent.
    expect((await press(harness, NOAH, recheck, 'plan_recheck_holds')).text).toContain(
      'no longer waiting',
    );
    expect(harness.logs.errors()).toEqual([]);
  });
});
