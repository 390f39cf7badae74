import { afterEach, describe, expect, it } from 'vitest';
import { proposeOwner } from '../../../../src/features/plans/services/who.js';
import { textOf } from '../../../support/blocks.js';
import type { Harness } from '../../../support/harness.js';
import { startMailroom } from '../../../support/harness.js';
import {
  acceptStageWith,
  acceptUpToHow,
  at,
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
  users,
} from './plan-world.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const saying = (harness: Harness, userId: string, words: string) =>
  dms(harness, userId).filter((m) => textOf(m.blocks).includes(words));

describe('an overdue task, through Slack', () => {
  it('is reminded once at the start of its owner’s working day, across several ticks; its Done marks the task done; the plan’s owner is told once in his hours', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const plan = await startPlan(h);
    acceptUpToHow(h, plan.id);
    const ctx = h.mailroom.ctx;
    const [first = 0, second = 0] = ctx.plans.tasksOf(plan.id).map((t) => t.id);
    proposeOwner(ctx, { userId: OWEN, taskId: first, candidateId: PRIYA });
    proposeOwner(ctx, { userId: OWEN, taskId: second, candidateId: NOAH });
    // Monday 10:00 UTC is 15:30 in Kolkata: Priya accepts the first task, due Friday 10 April.
    await at(h, START);
    const card = reviewCard(h, PRIYA, 'proposes you own this task');
    expect((await press(h, PRIYA, card, 'plan_accept_task')).text).toContain('You accepted');

    // Friday 10 April ends in Kolkata (UTC+5:30) at 18:30 UTC; her next working day starts on
    // Monday the 13th at 09:00 hers, 03:30 UTC. Owen's (London, UTC+1) at 08:00 UTC.
    const overdue = 'isn’t done yet';
    for (const when of ['2026-04-10T18:29:00Z', '2026-04-10T18:30:00Z', '2026-04-11T12:00:00Z']) {
      await at(h, when);
    }
    await at(h, '2026-04-13T03:29:00Z');
    expect(saying(h, PRIYA, overdue)).toEqual([]);
    expect(ctx.plans.task(first)?.overdueRemindedFor).toBe('2026-04-10');
    await at(h, '2026-04-13T03:30:00Z');
    expect(saying(h, PRIYA, overdue)).toHaveLength(1);
    expect(saying(h, OWEN, overdue)).toEqual([]);
    for (const when of ['2026-04-13T04:00:00Z', '2026-04-13T08:00:00Z', '2026-04-14T09:00:00Z']) {
      await at(h, when);
    }
    const reminders = saying(h, PRIYA, overdue);
    expect(reminders).toHaveLength(1);
    expect(textOf(reminders[0]?.blocks)).toContain('was due *2026-04-10*');
    const told = saying(h, OWEN, overdue);
    expect(told).toHaveLength(1);
    expect(textOf(told[0]?.blocks)).toContain(`owned by <@${PRIYA}>`);

    const reminder = reminders[0];
    if (!reminder) throw new Error('no reminder');
    expect((await press(h, OWEN, reminder, 'plan_task_done', 'Done')).text).toContain(
      'Only the task’s owner',
    );
    expect((await press(h, PRIYA, reminder, 'plan_task_done', 'Done')).text).toContain(
      'You marked “Token endpoint”',
    );
    expect(ctx.plans.task(first)?.state).toBe('done');
    expect(ctx.queue.withKeyPrefix(`plan-task-overdue:${first}:`).map((i) => i.state)).toEqual([
      'done',
    ]);
    await planSaying(h, plan.id, 'Token endpoint · 3d · due *2026-04-10* · <@U0PRIYA>, done');
    await at(h, '2026-04-15T09:00:00Z');
    expect(saying(h, PRIYA, overdue)).toHaveLength(1);
    expect(h.logs.errors()).toEqual([]);
  });

  it('still waiting for its owner’s hours is never posted when a revised how moves the due date later; the task is reminded once after the new due day', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const plan = await startPlan(h);
    acceptUpToHow(h, plan.id);
    const ctx = h.mailroom.ctx;
    const [first = 0] = ctx.plans.tasksOf(plan.id).map((t) => t.id);
    proposeOwner(ctx, { userId: OWEN, taskId: first, candidateId: PRIYA });
    await at(h, START);
    const card = reviewCard(h, PRIYA, 'proposes you own this task');
    await press(h, PRIYA, card, 'plan_accept_task');

    // Friday 10 April ends in Kolkata at 18:30 UTC: the reminder waits for Monday 03:30 UTC.
    await at(h, '2026-04-10T18:30:00Z');
    const waiting = ctx.queue.withKeyPrefix(`plan-task-overdue:${first}:`);
    expect(waiting.map((i) => i.state)).toEqual(['queued']);
    // On Saturday a revised how moves the task to Tuesday 14 April.
    await at(h, '2026-04-11T09:00:00Z');
    acceptStageWith(h, plan.id, 'how', {
      ...HOW,
      ...field(
        'how_tasks',
        input('Token endpoint | 1 | 3d | 2026-04-14\nUsage dashboard | 2 | 2w | 2026-04-24'),
      ),
    });
    expect(ctx.queue.get(waiting[0]?.id ?? 0)?.state).toBe('expired');

    const overdue = 'isn’t done yet';
    for (const when of ['2026-04-13T03:30:00Z', '2026-04-13T08:00:00Z', '2026-04-14T18:29:00Z']) {
      await at(h, when);
    }
    expect(saying(h, PRIYA, overdue)).toEqual([]);
    expect(saying(h, OWEN, overdue)).toEqual([]);
    // Tuesday ends in Kolkata at 18:30 UTC; Wednesday starts there at 03:30 UTC, London at 08:00.
    for (const when of ['2026-04-14T18:30:00Z', '2026-04-15T03:30:00Z', '2026-04-15T08:00:00Z']) {
      await at(h, when);
    }
    await at(h, '2026-04-16T09:00:00Z');
    const reminders = saying(h, PRIYA, overdue);
    expect(reminders).toHaveLength(1);
    expect(textOf(reminders[0]?.blocks)).toContain('was due *2026-04-14*');
    expect(saying(h, OWEN, overdue)).toHaveLength(1);
    expect(h.logs.errors()).toEqual([]);
  });
});
