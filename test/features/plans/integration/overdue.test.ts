import { describe, expect, it } from 'vitest';
import {
  markBlocked,
  markDone,
  remindOverdueTasks,
} from '../../../../src/features/plans/services/task-progress.js';
import { renderTaskNews } from '../../../../src/features/plans/slack/renderers.js';
import { PLAN_ACTIONS } from '../../../../src/features/plans/slack/views/ids.js';
import { profile } from '../../../support/store.js';
import { type Ctx, FORMS, own, planToWho, world as planWorld } from './who-world.js';

// Monday 2026-03-02, 10:00 UTC. New York moves its clocks on Sunday 8 March (to UTC−4);
// Berlin and London on Sunday 29 March (to UTC+2 and UTC+1).
const NOW = '2026-03-02T10:00:00Z';

const world = () =>
  planWorld({
    now: NOW,
    profiles: [
      profile('UOWN', { timeZone: 'Europe/London' }),
      profile('UBOB', { timeZone: 'America/New_York' }),
      profile('UBEA', { timeZone: 'Europe/Berlin' }),
      profile('UEVE', { timeZone: 'Asia/Kolkata' }),
    ],
    members: ['UOWN', 'UBOB', 'UBEA', 'UEVE'],
  });

/** The forms, the how's tasks due on Sunday 8 March and Sunday 29 March. */
const OVERDUE_FORMS = {
  ...FORMS,
  how: {
    ...FORMS.how,
    how_tasks: 'Token endpoint | 1 | 3d | 2026-03-08\nUsage dashboard | 2 | 1w | 2026-03-29',
  },
};

/**
 * A plan in #plan owned by UOWN (London): its first task, due Sunday 8 March, owned by UBOB
 * (New York); its second, due Sunday 29 March, by UBEA (Berlin). Both accepted.
 */
function planWithOwners(ctx: Ctx) {
  const plan = planToWho(ctx, {
    today: '2026-03-02',
    whyReviewers: ['UEVE'],
    forms: OVERDUE_FORMS,
  });
  const [first, second] = ctx.plans.tasksOf(plan.id);
  if (!first || !second) throw new Error('no tasks');
  own(ctx, first.id, 'UBOB');
  own(ctx, second.id, 'UBEA');
  return { plan, first: first.id, second: second.id };
}

/** The overdue items of a task: to its owner, and the news to the plan's owner. */
const overdueItems = (ctx: Ctx, taskId: number) => ({
  reminders: ctx.queue.withKeyPrefix(`plan-task-overdue:${taskId}:`),
  news: ctx.queue.withKeyPrefix(`plan-task-overdue-news:${taskId}:`),
});

const iso = (ms: number) => new Date(ms).toISOString();

describe('an overdue task', () => {
  it('is reminded once at the end of its due day in its owner’s zone, across their clock change, in their hours; the plan’s owner is told once in theirs', () => {
    const { ctx, clock } = world();
    const { first, second } = planWithOwners(ctx);

    // New York's Sunday 8 March ends at 04:00 UTC on the 9th (UTC−4 since 07:00 UTC that
    // day), not 05:00 as at the day's start.
    clock.set('2026-03-09T03:59:59.999Z');
    expect(remindOverdueTasks(ctx)).toBe(0);
    expect(overdueItems(ctx, first).reminders).toEqual([]);
    clock.set('2026-03-09T04:00:00Z');
    expect(remindOverdueTasks(ctx)).toBe(1);
    const bob = overdueItems(ctx, first);
    expect(bob.reminders).toHaveLength(1);
    expect(bob.news).toHaveLength(1);
    // Monday 09:00 in New York (UTC−4) for UBOB; 09:00 in London (UTC+0) for UOWN.
    expect(bob.reminders[0]).toMatchObject({ recipientId: 'UBOB', state: 'queued' });
    expect(iso(bob.reminders[0]?.deliverAfter ?? 0)).toBe('2026-03-09T13:00:00.000Z');
    expect(bob.news[0]).toMatchObject({ recipientId: 'UOWN', state: 'queued' });
    expect(iso(bob.news[0]?.deliverAfter ?? 0)).toBe('2026-03-09T09:00:00.000Z');
    expect(ctx.plans.task(first)?.overdueRemindedFor).toBe('2026-03-08');

    // Ticks after that remind nobody again.
    for (const at of ['2026-03-09T05:00:00Z', '2026-03-10T13:00:00Z', '2026-03-20T00:00:00Z']) {
      clock.set(at);
      expect(remindOverdueTasks(ctx)).toBe(0);
    }
    expect(overdueItems(ctx, first).reminders).toHaveLength(1);
    expect(overdueItems(ctx, first).news).toHaveLength(1);

    // Berlin's Sunday 29 March ends at 22:00 UTC (UTC+2 since 01:00 UTC that day), not 23:00.
    clock.set('2026-03-29T21:59:59.999Z');
    expect(remindOverdueTasks(ctx)).toBe(0);
    clock.set('2026-03-29T22:00:00Z');
    expect(remindOverdueTasks(ctx)).toBe(1);
    const bea = overdueItems(ctx, second);
    expect(bea.reminders).toHaveLength(1);
    // Monday 09:00 in Berlin, now UTC+2; 09:00 in London, now UTC+1.
    expect(iso(bea.reminders[0]?.deliverAfter ?? 0)).toBe('2026-03-30T07:00:00.000Z');
    expect(iso(bea.news[0]?.deliverAfter ?? 0)).toBe('2026-03-30T08:00:00.000Z');
    clock.set('2026-03-30T10:00:00Z');
    expect(remindOverdueTasks(ctx)).toBe(0);
  });

  it('is reminded with Done and Blocked… on it; the plan’s owner reads that it is overdue', () => {
    const { ctx, clock } = world();
    const { first } = planWithOwners(ctx);
    clock.set('2026-03-09T04:00:00Z');
    remindOverdueTasks(ctx);
    const { reminders, news } = overdueItems(ctx, first);
    const reminder = reminders[0];
    const told = news[0];
    if (!reminder || !told) throw new Error('no items');
    const message = renderTaskNews(ctx, reminder);
    expect(message.text).toBe('A task of Partner API is overdue');
    expect(JSON.stringify(message.blocks)).toContain('was due *2026-03-08* and isn’t done yet');
    const actionIds = message.blocks.flatMap((b) =>
      b.type === 'actions' ? b.elements.map((e) => ('action_id' in e ? e.action_id : '')) : [],
    );
    expect(actionIds).toEqual([PLAN_ACTIONS.taskDone, PLAN_ACTIONS.taskBlocked]);
    const toPlanOwner = JSON.stringify(renderTaskNews(ctx, told).blocks);
    expect(toPlanOwner).toContain('owned by <@UBOB>, was due *2026-03-08*');
    expect(toPlanOwner).not.toContain(PLAN_ACTIONS.taskDone);
  });

  it('is reminded even when blocked; once done before its reminder goes out, the reminder expires and a done task is never reminded', () => {
    const { ctx, clock } = world();
    const { plan, first, second } = planWithOwners(ctx);
    markBlocked(ctx, {
      userId: 'UBOB',
      taskId: first,
      reason: 'Waiting for keys',
      unblockerId: 'UEVE',
    });
    markDone(ctx, { userId: 'UBEA', taskId: second });
    clock.set('2026-03-09T04:00:00Z');
    expect(remindOverdueTasks(ctx)).toBe(1);
    markDone(ctx, { userId: 'UBOB', taskId: first });
    const { reminders, news } = overdueItems(ctx, first);
    expect(reminders.map((i) => i.state)).toEqual(['expired']);
    expect(news.map((i) => i.state)).toEqual(['expired']);
    const expired = reminders[0];
    if (!expired) throw new Error('no reminder');
    const rendered = renderTaskNews(ctx, expired);
    expect(JSON.stringify(rendered.blocks)).toContain('is done: nothing is overdue');

    clock.set('2026-03-30T10:00:00Z');
    expect(remindOverdueTasks(ctx)).toBe(0);
    expect(overdueItems(ctx, second).reminders).toEqual([]);
    expect(ctx.plans.tasksOf(plan.id).map((t) => t.overdueRemindedFor)).toEqual([
      '2026-03-08',
      null,
    ]);
  });

  it('whose due date moves later is reminded again once for the new date', () => {
    const { ctx, clock } = world();
    const { plan, first } = planWithOwners(ctx);
    clock.set('2026-03-09T04:00:00Z');
    expect(remindOverdueTasks(ctx)).toBe(1);
    // A revised how moves the first task to Friday 13 March, keeping its owner.
    ctx.plans.syncTasks(
      plan.id,
      [
        { title: 'Token endpoint', scopeItem: 1, estimate: '3d', due: '2026-03-13' },
        { title: 'Usage dashboard', scopeItem: 2, estimate: '1w', due: '2026-03-29' },
      ],
      clock(),
    );
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: 'UBOB', state: 'accepted' });
    clock.set('2026-03-14T03:59:59.999Z');
    expect(remindOverdueTasks(ctx)).toBe(0);
    clock.set('2026-03-14T04:00:00Z');
    expect(remindOverdueTasks(ctx)).toBe(1);
    clock.set('2026-03-16T04:00:00Z');
    expect(remindOverdueTasks(ctx)).toBe(0);
    expect(overdueItems(ctx, first).reminders.map((i) => i.idempotencyKey)).toEqual([
      `plan-task-overdue:${first}:2026-03-08`,
      `plan-task-overdue:${first}:2026-03-13`,
    ]);
  });

  it('is not reminded while its owner has been deactivated', () => {
    const { ctx, clock } = world();
    const { first } = planWithOwners(ctx);
    ctx.members.upsertProfiles(
      [profile('UBOB', { timeZone: 'America/New_York', deleted: true })],
      clock(),
    );
    clock.set('2026-03-09T04:00:00Z');
    expect(remindOverdueTasks(ctx)).toBe(0);
    expect(overdueItems(ctx, first).reminders).toEqual([]);
  });
});
