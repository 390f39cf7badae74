import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import {
  AROHA,
  BERTA,
  CHANNEL,
  channels,
  dms,
  field,
  GONE,
  GUS,
  homeTextOf,
  input,
  NOAH,
  OTTO,
  OWEN,
  PRIYA,
  planMessage,
  press,
  START,
  slash,
  startPlan,
  startValues,
  submit,
  users,
  WHY,
  writeStage,
} from './plan-world.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

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
      [],
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
      ['not_started', 0],
    ]);
    // Someone else pressing the owner's button is told, and no form opens.
    const other = await press(h, NOAH, planMessage(h, plan.id), 'plan_edit_stage');
    expect(other.text).toContain('Only the plan’s owner can write and submit its stages.');
  });
});

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
