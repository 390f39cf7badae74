import { afterEach, describe, expect, it } from 'vitest';
import { REVIEW_ACTIONS } from '../../../../src/core/slack/views/review.js';
import { textOf } from '../../../support/blocks.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import {
  AROHA,
  at,
  BERTA,
  CHANNEL,
  channels,
  HOW,
  NOAH,
  OTTO,
  OWEN,
  PRIYA,
  planSaying,
  press,
  reviewCard,
  START,
  startPlan,
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

async function ask(harness: Harness, userId: string, text: string, channelId: string) {
  const before = harness.fake.responses.length;
  await harness.sender.slashCommand({ command: '/ask', text, userId, channelId });
  return eventually(() => {
    const reply = harness.fake.responses[before];
    if (!reply) throw new Error('no reply yet');
    return `${reply.body.text}\n${textOf(reply.body.blocks)}`;
  });
}

describe('a plan’s accepted how, logged as a decision and found with /ask', () => {
  it('logs the chosen option in the plan’s channel, links it from the how, and a member finds the plan', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const plan = await startPlan(harness);
    const how = () => {
      const found = ctx.plans.stagesOf(plan.id).find((s) => s.stage === 'how');
      if (!found) throw new Error('no how');
      return found;
    };

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
    await writeStage(harness, plan.id, 'Write the how', HOW);
    await at(harness, '2026-03-09T20:30:00Z');
    await press(harness, NOAH, reviewCard(harness, NOAH, 'the how'), REVIEW_ACTIONS.agree);
    await at(harness, '2026-03-10T08:00:00Z');
    await press(harness, BERTA, reviewCard(harness, BERTA, 'the how'), REVIEW_ACTIONS.agree);
    await press(
      harness,
      OWEN,
      await planSaying(harness, plan.id, 'Accept the how'),
      'plan_accept_stage',
    );
    await at(harness, '2026-03-10T08:00:00Z');

    // The decision is posted in the plan's channel, naming the plan and the how's revision.
    const decisionId = ctx.plans.latestRevision(how().id)?.decisionId ?? 0;
    const decision = await eventually(() => {
      const found = ctx.decisions.get(decisionId);
      if (!found?.permalink) throw new Error('not posted yet');
      return found;
    });
    expect(decision).toMatchObject({
      title: 'Partner API: OAuth client credentials',
      channelId: CHANNEL,
      ownerIds: [OWEN],
      status: 'accepted',
      contextText: 'The plan “Partner API”, how revision 1.',
      contextPermalink: how().permalink,
    });
    const posted = harness.fake.messagesIn(CHANNEL).find((m) => m.ts === decision.messageTs);
    expect(textOf(posted?.blocks)).toContain('Partner API: OAuth client credentials');
    // The how's own message links the decision once Slack gave its link.
    await eventually(() => {
      const own = harness.fake.messagesIn(CHANNEL).find((m) => m.ts === how().messageTs);
      expect(textOf(own?.blocks)).toContain(
        `Decision logged:* <${decision.permalink}|Partner API: OAuth client credentials> (accepted)`,
      );
    });

    // Priya, in the channel, finds the plan with /ask; Otto, outside it, does not.
    const found = await ask(harness, PRIYA, 'partner API OAuth client credentials plan', CHANNEL);
    expect(found).toContain('Plan: Partner API');
    const hidden = await ask(harness, OTTO, 'partner API OAuth client credentials plan', OTTO);
    expect(hidden).not.toContain('Plan: Partner API');
    expect(harness.logs.errors()).toEqual([]);
  });
});
