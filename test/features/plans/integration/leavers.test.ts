import { describe, expect, it } from 'vitest';
import { applyProfile, syncDirectory } from '../../../../src/core/services/directory.js';
import { ownerLeft } from '../../../../src/core/services/ownership.js';
import { taskListRow } from '../../../../src/features/plans/domain/task-list.js';
import { planSourceKey } from '../../../../src/features/plans/services/document.js';
import { dropLeaver } from '../../../../src/features/plans/services/leavers.js';
import { planMarkdown } from '../../../../src/features/plans/services/plan-markdown.js';
import { planRecord } from '../../../../src/features/plans/services/plan-record.js';
import { planView } from '../../../../src/features/plans/services/plans.js';
import { markBlocked, markDone } from '../../../../src/features/plans/services/task-progress.js';
import { myTasks, proposeOwner } from '../../../../src/features/plans/services/who.js';
import { acceptWho } from '../../../../src/features/plans/services/who-stage.js';
import { canvasMarkdown } from '../../../../src/features/plans/slack/canvas-sync.js';
import { renderDeclined, renderTaskNews } from '../../../../src/features/plans/slack/renderers.js';
import { PLAN_ACTIONS } from '../../../../src/features/plans/slack/views/ids.js';
import { planMessage } from '../../../../src/features/plans/slack/views/message.js';
import { myTasksBlocks } from '../../../../src/features/plans/slack/views/who.js';
import { profile } from '../../../support/store.js';
import { type Ctx, own, planToWho, world as planWorld, taskIds, whoOf } from './who-world.js';

/** The world, with a leaver dropped from the plans as the core hears of them. */
const world = () =>
  planWorld({ hooks: (ctx) => ctx.hooks.onMemberLeft((userId) => dropLeaver(ctx, userId)) });

/** Slack says `userId` was deactivated (a user_change); the core hands over what they had. */
function deactivate(ctx: Ctx, userId: string, timeZone: string) {
  const left = applyProfile(ctx, profile(userId, { timeZone, deleted: true }));
  expect(left).toBe(true);
  ownerLeft(ctx, userId);
}

const told = (ctx: Ctx, taskId: number) =>
  ctx.queue.withKeyPrefix(`plan-task-owner-left:${taskId}:`);
const first0 = <T>(list: readonly T[]): T => {
  const [one] = list;
  if (one === undefined) throw new Error('none');
  return one;
};
const iso = (ms: number) => new Date(ms).toISOString();
const buttons = (blocks: readonly { type: string }[]) =>
  blocks.flatMap((b) =>
    'elements' in b && Array.isArray(b.elements)
      ? b.elements.map((e: { action_id?: string }) => e.action_id)
      : [],
  );

describe('a deactivated owner', () => {
  it('proposed for a task: the task has no owner again, the waiting assignment is cancelled, and the plan’s owner is told once, in his hours, with Propose someone else', () => {
    const { ctx, clock } = world();
    const plan = planToWho(ctx);
    const [first = 0, second = 0] = taskIds(ctx, plan.id);
    proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBOB' });
    own(ctx, second, 'UEVE');
    // Monday 10:00 UTC; Bob (New York) has not had his assignment yet.
    deactivate(ctx, 'UBOB', 'America/New_York');
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: null, state: 'unassigned' });
    expect(ctx.plans.task(second)).toMatchObject({ ownerId: 'UEVE', state: 'accepted' });
    expect(ctx.queue.withKeyPrefix(`plan-task-assignment:${first}:`).map((i) => i.state)).toEqual([
      'expired',
    ]);
    const items = told(ctx, first);
    expect(items.map((i) => [i.kind, i.recipientId, i.state])).toEqual([
      ['plan_task_declined', 'UOWN', 'queued'],
    ]);
    // 10:00 UTC is 10:00 in London, within Owen's hours.
    expect(iso(items[0]?.deliverAfter ?? 0)).toBe('2026-03-09T10:00:00.000Z');
    const message = renderDeclined(ctx, first0(items));
    expect(JSON.stringify(message.blocks)).toContain('<@UBOB> has been deactivated');
    expect(buttons(message.blocks as { type: string }[])).toEqual([PLAN_ACTIONS.proposeAgain]);

    // The daily walk finding him again, or the event twice, changes nothing.
    ownerLeft(ctx, 'UBOB');
    expect(dropLeaver(ctx, 'UBOB')).toMatchObject({ tasks: [], unblocking: [], planIds: [] });
    expect(told(ctx, first)).toHaveLength(1);
    // The task may be proposed to someone else.
    clock.advance(60_000);
    proposeOwner(ctx, { userId: 'UOWN', taskId: first, candidateId: 'UBEA' });
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: 'UBEA', state: 'proposed' });
  });

  it('who accepted a task: dropped from it, the accepted who reopened as a reassignment reopens it; a task done keeps its owner', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    const [first = 0, second = 0] = taskIds(ctx, plan.id);
    own(ctx, first, 'UBOB');
    own(ctx, second, 'UEVE');
    acceptWho(ctx, { userId: 'UOWN', stageId: whoOf(ctx, plan.id).id });
    expect(whoOf(ctx, plan.id).state).toBe('accepted');
    markDone(ctx, { userId: 'UEVE', taskId: second });

    deactivate(ctx, 'UBOB', 'America/New_York');
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: null, state: 'unassigned' });
    expect(whoOf(ctx, plan.id).state).toBe('draft');
    expect(told(ctx, first).map((i) => i.recipientId)).toEqual(['UOWN']);

    deactivate(ctx, 'UEVE', 'Asia/Kolkata');
    expect(ctx.plans.task(second)).toMatchObject({ ownerId: 'UEVE', state: 'done' });
    expect(told(ctx, second)).toEqual([]);
  });

  it('asked to unblock a task: the waiting item is closed and the task’s owner asked, in her hours, to name someone else; she can', () => {
    const { ctx, clock } = world();
    const plan = planToWho(ctx);
    const [first = 0] = taskIds(ctx, plan.id);
    own(ctx, first, 'UBEA');
    markBlocked(ctx, {
      userId: 'UBEA',
      taskId: first,
      reason: 'Waiting for the keys',
      unblockerId: 'UBOB',
    });
    clock.advance(60_000);
    deactivate(ctx, 'UBOB', 'America/New_York');
    expect(
      ctx.queue.withKeyPrefix(`plan-task-blocked:${first}:`).map((i) => [i.recipientId, i.state]),
    ).toEqual([['UBOB', 'expired']]);
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: 'UBEA', state: 'blocked' });
    const asked = ctx.queue.withKeyPrefix(`plan-task-unblocker-left:${first}:`);
    expect(asked.map((i) => [i.kind, i.recipientId])).toEqual([['plan_task_news', 'UBEA']]);
    // 10:01 UTC is 11:01 in Berlin.
    expect(iso(asked[0]?.deliverAfter ?? 0)).toBe('2026-03-09T10:01:00.000Z');
    const message = renderTaskNews(ctx, first0(asked));
    expect(JSON.stringify(message.blocks)).toContain('who was asked to unblock');
    expect(buttons(message.blocks as { type: string }[])).toEqual([
      PLAN_ACTIONS.taskDone,
      PLAN_ACTIONS.taskBlocked,
    ]);
    ownerLeft(ctx, 'UBOB');
    expect(ctx.queue.withKeyPrefix(`plan-task-unblocker-left:${first}:`)).toHaveLength(1);

    clock.advance(60_000);
    markBlocked(ctx, {
      userId: 'UBEA',
      taskId: first,
      reason: 'Waiting for the keys',
      unblockerId: 'UEVE',
    });
    expect(ctx.plans.task(first)).toMatchObject({ state: 'blocked', unblockerId: 'UEVE' });
  });

  it('asked to unblock a task: every place that shows the task says it is blocked and needs someone to unblock it, naming nobody, until its owner names someone', () => {
    const { ctx, clock } = world();
    const plan = planToWho(ctx);
    const [first = 0] = taskIds(ctx, plan.id);
    own(ctx, first, 'UBEA');
    markBlocked(ctx, {
      userId: 'UBEA',
      taskId: first,
      reason: 'Waiting for the keys',
      unblockerId: 'UBOB',
    });
    const NAMES = { person: (id: string) => `@${id}`, channel: (id: string) => `#${id}` };
    const shown = () => {
      const current = ctx.plans.get(plan.id);
      const task = ctx.plans.task(first);
      if (!current || !task) throw new Error('no plan');
      return {
        message: JSON.stringify(planMessage(planView(ctx, current)).blocks),
        home: JSON.stringify(myTasksBlocks(myTasks(ctx, 'UBEA'))),
        page: ctx.knowledge.findBySourceKey(planSourceKey(plan.id))?.body ?? '',
        canvas: canvasMarkdown(ctx, current),
        exported: planMarkdown(planRecord(ctx, current), NAMES),
        list: JSON.stringify(taskListRow(task, current)),
      };
    };
    const before = shown();
    expect(before.message).toContain('(Waiting for the keys; <@UBOB> can unblock it)');
    expect(before.home).toContain('due *2026-04-10* · blocked');

    clock.advance(60_000);
    deactivate(ctx, 'UBOB', 'America/New_York');
    expect(ctx.plans.task(first)).toMatchObject({
      ownerId: 'UBEA',
      state: 'blocked',
      blockReason: 'Waiting for the keys',
      unblockerId: null,
    });
    const after = shown();
    expect(after.message).toContain('(Waiting for the keys; needs someone to unblock it)');
    expect(after.home).toContain('due *2026-04-10* · blocked, needs someone to unblock it');
    expect(after.page).toContain(
      '- Token endpoint, due 2026-04-10: blocked, needs someone to unblock it: Waiting for the keys',
    );
    expect(after.canvas).toContain('| blocked, needs someone to unblock it | 2026-04-10 |');
    expect(after.exported).toContain(
      '| @UBEA | blocked, needs someone to unblock it | 2026-04-10 |',
    );
    expect(after.list).toContain('"state":{"value":"blocked","label":"blocked"}');
    // UBOB still shows as the what's reviewer; nowhere as the one the task waits on.
    for (const place of Object.values(after)) {
      const taskLines = place.split(/\\n|\n/).filter((line) => line.includes('Token endpoint'));
      expect(taskLines.length).toBeGreaterThan(0);
      for (const line of taskLines) expect(line).not.toContain('UBOB');
    }
    // Run again, nothing changes.
    expect(dropLeaver(ctx, 'UBOB').unblocking).toEqual([]);

    clock.advance(60_000);
    markBlocked(ctx, {
      userId: 'UBEA',
      taskId: first,
      reason: 'Waiting for the keys',
      unblockerId: 'UEVE',
    });
    const named = shown();
    expect(named.message).toContain('(Waiting for the keys; <@UEVE> can unblock it)');
    expect(named.home).not.toContain('needs someone');
    expect(named.page).toContain('- Token endpoint, due 2026-04-10: blocked: Waiting for the keys');
    expect(named.canvas).not.toContain('needs someone');
  });

  it('found deactivated by the daily directory walk: dropped from the task he accepted, once', async () => {
    const { ctx, clock } = world();
    const plan = planToWho(ctx);
    const [first = 0] = taskIds(ctx, plan.id);
    own(ctx, first, 'UBOB');
    const walk = () =>
      syncDirectory({
        members: ctx.members,
        appState: ctx.appState,
        clock,
        source: {
          async *pages() {
            yield [profile('UBOB', { timeZone: 'America/New_York', deleted: true })];
          },
        },
        onLeft: (userId) => ownerLeft(ctx, userId),
      });
    await walk();
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: null, state: 'unassigned' });
    expect(told(ctx, first).map((i) => i.recipientId)).toEqual(['UOWN']);
    await walk();
    expect(told(ctx, first)).toHaveLength(1);
  });
});
