import { afterEach, describe, expect, it } from 'vitest';
import { proposeOwner } from '../../../../src/features/plans/services/who.js';
import { textOf } from '../../../support/blocks.js';
import type { Harness } from '../../../support/harness.js';
import { eventually, startMailroom } from '../../../support/harness.js';
import { userChangeEvent } from '../../../support/slack-requests.js';
import {
  acceptUpToHow,
  at,
  channels,
  dms,
  NOAH,
  OWEN,
  PRIYA,
  press,
  reviewCard,
  START,
  startPlan,
  users,
} from './plan-world.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('a deactivated owner, through Slack', () => {
  it('a signed user_change drops Noah from the task proposed to him: his assignment never goes, Owen is told once in his hours and proposes someone else', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const plan = await startPlan(h);
    acceptUpToHow(h, plan.id);
    const ctx = h.mailroom.ctx;
    const [first = 0, second = 0] = ctx.plans.tasksOf(plan.id).map((t) => t.id);
    proposeOwner(ctx, { userId: OWEN, taskId: first, candidateId: PRIYA });
    proposeOwner(ctx, { userId: OWEN, taskId: second, candidateId: NOAH });
    // Monday 10:00 UTC is 15:30 in Kolkata, 06:00 in New York: Priya accepts hers.
    await at(h, START);
    const card = reviewCard(h, PRIYA, 'proposes you own this task');
    expect((await press(h, PRIYA, card, 'plan_accept_task')).text).toContain('You accepted');

    const noah = users.find((u) => u.id === NOAH);
    const sent = await h.sender.event(userChangeEvent({ ...noah, deleted: true }), {
      eventId: 'Ev0NOAHLEFT',
    });
    expect(sent.status).toBe(200);
    await eventually(() =>
      expect(ctx.plans.task(second)).toMatchObject({ ownerId: null, state: 'unassigned' }),
    );
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: PRIYA, state: 'accepted' });
    expect(ctx.queue.withKeyPrefix(`plan-task-assignment:${second}:`).map((i) => i.state)).toEqual([
      'expired',
    ]);

    // The same event again changes nothing.
    await h.sender.event(userChangeEvent({ ...noah, deleted: true }), { eventId: 'Ev0NOAHLEFT2' });
    await at(h, '2026-03-09T10:05:00Z');
    await at(h, '2026-03-09T13:00:00Z');
    const told = dms(h, OWEN).filter((m) => textOf(m.blocks).includes('has been deactivated'));
    expect(told).toHaveLength(1);
    expect(textOf(told[0]?.blocks)).toContain(
      `<@${NOAH}> has been deactivated, so “Usage dashboard”`,
    );
    expect(dms(h, NOAH)).toEqual([]);

    const notice = told[0];
    if (!notice) throw new Error('no notice');
    const opened = await press(h, OWEN, notice, 'plan_propose_again', 'Propose someone else');
    expect(opened.view).toBeDefined();
    expect(h.logs.errors()).toEqual([]);
  });
});
