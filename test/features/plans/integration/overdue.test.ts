import { describe, expect, it } from 'vitest';
import { dropLeaver } from '../../../../src/features/plans/services/leavers.js';
import {
  markBlocked,
  markDone,
  remindOverdueTasks,
} from '../../../../src/features/plans/services/task-progress.js';
import { acceptAssignment, proposeOwner } from '../../../../src/features/plans/services/who.js';
import { renderTaskNews } from '../../../../src/features/plans/slack/renderers.js';
import { PLAN_ACTIONS } from '../../../../src/features/plans/slack/views/ids.js';
import { profile } from '../../../support/store.js';
import {
  type Ctx,
  FORMS,
  own,
  planToWho,
  world as planWorld,
  submitAndAccept,
} from './who-world.js';

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
      `plan-task-overdue:${first}:2026-03-08:UBOB`,
      `plan-task-overdue:${first}:2026-03-13:UBOB`,
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

  describe('whose reminder is still waiting for its owner’s hours', () => {
    /** The how's tasks: the first due Friday 6 March, the second Sunday 29 March. */
    const DASHBOARD = 'Usage dashboard | 2 | 1w | 2026-03-29';
    const howDue = (first: string, second = DASHBOARD) => ({
      ...OVERDUE_FORMS,
      how: { ...OVERDUE_FORMS.how, how_tasks: `${first}\n${second}`.trim() },
    });
    const FRIDAY = 'Token endpoint | 1 | 3d | 2026-03-06';

    /**
     * UBOB (New York) owns the first task, due Friday 6 March: it ends there at 05:00 UTC on the
     * 7th (UTC−5), and his reminder waits for Monday the 9th, 09:00 his, 13:00 UTC (UTC−4 since
     * the clock change on Sunday the 8th). UOWN (London) is to hear at 09:00 UTC.
     */
    function waitingReminder(options: { last?: boolean } = {}) {
      const { ctx, clock } = world();
      const forms = options.last ? howDue(DASHBOARD, FRIDAY) : howDue(FRIDAY);
      const plan = planToWho(ctx, { today: '2026-03-02', whyReviewers: ['UEVE'], forms });
      const tasks = ctx.plans.tasksOf(plan.id);
      const first = tasks.find((t) => t.title === 'Token endpoint');
      const second = tasks.find((t) => t.title === 'Usage dashboard');
      if (!first || !second) throw new Error('no tasks');
      own(ctx, first.id, 'UBOB');
      own(ctx, second.id, 'UBEA');
      clock.set('2026-03-07T05:00:00Z');
      expect(remindOverdueTasks(ctx)).toBe(1);
      const { reminders, news } = overdueItems(ctx, first.id);
      expect(reminders.map((i) => [i.state, iso(i.deliverAfter)])).toEqual([
        ['queued', '2026-03-09T13:00:00.000Z'],
      ]);
      expect(news.map((i) => [i.state, iso(i.deliverAfter)])).toEqual([
        ['queued', '2026-03-09T09:00:00.000Z'],
      ]);
      // Saturday: the reminder still waits.
      clock.set('2026-03-07T12:00:00Z');
      return { ctx, clock, plan, first: first.id };
    }

    const states = (ctx: Ctx, taskId: number) => {
      const { reminders, news } = overdueItems(ctx, taskId);
      return { reminders: reminders.map((i) => i.state), news: news.map((i) => i.state) };
    };

    it('is withdrawn when a revised how moves the due date later, and the task is reminded once after its new due day ends, across its owner’s clock change', () => {
      const { ctx, clock, plan, first } = waitingReminder();
      // The revised how moves the first task to Sunday 8 March, New York's clock change.
      submitAndAccept(ctx, plan.id, 'how', howDue('Token endpoint | 1 | 3d | 2026-03-08').how);
      expect(ctx.plans.task(first)).toMatchObject({
        due: '2026-03-08',
        ownerId: 'UBOB',
        state: 'accepted',
      });
      expect(states(ctx, first)).toEqual({ reminders: ['expired'], news: ['expired'] });

      // Sunday 8 March ends in New York at 04:00 UTC on the 9th (UTC−4 since 07:00 UTC), not at
      // 05:00 as the day began.
      clock.set('2026-03-09T03:59:59.999Z');
      expect(remindOverdueTasks(ctx)).toBe(0);
      clock.set('2026-03-09T04:00:00Z');
      expect(remindOverdueTasks(ctx)).toBe(1);
      for (const at of ['2026-03-09T13:00:00Z', '2026-03-12T00:00:00Z']) {
        clock.set(at);
        expect(remindOverdueTasks(ctx)).toBe(0);
      }
      const { reminders, news } = overdueItems(ctx, first);
      expect(reminders.map((i) => [i.idempotencyKey, i.state])).toEqual([
        [`plan-task-overdue:${first}:2026-03-06:UBOB`, 'expired'],
        [`plan-task-overdue:${first}:2026-03-08:UBOB`, 'queued'],
      ]);
      expect(iso(reminders[1]?.deliverAfter ?? 0)).toBe('2026-03-09T13:00:00.000Z');
      expect(news.map((i) => i.state)).toEqual(['expired', 'queued']);
    });

    it('stays when a revised how leaves the due date as it was, or moves it earlier', () => {
      const { ctx, plan, first } = waitingReminder();
      submitAndAccept(
        ctx,
        plan.id,
        'how',
        howDue(FRIDAY, 'Usage dashboard | 2 | 2w | 2026-03-27').how,
      );
      expect(states(ctx, first)).toEqual({ reminders: ['queued'], news: ['queued'] });
      submitAndAccept(ctx, plan.id, 'how', howDue('Token endpoint | 1 | 3d | 2026-03-05').how);
      expect(states(ctx, first)).toEqual({ reminders: ['queued'], news: ['queued'] });
    });

    it('is withdrawn when a revised how removes the task', () => {
      // The task is the how's last: a how without it removes it.
      const { ctx, plan, first } = waitingReminder({ last: true });
      submitAndAccept(ctx, plan.id, 'how', howDue(DASHBOARD, '').how);
      expect(ctx.plans.task(first)).toBeUndefined();
      expect(states(ctx, first)).toEqual({ reminders: ['expired'], news: ['expired'] });
    });

    it('is withdrawn when the task is done', () => {
      const { ctx, first } = waitingReminder();
      markDone(ctx, { userId: 'UBOB', taskId: first });
      expect(states(ctx, first)).toEqual({ reminders: ['expired'], news: ['expired'] });
    });

    it('is withdrawn when the task is given to someone else, who is reminded once, in their hours, after accepting it', () => {
      const { ctx, clock, first } = waitingReminder();
      proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UEVE' });
      expect(states(ctx, first)).toEqual({ reminders: ['expired'], news: ['expired'] });
      expect(ctx.plans.task(first)?.overdueRemindedFor).toBeNull();
      // Not reminded while only proposed.
      expect(remindOverdueTasks(ctx)).toBe(0);
      const assignment = ctx.queue
        .withKeyPrefix(`plan-task-assignment:${first}:`)
        .find((i) => i.recipientId === 'UEVE');
      if (!assignment) throw new Error('no assignment');
      acceptAssignment(ctx, { userId: 'UEVE', itemId: assignment.id });
      expect(remindOverdueTasks(ctx)).toBe(1);
      clock.set('2026-03-08T12:00:00Z');
      expect(remindOverdueTasks(ctx)).toBe(0);
      const { reminders } = overdueItems(ctx, first);
      expect(reminders.map((i) => [i.recipientId, i.state])).toEqual([
        ['UBOB', 'expired'],
        ['UEVE', 'queued'],
      ]);
      // Monday 09:00 in Kolkata (UTC+5:30).
      expect(iso(reminders[1]?.deliverAfter ?? 0)).toBe('2026-03-09T03:30:00.000Z');
    });

    it('is withdrawn when its owner is deactivated and dropped from the task', () => {
      const { ctx, clock, first } = waitingReminder();
      ctx.members.upsertProfiles(
        [profile('UBOB', { timeZone: 'America/New_York', deleted: true })],
        clock(),
      );
      dropLeaver(ctx, 'UBOB');
      expect(ctx.plans.task(first)).toMatchObject({ ownerId: null, overdueRemindedFor: null });
      expect(states(ctx, first)).toEqual({ reminders: ['expired'], news: ['expired'] });
    });
  });
});
