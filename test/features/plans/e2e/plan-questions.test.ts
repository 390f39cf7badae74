import { afterEach, describe, expect, it } from 'vitest';
import { REVIEW_ACTIONS } from '../../../../src/core/slack/views/review.js';
import { textOf } from '../../../support/blocks.js';
import type { Json } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import {
  AROHA,
  at,
  CHANNEL,
  channels,
  dms,
  field,
  HOW,
  input,
  NOAH,
  OTTO,
  OWEN,
  PRIYA,
  planSaying,
  press,
  reviewCard,
  START,
  startPlan,
  submit,
  threadOf,
  users,
  WHAT,
  WHY,
  writeStage,
} from './plan-world.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const ROTATE = 'How often should partner secrets rotate?';
const LIMITS = 'Which rate limits do partners need?';
const HOW_ASKING = {
  ...HOW,
  ...field('how_questions', input(`${ROTATE}\n${LIMITS}`)),
};

async function ask(harness: Harness, userId: string, text: string, channelId: string) {
  const before = harness.fake.responses.length;
  await harness.sender.slashCommand({ command: '/ask', text, userId, channelId });
  return eventually(() => {
    const reply = harness.fake.responses[before];
    if (!reply) throw new Error('no reply yet');
    return `${reply.body.text}\n${textOf(reply.body.blocks)}`;
  });
}

/** The newest DM of `userId` that says `words`, if any. */
const dmSaying = (harness: Harness, userId: string, words: string) =>
  [...dms(harness, userId)].reverse().find((m) => `${m.text}\n${textOf(m.blocks)}`.includes(words));

/** A plan whose how was submitted on Monday 9 March at 20:30Z with two open questions. */
async function planWithQuestions(harness: Harness) {
  const { ctx } = harness.mailroom;
  const plan = await startPlan(harness);
  await writeStage(harness, plan.id, 'Write the why', WHY);
  await at(harness, START);
  await press(harness, PRIYA, reviewCard(harness, PRIYA, 'the why'), REVIEW_ACTIONS.agree);
  await at(harness, '2026-03-09T20:00:00Z');
  await press(harness, AROHA, reviewCard(harness, AROHA, 'the why'), REVIEW_ACTIONS.agree);
  await press(
    harness,
    OWEN,
    await planSaying(harness, plan.id, 'Accept the why'),
    'plan_accept_stage',
  );
  await writeStage(harness, plan.id, 'Write the what', WHAT);
  await at(harness, '2026-03-09T20:00:00Z');
  await press(harness, NOAH, reviewCard(harness, NOAH, 'the what'), REVIEW_ACTIONS.agree);
  await press(
    harness,
    OWEN,
    await planSaying(harness, plan.id, 'Accept the what'),
    'plan_accept_stage',
  );
  await at(harness, '2026-03-09T20:30:00Z');
  await writeStage(harness, plan.id, 'Write the how', HOW_ASKING);
  await at(harness, '2026-03-09T20:30:00Z');
  const how = () => {
    const found = ctx.plans.stagesOf(plan.id).find((s) => s.stage === 'how');
    if (!found) throw new Error('no how');
    return found;
  };
  const howMessage = () =>
    eventually(() => {
      const found = harness.fake.messagesIn(CHANNEL).find((m) => m.ts === how().messageTs);
      if (!found) throw new Error('the how is not posted yet');
      return found;
    });
  return { plan, how, howMessage };
}

describe('the how’s open questions, put to experts in their hours', () => {
  it('routes two questions to experts in Kolkata and New York, each delivered at the start of their day, answered into the how’s thread and found with /ask', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    ctx.experts.add('keyword', 'secrets', PRIYA, OWEN, ctx.clock());
    ctx.experts.add('keyword', 'rate limits', NOAH, OWEN, ctx.clock());
    const { plan, how, howMessage } = await planWithQuestions(harness);

    // Monday 22:00Z: 18:00 in New York, 03:30 on Tuesday in Kolkata; both have ended their day.
    await at(harness, '2026-03-09T22:00:00Z');
    const opened = await press(harness, OWEN, await howMessage(), 'plan_ask_experts');
    const form = opened.view as Json & { id: string };
    const shown = textOf(form.blocks);
    expect(shown).toContain(`${ROTATE}\n→ <@${PRIYA}>, who owns the topic “secrets”.`);
    expect(shown).toContain(`${LIMITS}\n→ <@${NOAH}>, who owns the topic “rate limits”.`);
    const sent = await submit(harness, OWEN, form, {});
    expect(sent.response_action).toBe('update');
    expect(textOf((sent.view as Json).blocks)).toContain(`${ROTATE} → <@${PRIYA}>`);
    // Sent twice (a double click, a retry): each question is queued once.
    await submit(harness, OWEN, form, {});
    const items = () =>
      ctx.db.$client
        .prepare(
          "SELECT recipient_id, kind, state FROM queue_items WHERE kind LIKE 'plan_question%' ORDER BY id",
        )
        .all();
    expect(items()).toEqual([
      { recipient_id: PRIYA, kind: 'plan_question', state: 'queued' },
      { recipient_id: PRIYA, kind: 'plan_question_reminder', state: 'queued' },
      { recipient_id: NOAH, kind: 'plan_question', state: 'queued' },
      { recipient_id: NOAH, kind: 'plan_question_reminder', state: 'queued' },
    ]);
    // The how's message lists them, waiting; Ask the experts is gone, all being sent.
    await eventually(async () => {
      const listed = textOf((await howMessage()).blocks);
      expect(listed).toContain(`${ROTATE}: asked <@${PRIYA}>, waiting`);
      expect(listed).toContain(`${LIMITS}: asked <@${NOAH}>, waiting`);
      expect(listed).not.toContain('Ask the experts');
    });

    // Priya's Tuesday starts at 09:00 IST, 03:30Z.
    await at(harness, '2026-03-10T03:29:00Z');
    expect(dmSaying(harness, PRIYA, ROTATE)).toBeUndefined();
    await at(harness, '2026-03-10T03:30:00Z');
    const priyaCard = dmSaying(harness, PRIYA, ROTATE);
    if (!priyaCard) throw new Error('Priya was not asked');
    expect(textOf(priyaCard.blocks)).toContain(`<@${OWEN}> asks you a question for the how`);
    expect(dmSaying(harness, NOAH, LIMITS)).toBeUndefined();

    const answerForm = await press(harness, PRIYA, priyaCard, 'plan_question_answer');
    const answerView = answerForm.view as Json & { id: string };
    // An empty answer is refused under its field; the form stays open.
    expect(await submit(harness, PRIYA, answerView, field('plan_answer', input('  ')))).toEqual({
      response_action: 'errors',
      errors: { plan_answer: 'The answer is empty: write it, then send it.' },
    });
    const answer = 'Every 90 days, with two valid secrets during the switch.';
    expect(await submit(harness, PRIYA, answerView, field('plan_answer', input(answer)))).toEqual(
      {},
    );
    await at(harness, '2026-03-10T03:30:00Z');
    await eventually(() => expect(threadOf(harness, how().messageTs)).toContain(answer));
    expect(items()[0]).toEqual({ recipient_id: PRIYA, kind: 'plan_question', state: 'done' });
    expect(items()[1]).toEqual({
      recipient_id: PRIYA,
      kind: 'plan_question_reminder',
      state: 'done',
    });
    // Owen, in London, is told at the start of his day.
    expect(dmSaying(harness, OWEN, 'answered your question')).toBeUndefined();
    await at(harness, '2026-03-10T09:00:00Z');
    expect(textOf(dmSaying(harness, OWEN, 'answered your question')?.blocks)).toContain(answer);

    // Noah's Tuesday starts at 09:00 EDT, 13:00Z.
    await at(harness, '2026-03-10T12:59:00Z');
    expect(dmSaying(harness, NOAH, LIMITS)).toBeUndefined();
    await at(harness, '2026-03-10T13:00:00Z');
    const noahCard = dmSaying(harness, NOAH, LIMITS);
    if (!noahCard) throw new Error('Noah was not asked');
    const noahForm = await press(harness, NOAH, noahCard, 'plan_question_answer');
    await submit(
      harness,
      NOAH,
      noahForm.view as Json,
      field('plan_answer', input('A hundred requests a second per partner.')),
    );
    await at(harness, '2026-03-10T13:00:00Z');

    // The how's message: both answered, each with its link.
    await eventually(async () => {
      const listed = textOf((await howMessage()).blocks);
      expect(listed).toMatch(
        /How often should partner secrets rotate\?: asked <@U0PRIYA>, answered \(<https:[^|]+\|the answer>\)/,
      );
      expect(listed).toMatch(
        /Which rate limits do partners need\?: asked <@U0NOAH>, answered \(<https:[^|]+\|the answer>\)/,
      );
    });
    expect(ctx.plans.get(plan.id)?.ownerId).toBe(OWEN);

    // Aroha, in the channel, finds Priya's answer with /ask; Otto, outside it, does not.
    const found = await ask(harness, AROHA, 'how often do partner secrets rotate', CHANNEL);
    expect(found).toContain('90 days');
    const hidden = await ask(harness, OTTO, 'how often do partner secrets rotate', OTTO);
    expect(hidden).not.toContain('90 days');
    expect(harness.logs.errors()).toEqual([]);
  });
  it('reminds an expert who has not answered within two of their working days, once, in their hours', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    ctx.experts.add('keyword', 'rate limits', NOAH, OWEN, ctx.clock());
    const { howMessage } = await planWithQuestions(harness);
    await at(harness, '2026-03-09T22:00:00Z');
    const opened = await press(harness, OWEN, await howMessage(), 'plan_ask_experts');
    const form = opened.view as Json & { id: string };
    // Nobody owns secrets: that question is listed with a picker, and left unsent.
    expect(textOf(form.blocks)).toContain(`${ROTATE}\nNo expert found for this one`);
    const sent = await submit(harness, OWEN, form, {});
    expect(textOf((sent.view as Json).blocks)).toContain(
      `Not sent: nobody to answer them*\n• ${ROTATE}`,
    );

    // Asked on Tuesday at 09:00 New York time; Tuesday and Wednesday pass unanswered.
    await at(harness, '2026-03-10T13:00:00Z');
    expect(dmSaying(harness, NOAH, LIMITS)).toBeDefined();
    await at(harness, '2026-03-12T12:59:00Z');
    expect(dmSaying(harness, NOAH, 'Reminder: a question')).toBeUndefined();
    await at(harness, '2026-03-12T13:00:00Z');
    expect(textOf(dmSaying(harness, NOAH, 'Reminder: a question')?.blocks)).toContain(LIMITS);
    await at(harness, '2026-03-13T13:00:00Z');
    await at(harness, '2026-03-16T13:00:00Z');
    expect(
      dms(harness, NOAH).filter((m) => m.text.startsWith('Reminder: a question')),
    ).toHaveLength(1);
    expect(harness.logs.errors()).toEqual([]);
  });
});
