import { afterEach, describe, expect, it } from 'vitest';
import { REVIEW_ACTIONS } from '../../../../src/core/slack/views/review.js';
import { findButton, textOf } from '../../../support/blocks.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import {
  AROHA,
  at,
  BERTA,
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
  pressAndWrite,
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
      'draft',
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
      'not_started',
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
      ['not_started', 0],
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
      'not_started',
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
