import { describe, expect, it } from 'vitest';
import { planSourceKey } from '../../../../src/features/plans/services/document.js';
import { planMarkdown } from '../../../../src/features/plans/services/plan-markdown.js';
import { planRecord } from '../../../../src/features/plans/services/plan-record.js';
import {
  ALREADY_DONE,
  BLOCKER_MOVED_ON,
  markBlocked,
  markDone,
  NO_SUCH_BLOCKER,
  NOT_ACCEPTED_YET,
  NOT_TASK_OWNER,
  unblockTask,
} from '../../../../src/features/plans/services/task-progress.js';
import {
  acceptAssignment,
  myTasks,
  NO_SUCH_TASK,
  proposeOwner,
} from '../../../../src/features/plans/services/who.js';
import { acceptWho } from '../../../../src/features/plans/services/who-stage.js';
import { type Ctx, own, planToWho, taskIds, whoOf, world } from './who-world.js';

const NAMES = { person: (id: string) => id, channel: (id: string) => id };

/** Rows that matter to a refusal: the tasks and the queue. */
const snapshot = (ctx: Ctx, planId: number) => ({
  tasks: ctx.plans.tasksOf(planId),
  items: ctx.queue.withKeyPrefix('plan-task-'),
});

describe('a task after it is accepted', () => {
  it('is marked done by its owner only, once accepted; the who stays accepted; Home, the document and the export show it', () => {
    const { ctx } = world();
    const plan = planToWho(ctx);
    const [first = 0, second = 0] = taskIds(ctx, plan.id);
    own(ctx, first, 'UBOB');
    proposeOwner(ctx, { userId: 'UOWN', taskId: second, candidateId: 'UEVE' });
    const before = snapshot(ctx, plan.id);
    expect(() => markDone(ctx, { userId: 'UEVE', taskId: first })).toThrow(NOT_TASK_OWNER);
    expect(() => markDone(ctx, { userId: 'UOWN', taskId: first })).toThrow(NOT_TASK_OWNER);
    expect(() => markDone(ctx, { userId: 'UEVE', taskId: second })).toThrow(NOT_ACCEPTED_YET);
    expect(() => markDone(ctx, { userId: 'UBOB', taskId: 999 })).toThrow(NO_SUCH_TASK);
    expect(() => markDone(ctx, { userId: 'UOUT', taskId: first })).toThrow(NO_SUCH_TASK);
    expect(snapshot(ctx, plan.id)).toEqual(before);

    const item = ctx.queue
      .withKeyPrefix(`plan-task-assignment:${second}:`)
      .find((i) => i.recipientId === 'UEVE');
    acceptAssignment(ctx, { userId: 'UEVE', itemId: item?.id ?? 0 });
    acceptWho(ctx, { userId: 'UOWN', stageId: whoOf(ctx, plan.id).id });
    expect(markDone(ctx, { userId: 'UBOB', taskId: first }).task.state).toBe('done');
    expect(() => markDone(ctx, { userId: 'UBOB', taskId: first })).toThrow(ALREADY_DONE);
    expect(whoOf(ctx, plan.id)).toMatchObject({ state: 'accepted', revision: 1 });
    expect(myTasks(ctx, 'UBOB').flatMap((g) => g.tasks.map((t) => [t.title, t.state]))).toEqual([
      ['Token endpoint', 'done'],
    ]);
    expect(ctx.plans.openTaskCount('UBOB')).toBe(0);
    const document = ctx.knowledge.findBySourceKey(planSourceKey(plan.id));
    expect(document?.body).toContain('- Token endpoint, due 2026-04-10: done');
    const exported = planMarkdown(planRecord(ctx, plan), NAMES);
    expect(exported).toContain('| 1 | Token endpoint | UBOB | done | 2026-04-10 |');
  });

  it('is marked blocked with what blocks it and who can unblock it, checked as a standup blocker is; that person says when it is unblocked', () => {
    const { ctx, clock } = world();
    const plan = planToWho(ctx);
    const [first = 0] = taskIds(ctx, plan.id);
    own(ctx, first, 'UBOB');
    const before = snapshot(ctx, plan.id);
    const block =
      (unblockerId: string | undefined, reason = 'Waiting for the <!here> keys') =>
      () =>
        markBlocked(ctx, { userId: 'UBOB', taskId: first, reason, unblockerId });
    expect(block('UEVE', '  ')).toThrow('Please say what blocks it.');
    expect(block(undefined)).toThrow('Please pick who can unblock it.');
    expect(block('UBOB')).toThrow('Pick someone else');
    expect(block('UGONE')).toThrow('has been deactivated');
    expect(block('UGUEST')).toThrow('can’t see');
    expect(block('UOUT')).toThrow('can’t see');
    expect(block('UEVE', 'x'.repeat(2001))).toThrow('Please keep it under 2000 characters');
    expect(() =>
      markBlocked(ctx, { userId: 'UEVE', taskId: first, reason: 'no', unblockerId: 'UPAT' }),
    ).toThrow(NOT_TASK_OWNER);
    expect(snapshot(ctx, plan.id)).toEqual(before);

    const blocked = block('UEVE')();
    expect(blocked.task).toMatchObject({
      state: 'blocked',
      blockReason: 'Waiting for the <!here> keys',
      unblockerId: 'UEVE',
    });
    const asked = ctx.queue.withKeyPrefix(`plan-task-blocked:${first}:`);
    expect(asked.map((i) => [i.kind, i.recipientId, i.state])).toEqual([
      ['plan_task_blocked', 'UEVE', 'queued'],
    ]);
    expect(
      ctx.queue.withKeyPrefix(`plan-task-news:${first}:`).map((i) => [i.recipientId, i.payload]),
    ).toEqual([
      [
        'UOWN',
        { taskId: first, what: 'blocked', byId: 'UBOB', reason: 'Waiting for the <!here> keys' },
      ],
    ]);
    expect(ctx.plans.openTaskCount('UBOB')).toBe(1);

    const itemId = asked[0]?.id ?? 0;
    expect(() => unblockTask(ctx, { userId: 'UBOB', itemId })).toThrow(NO_SUCH_BLOCKER);
    expect(() => unblockTask(ctx, { userId: 'UOWN', itemId })).toThrow(NO_SUCH_BLOCKER);
    expect(() => unblockTask(ctx, { userId: 'UEVE', itemId: 999 })).toThrow(NO_SUCH_BLOCKER);
    expect(ctx.plans.task(first)?.state).toBe('blocked');

    clock.advance(60_000);
    expect(unblockTask(ctx, { userId: 'UEVE', itemId }).task).toMatchObject({
      state: 'accepted',
      blockReason: null,
      unblockerId: null,
    });
    expect(ctx.queue.get(itemId)?.state).toBe('done');
    expect(
      ctx.queue
        .withKeyPrefix(`plan-task-news:${first}:unblocked`)
        .map((i) => [i.recipientId, i.kind]),
    ).toEqual([['UBOB', 'plan_task_news']]);
    expect(() => unblockTask(ctx, { userId: 'UEVE', itemId })).toThrow(BLOCKER_MOVED_ON);
  });

  it('blocked anew, or done, closes the blocker still waiting: its button then refuses', () => {
    const { ctx, clock } = world();
    const plan = planToWho(ctx);
    const [first = 0] = taskIds(ctx, plan.id);
    own(ctx, first, 'UBOB');
    markBlocked(ctx, { userId: 'UBOB', taskId: first, reason: 'Keys', unblockerId: 'UEVE' });
    clock.advance(60_000);
    markBlocked(ctx, { userId: 'UBOB', taskId: first, reason: 'Legal', unblockerId: 'UBEA' });
    const items = ctx.queue.withKeyPrefix(`plan-task-blocked:${first}:`);
    expect(items.map((i) => [i.recipientId, i.state])).toEqual([
      ['UEVE', 'expired'],
      ['UBEA', 'queued'],
    ]);
    expect(() => unblockTask(ctx, { userId: 'UEVE', itemId: items[0]?.id ?? 0 })).toThrow(
      BLOCKER_MOVED_ON,
    );
    markDone(ctx, { userId: 'UBOB', taskId: first });
    expect(ctx.queue.get(items[1]?.id ?? 0)?.state).toBe('expired');
    expect(() => unblockTask(ctx, { userId: 'UBEA', itemId: items[1]?.id ?? 0 })).toThrow(
      BLOCKER_MOVED_ON,
    );
  });
});
