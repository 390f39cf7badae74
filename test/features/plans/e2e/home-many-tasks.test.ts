import { afterEach, describe, expect, it } from 'vitest';
import { startPlan as startPlanRecord } from '../../../../src/features/plans/services/plans.js';
import { textOf } from '../../../support/blocks.js';
import type { Json } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import {
  acceptUpToHow,
  BERTA,
  CHANNEL,
  channels,
  homeTextOf,
  NOAH,
  OWEN,
  PRIYA,
  START,
  startPlan,
  users,
} from './plan-world.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const HOME_VIEW = { type: 'home', id: 'VHOME', callback_id: '', private_metadata: '' };

/** Every option value of every select in Priya's published Home, and how many blocks it has. */
function homeMenus(harness: Harness) {
  const view = harness.fake.homeViewOf(PRIYA) as { blocks: Json[] };
  const values: string[] = [];
  for (const block of view.blocks) {
    for (const element of (block.elements as Json[] | undefined) ?? []) {
      const groups = (element.option_groups as { options: Json[] }[] | undefined) ?? [];
      const options = [
        ...((element.options as Json[] | undefined) ?? []),
        ...groups.flatMap((g) => g.options),
      ];
      values.push(...options.map((o) => String(o.value)));
    }
  }
  return { values, blocks: view.blocks.length };
}

describe('Home’s “My tasks” for someone with many tasks, through Slack', () => {
  it('puts Done and Blocked… of every one of 120 tasks in a menu, within Block Kit’s limits, however many plans they are in; each works', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const harness = h;
    const ctx = harness.mailroom.ctx;
    const now = harness.clock();
    const own = (planId: number, titles: string[], due: (n: number) => string) => {
      ctx.plans.syncTasks(
        planId,
        titles.map((title, n) => ({ title, scopeItem: 1, estimate: '1d', due: due(n) })),
        now,
      );
      for (const task of ctx.plans.tasksOf(planId)) {
        ctx.plans.setTaskOwner(task.id, PRIYA, 'accepted', now, ['unassigned']);
      }
    };
    // Partner API, through Slack, with 101 tasks of Priya's, due from 1 April.
    const big = await startPlan(harness);
    acceptUpToHow(harness, big.id);
    const titles = Array.from({ length: 101 }, (_, n) => `Partner task ${n + 1}`);
    own(big.id, titles, (n) => `2026-04-${String(1 + Math.floor(n / 5)).padStart(2, '0')}`);
    // 19 more plans with a task of hers each, due in May: 120 tasks in 20 plans.
    for (let n = 1; n <= 19; n++) {
      const { plan } = startPlanRecord(ctx, {
        ownerId: OWEN,
        channelId: CHANNEL,
        title: `Side plan ${n}`,
        targetDate: '2026-06-30',
        today: '2026-03-09',
        reviewers: { why: [NOAH], what: [NOAH], how: [BERTA] },
      });
      own(plan.id, [`Side task ${n}`], () => `2026-05-${String(n).padStart(2, '0')}`);
    }
    const tasks = ctx.plans.myTasks(PRIYA);
    expect(tasks).toHaveLength(120);

    // The fake Slack refuses a view over Block Kit's limits: published means within them.
    const text = await homeTextOf(harness, PRIYA);
    expect(text).toContain('*My tasks (120)*');
    expect(text).toContain('…and 81 more, each in the menu below.');
    expect(text).toContain('*5 more plans:*');
    const { values, blocks } = homeMenus(harness);
    expect(blocks).toBeLessThanOrEqual(100);
    for (const task of tasks) {
      expect(values).toContain(`done:${task.id}`);
      expect(values).toContain(`blocked:${task.id}`);
    }
    const publishes = harness.fake.callsTo('views.publish');
    expect(publishes.every((call) => call.response.ok === true)).toBe(true);

    // Done on the last of the big plan's tasks, Blocked… on the last plan's: each works.
    const lastBig = tasks.filter((t) => t.planId === big.id).at(-1);
    const lastSide = tasks.filter((t) => t.planId !== big.id).at(-1);
    if (!lastBig || !lastSide) throw new Error('no tasks');
    await harness.sender.blockAction({
      userId: PRIYA,
      actionId: 'plan_mark_task',
      action: { type: 'static_select', selected_option: { value: `done:${lastBig.id}` } },
      view: HOME_VIEW,
    });
    await eventually(() => expect(ctx.plans.task(lastBig.id)?.state).toBe('done'));
    const opens = harness.fake.callsTo('views.open').length;
    await harness.sender.blockAction({
      userId: PRIYA,
      actionId: 'plan_mark_task',
      action: { type: 'static_select', selected_option: { value: `blocked:${lastSide.id}` } },
      view: HOME_VIEW,
    });
    await eventually(() => {
      const view = harness.fake.callsTo('views.open')[opens]?.args.view as Json | undefined;
      expect(view?.callback_id).toBe('plan_block_task_modal');
      expect(textOf(view?.blocks as unknown[])).toContain('Side task 19');
    });
    expect(harness.logs.errors()).toEqual([]);
  });
});
