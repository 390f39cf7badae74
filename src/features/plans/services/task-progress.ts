import { toLocal } from '../../../core/domain/local-time.js';
import { canReceive, scheduleOf } from '../../../core/domain/member.js';
import { OPEN_STATES, parsePayload, type QueueItem } from '../../../core/domain/queue.js';
import { UserFacingError } from '../../../core/services/errors.js';
import type { Words } from '../../../core/services/naming.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import type { PlansContext } from '../context.js';
import { dateKey, MAX_BLOCK_REASON, overdueFrom } from '../domain/who.js';
import type { Plan, PlanTask } from '../store/plan-repository.js';
import { maySeePlan, mayTakePart } from './authorization.js';
import { syncPlanDocument } from './document.js';
import { overdueNewsPrefix, overduePrefix, withdrawWaitingOverdue } from './overdue-items.js';
import { InvalidPlan } from './plans.js';
import { visibleTask } from './who.js';

/**
 * A task after its owner accepted it: they mark it done, or blocked with what blocks it and who
 * can unblock it; that person hears it in their hours and says when it is unblocked.
 */

export const NOT_TASK_OWNER =
  'Only the task’s owner can mark it done or blocked. Nothing was changed.';
export const NOT_ACCEPTED_YET =
  'This task isn’t accepted by its owner yet, so it can’t be done or blocked. Nothing was changed.';
export const ALREADY_DONE = 'This task is already done. Nothing was changed.';
export const NO_SUCH_BLOCKER = 'I can’t find that blocked task asking you. Nothing was changed.';
export const BLOCKER_MOVED_ON =
  'This task is no longer blocked on you: it was unblocked, marked done, or blocked anew. Nothing was changed.';

/** The form's fields, where a problem is shown. */
export const BLOCK_FIELDS = { reason: 'plan_block_reason', unblocker: 'plan_block_unblocker' };

/**
 * The task and its plan, if `userId` owns the task and accepted it. A task of a plan they may
 * not see, or an id that names none, is "not found".
 */
export function authorizeTaskOwner(
  ctx: PlansContext,
  userId: string,
  taskId: number,
): { plan: Plan; task: PlanTask } {
  const { plan, task } = visibleTask(ctx, userId, taskId);
  if (task.ownerId !== userId) throw new UserFacingError(NOT_TASK_OWNER);
  if (task.state === 'done') throw new UserFacingError(ALREADY_DONE);
  if (task.state !== 'accepted' && task.state !== 'blocked') {
    throw new UserFacingError(NOT_ACCEPTED_YET);
  }
  return { plan, task };
}

/** The blocker items of a task still open are closed: it is unblocked, done, or blocked anew. */
export function closeBlockerItems(ctx: PlansContext, taskId: number, now: number): QueueItem[] {
  const closed: QueueItem[] = [];
  for (const item of ctx.queue.openWithKeyPrefix(`plan-task-blocked:${taskId}:`)) {
    if (!OPEN_STATES.includes(item.state) || item.state === 'sending') continue;
    const to = item.state === 'delivered' ? 'done' : 'expired';
    const done = ctx.queue.transition(item, to, now);
    if (done) closed.push(done);
  }
  return closed;
}

/**
 * A done task's overdue reminders: those not delivered yet are withdrawn, there is nothing to
 * say; its owner's reminder already delivered is done, as they answered it.
 */
function settleOverdueItems(ctx: PlansContext, taskId: number, now: number): void {
  withdrawWaitingOverdue(ctx, taskId, now);
  for (const item of ctx.queue.openWithKeyPrefix(overduePrefix(taskId))) {
    if (item.state === 'delivered') ctx.queue.transition(item, 'done', now);
  }
}

/**
 * The task's owner says it is done. A blocker still waiting on someone is closed, and an
 * overdue reminder is settled.
 */
export function markDone(
  ctx: PlansContext,
  input: { userId: string; taskId: number },
): { plan: Plan; task: PlanTask; closed: QueueItem[] } {
  const { plan, task } = authorizeTaskOwner(ctx, input.userId, input.taskId);
  const now = ctx.clock();
  return ctx.plans.inTransaction(() => {
    const done = ctx.plans.setTaskProgress(task.id, 'done', now, ['accepted', 'blocked']);
    if (!done) throw new UserFacingError(ALREADY_DONE);
    const closed = closeBlockerItems(ctx, task.id, now);
    settleOverdueItems(ctx, task.id, now);
    syncPlanDocument(ctx, plan.id, now);
    return { plan, task: done, closed };
  });
}

/**
 * Who can unblock a task: as for a standup's blocker, someone other than its owner whom Mailroom
 * can message, still in the workspace, who sees the plan's channel. The problem, if not.
 */
function unblockerProblem(
  ctx: PlansContext,
  plan: Plan,
  ownerId: string,
  unblockerId: string | undefined,
): Words | undefined {
  if (!unblockerId) return 'Please pick who can unblock it.';
  if (unblockerId === ownerId) return 'Pick someone else: who could unblock it?';
  const member = ctx.members.get(unblockerId);
  if (!member || member.isBot) {
    return (naming) =>
      `I can’t ask ${naming.person(unblockerId)} to unblock it: I don’t know them as someone I can message.`;
  }
  if (!canReceive(member)) {
    return (naming) =>
      `${naming.person(unblockerId)} has been deactivated: pick who else could unblock it.`;
  }
  if (!mayTakePart(ctx, unblockerId, plan.channelId)) {
    return (naming) =>
      `${naming.person(unblockerId)} can’t see ${naming.channel(plan.channelId)}, so can’t see this task: pick someone who can.`;
  }
  return undefined;
}

/**
 * The task's owner says it is blocked: what blocks it and who can unblock it, both required.
 * The task is blocked with the reason; the unblocker gets one item, in their hours, to say when
 * it is unblocked (an earlier blocker still waiting is closed); the plan's owner is told, in
 * theirs. Nothing is stored when a field has a problem.
 */
export function markBlocked(
  ctx: PlansContext,
  input: { userId: string; taskId: number; reason: string; unblockerId: string | undefined },
): { plan: Plan; task: PlanTask; closed: QueueItem[] } {
  const { plan, task } = authorizeTaskOwner(ctx, input.userId, input.taskId);
  const reason = input.reason.trim();
  const problems: Record<string, Words> = {};
  if (reason === '') problems[BLOCK_FIELDS.reason] = 'Please say what blocks it.';
  else if (reason.length > MAX_BLOCK_REASON) {
    problems[BLOCK_FIELDS.reason] =
      `Please keep it under ${MAX_BLOCK_REASON} characters (it has ${reason.length}).`;
  }
  const problem = unblockerProblem(ctx, plan, input.userId, input.unblockerId);
  if (problem) problems[BLOCK_FIELDS.unblocker] = problem;
  const unblockerId = input.unblockerId;
  if (Object.keys(problems).length > 0 || !unblockerId) throw new InvalidPlan(problems);
  const now = ctx.clock();
  return ctx.plans.inTransaction(() => {
    const blocked = ctx.plans.setTaskProgress(task.id, 'blocked', now, ['accepted', 'blocked'], {
      blockReason: reason,
      unblockerId,
    });
    if (!blocked) throw new UserFacingError(ALREADY_DONE);
    const closed = closeBlockerItems(ctx, task.id, now);
    enqueueForRecipient(ctx, {
      kind: 'plan_task_blocked',
      recipientId: unblockerId,
      requesterId: input.userId,
      payload: { taskId: task.id, ownerId: input.userId, reason },
      idempotencyKey: `plan-task-blocked:${task.id}:${now}`,
    });
    const planOwner = ctx.members.get(plan.ownerId);
    if (plan.ownerId !== input.userId && planOwner && canReceive(planOwner)) {
      enqueueForRecipient(ctx, {
        kind: 'plan_task_news',
        recipientId: plan.ownerId,
        requesterId: input.userId,
        payload: { taskId: task.id, what: 'blocked', byId: input.userId, reason },
        idempotencyKey: `plan-task-news:${task.id}:blocked:${now}`,
      });
    }
    syncPlanDocument(ctx, plan.id, now);
    return { plan, task: blocked, closed };
  });
}

/** The task of a blocker item, and its plan, read without any check. */
export function blockerOf(
  ctx: PlansContext,
  item: QueueItem,
): { plan: Plan; task: PlanTask; reason: string; ownerId: string } | undefined {
  if (item.kind !== 'plan_task_blocked') return undefined;
  const { taskId, reason, ownerId } = parsePayload('plan_task_blocked', item.payload);
  const task = ctx.plans.task(taskId);
  const plan = task && ctx.plans.get(task.planId);
  return task && plan ? { plan, task, reason, ownerId } : undefined;
}

/**
 * The person a blocked task asks says it is unblocked: it is accepted again, their item done,
 * and the task's owner told, in their hours. Only that person, on that item, while the task is
 * still blocked on them.
 */
export function unblockTask(
  ctx: PlansContext,
  input: { userId: string; itemId: number },
): { plan: Plan; task: PlanTask; item: QueueItem } {
  const item = ctx.queue.get(input.itemId);
  if (!item || item.recipientId !== input.userId) throw new UserFacingError(NO_SUCH_BLOCKER);
  const found = blockerOf(ctx, item);
  if (!found || !maySeePlan(ctx, found.plan.id, input.userId)) {
    throw new UserFacingError(NO_SUCH_BLOCKER);
  }
  const { plan, task } = found;
  if (
    !OPEN_STATES.includes(item.state) ||
    task.state !== 'blocked' ||
    task.unblockerId !== input.userId
  ) {
    throw new UserFacingError(BLOCKER_MOVED_ON);
  }
  const now = ctx.clock();
  return ctx.plans.inTransaction(() => {
    const unblocked = ctx.plans.setTaskProgress(task.id, 'accepted', now, ['blocked']);
    if (!unblocked) throw new UserFacingError(BLOCKER_MOVED_ON);
    const answered = ctx.queue.transition(item, 'done', now) ?? item;
    const owner = task.ownerId ? ctx.members.get(task.ownerId) : undefined;
    if (task.ownerId && owner && canReceive(owner)) {
      enqueueForRecipient(ctx, {
        kind: 'plan_task_news',
        recipientId: task.ownerId,
        requesterId: input.userId,
        payload: { taskId: task.id, what: 'unblocked', byId: input.userId, reason: '' },
        idempotencyKey: `plan-task-news:${task.id}:unblocked:${item.id}`,
      });
    }
    syncPlanDocument(ctx, plan.id, now);
    return { plan, task: unblocked, item: answered };
  });
}

/** A zone ahead of every other: no one's date is later than the date there. */
const LATEST_ZONE = 'Pacific/Kiritimati';

/**
 * The plans' tick: each task in its owner's hands (accepted or blocked) whose due date ended in
 * its owner's zone is reminded once for that date, an item delivered in their hours with Done
 * and Blocked…; the plan's owner, if someone else, is told once in theirs. A task whose due date
 * moves later can be reminded again for the new one. Owners Mailroom cannot message are left
 * out. Returns how many tasks were reminded.
 */
export function remindOverdueTasks(ctx: PlansContext): number {
  const now = ctx.clock();
  const zone = ctx.settings.defaultTimeZone;
  const latestToday = dateKey(toLocal(now, LATEST_ZONE));
  let reminded = 0;
  for (const task of ctx.plans.overdueCandidates(latestToday)) {
    const ownerId = task.ownerId;
    const owner = ownerId ? ctx.members.get(ownerId) : undefined;
    if (!ownerId || !owner || !canReceive(owner)) continue;
    if (now < overdueFrom(task.due, scheduleOf(owner, zone).hours.timeZone)) continue;
    const plan = ctx.plans.get(task.planId);
    if (!plan) continue;
    const done = ctx.plans.inTransaction(() => {
      const marked = ctx.plans.markOverdueReminded(task.id, task.due);
      if (!marked) return false;
      enqueueForRecipient(ctx, {
        kind: 'plan_task_news',
        recipientId: ownerId,
        requesterId: plan.ownerId,
        payload: { taskId: task.id, what: 'overdue', byId: ownerId, reason: '' },
        idempotencyKey: `${overduePrefix(task.id)}${task.due}:${ownerId}`,
      });
      const planOwner = ctx.members.get(plan.ownerId);
      if (plan.ownerId !== ownerId && planOwner && canReceive(planOwner)) {
        enqueueForRecipient(ctx, {
          kind: 'plan_task_news',
          recipientId: plan.ownerId,
          requesterId: ownerId,
          payload: { taskId: task.id, what: 'overdue', byId: ownerId, reason: '' },
          idempotencyKey: `${overdueNewsPrefix(task.id)}${task.due}:${ownerId}`,
        });
      }
      return true;
    });
    if (done) reminded++;
  }
  return reminded;
}
