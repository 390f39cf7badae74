import { canReceive } from '../../../core/domain/member.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import type { PlansContext } from '../context.js';
import { OPEN_TASK_STATES } from '../domain/who.js';
import type { PlanTask } from '../store/plan-repository.js';
import { syncPlanDocument } from './document.js';
import { closeBlockerItems } from './task-progress.js';
import { cancelAssignments, withdrawOverdueOf } from './who.js';
import { settleWho, type WhoSettled } from './who-stage.js';

/** What a deactivated member was dropped from. */
export interface LeaverDropped {
  /** Tasks they owned or were proposed for, without an owner now. */
  tasks: PlanTask[];
  /** Blocked tasks that waited on them, whose owners are asked to name someone else. */
  unblocking: PlanTask[];
  /** The plans whose tasks changed (an owner dropped, or nobody left to unblock a task). */
  planIds: number[];
  /** The whos of plans whose tasks lost their owner, brought in step (reopened if they were in review or accepted). */
  whos: WhoSettled[];
}

/**
 * Someone was deactivated: every task they owned or were proposed for and did not finish has no
 * owner again (a waiting assignment cancelled, as a reassignment cancels it; the who reopened, as
 * a reassignment reopens it), and the plan's owner is told once per task, in their hours, with
 * Propose someone else. A blocked task waiting on them to unblock it has that item closed, stays
 * blocked with nobody named to unblock it (every place that shows it says it needs someone), and
 * its owner is asked, in their hours, to name someone else. Run again, it changes nothing.
 */
export function dropLeaver(ctx: PlansContext, leaverId: string): LeaverDropped {
  const now = ctx.clock();
  const planIds = new Set<number>();
  const tell = (recipientId: string) => {
    const member = ctx.members.get(recipientId);
    return recipientId !== leaverId && member !== undefined && canReceive(member);
  };
  const dropped = ctx.plans.inTransaction(() => {
    const tasks: PlanTask[] = [];
    for (const task of ctx.plans.openTasksOf(leaverId)) {
      const plan = ctx.plans.get(task.planId);
      if (!plan || !OPEN_TASK_STATES.includes(task.state)) continue;
      const freed = ctx.plans.setTaskOwner(task.id, null, 'unassigned', now, [task.state]);
      if (!freed) continue;
      cancelAssignments(ctx, task.id, now);
      closeBlockerItems(ctx, task.id, now);
      withdrawOverdueOf(ctx, task, now);
      tasks.push(freed);
      planIds.add(plan.id);
      if (tell(plan.ownerId)) {
        enqueueForRecipient(ctx, {
          kind: 'plan_task_declined',
          recipientId: plan.ownerId,
          requesterId: leaverId,
          payload: { taskId: task.id, declinerId: leaverId, reason: '', left: true },
          idempotencyKey: `plan-task-owner-left:${task.id}:${leaverId}`,
        });
      }
    }
    const unblocking: PlanTask[] = [];
    for (const blocked of ctx.plans.tasksBlockedOn(leaverId)) {
      closeBlockerItems(ctx, blocked.id, now);
      const task = ctx.plans.clearUnblocker(blocked.id, leaverId, now) ?? blocked;
      unblocking.push(task);
      planIds.add(task.planId);
      if (task.ownerId && tell(task.ownerId)) {
        enqueueForRecipient(ctx, {
          kind: 'plan_task_news',
          recipientId: task.ownerId,
          requesterId: leaverId,
          payload: { taskId: task.id, what: 'unblocker_left', byId: leaverId, reason: '' },
          idempotencyKey: `plan-task-unblocker-left:${task.id}:${leaverId}`,
        });
      }
    }
    for (const planId of planIds) syncPlanDocument(ctx, planId, now);
    return { tasks, unblocking };
  });
  const ownersDropped = new Set(dropped.tasks.map((task) => task.planId));
  const whos = [...ownersDropped].flatMap((planId) => settleWho(ctx, planId) ?? []);
  return { ...dropped, planIds: [...planIds], whos };
}
