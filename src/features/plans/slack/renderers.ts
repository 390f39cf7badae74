import { parsePayload, type QueueItem } from '../../../core/domain/queue.js';
import type { Message } from '../../../core/slack/views/blocks.js';
import { oneLine } from '../../../core/slack/views/mrkdwn.js';
import type { ItemDescription } from '../../../core/slack/views/queue-item-message.js';
import type { PlansContext } from '../context.js';
import { assignmentMessage, declinedMessage } from './views/assignment.js';
import { PLAN_ACTIONS } from './views/ids.js';
import { recheckMessage } from './views/message.js';
import {
  blockerMessage,
  overdueMessage,
  taskNewsMessage,
  unblockerLeftMessage,
} from './views/task-progress.js';
import { stageName } from './views/text.js';

type ItemsContext = Pick<PlansContext, 'plans'>;

function recheckOf(ctx: ItemsContext, item: QueueItem) {
  const { stageId, changedStageId, revision } = parsePayload('plan_recheck', item.payload);
  const stage = ctx.plans.stage(stageId);
  const changed = ctx.plans.stage(changedStageId);
  const plan = stage && ctx.plans.get(stage.planId);
  if (!stage || !changed || !plan)
    throw new Error(`queue item ${item.id} names a missing plan stage`);
  return { plan, stage, changed, revision };
}

/** The DM of a plan_recheck item: the stage to re-check, Still holds and Raise a concern. */
export function renderPlanItem(ctx: ItemsContext, item: QueueItem): Message {
  const { plan, stage, changed, revision } = recheckOf(ctx, item);
  return recheckMessage(plan, stage, changed, revision);
}

function taskOf(ctx: ItemsContext, item: QueueItem, taskId: number) {
  const task = ctx.plans.task(taskId);
  const plan = task && ctx.plans.get(task.planId);
  if (!task || !plan) throw new Error(`queue item ${item.id} names a missing plan task`);
  return { plan, task };
}

/** The DM of a task proposed to its recipient: the task, Accept and Decline…. */
export function renderAssignment(ctx: ItemsContext, item: QueueItem): Message {
  const { plan, task } = taskOf(
    ctx,
    item,
    parsePayload('plan_task_assignment', item.payload).taskId,
  );
  return assignmentMessage(plan, task, item.id);
}

/** The DM telling the plan's owner a task was declined: the reason, Propose someone else. */
export function renderDeclined(ctx: ItemsContext, item: QueueItem): Message {
  const { taskId, declinerId, reason, left } = parsePayload('plan_task_declined', item.payload);
  const { plan, task } = taskOf(ctx, item, taskId);
  return declinedMessage(plan, task, declinerId, reason, left);
}

/** The DM of a blocked task to whoever can unblock it: what blocks it, It’s unblocked. */
export function renderBlocker(ctx: ItemsContext, item: QueueItem): Message {
  const { taskId, ownerId, reason } = parsePayload('plan_task_blocked', item.payload);
  const { plan, task } = taskOf(ctx, item, taskId);
  return blockerMessage(plan, task, ownerId, reason, item.id);
}

/**
 * The DM of a task's news: blocked, to the plan's owner; unblocked, to the task's owner;
 * overdue, to the task's owner (with Done and Blocked…) and to the plan's owner.
 */
export function renderTaskNews(ctx: ItemsContext, item: QueueItem): Message {
  const { taskId, what, byId, reason } = parsePayload('plan_task_news', item.payload);
  const { plan, task } = taskOf(ctx, item, taskId);
  if (what === 'overdue') return overdueMessage(plan, task, byId, item.recipientId === byId);
  if (what === 'unblocker_left') return unblockerLeftMessage(plan, task, byId);
  return taskNewsMessage(plan, task, what, byId, reason);
}

/** Home's line for a blocked task's item or its news. */
function describeProgressItem(ctx: ItemsContext, item: QueueItem): ItemDescription {
  const blocker = item.kind === 'plan_task_blocked';
  const { taskId } = blocker
    ? parsePayload('plan_task_blocked', item.payload)
    : parsePayload('plan_task_news', item.payload);
  const news = blocker ? undefined : parsePayload('plan_task_news', item.payload);
  const task = ctx.plans.task(taskId);
  const plan = task && ctx.plans.get(task.planId);
  const label = blocker
    ? 'Task blocked on you'
    : news?.what === 'unblocked'
      ? 'Task unblocked'
      : news?.what === 'overdue'
        ? 'Task overdue'
        : news?.what === 'unblocker_left'
          ? 'Task blocked on someone who left'
          : 'Task blocked';
  if (!task || !plan) return { label, summary: '' };
  const summary = `“${oneLine(task.title, 100)}” in “${oneLine(plan.title, 80)}”, due ${task.due}`;
  return blocker
    ? {
        label,
        summary,
        actions: [
          { text: 'It’s unblocked', actionId: PLAN_ACTIONS.taskUnblocked, value: String(item.id) },
        ],
      }
    : { label, summary };
}

function describeTaskItem(ctx: ItemsContext, item: QueueItem): ItemDescription {
  const assignment = item.kind === 'plan_task_assignment';
  const { taskId } = assignment
    ? parsePayload('plan_task_assignment', item.payload)
    : parsePayload('plan_task_declined', item.payload);
  const task = ctx.plans.task(taskId);
  const plan = task && ctx.plans.get(task.planId);
  const left = !assignment && parsePayload('plan_task_declined', item.payload).left;
  const label = assignment
    ? 'Task proposed to you'
    : left
      ? 'Task without its owner'
      : 'Task declined';
  if (!task || !plan) return { label, summary: '' };
  const summary = `“${oneLine(task.title, 100)}” in “${oneLine(plan.title, 80)}”, due ${task.due}`;
  return assignment
    ? {
        label,
        summary,
        actions: [
          { text: 'Accept', actionId: PLAN_ACTIONS.acceptTask, value: String(item.id) },
          { text: 'Decline…', actionId: PLAN_ACTIONS.declineTask, value: String(item.id) },
        ],
      }
    : {
        label,
        summary,
        actions: [
          {
            text: 'Propose someone else',
            actionId: PLAN_ACTIONS.proposeAgain,
            value: String(task.id),
          },
        ],
      };
}

/** The Home tab's line for a plan's item; undefined for other kinds. */
export function describePlanItem(ctx: ItemsContext, item: QueueItem): ItemDescription | undefined {
  if (item.kind === 'plan_task_assignment' || item.kind === 'plan_task_declined') {
    return describeTaskItem(ctx, item);
  }
  if (item.kind === 'plan_task_blocked' || item.kind === 'plan_task_news') {
    return describeProgressItem(ctx, item);
  }
  if (item.kind !== 'plan_recheck') return undefined;
  const { stageId } = parsePayload('plan_recheck', item.payload);
  const stage = ctx.plans.stage(stageId);
  const plan = stage && ctx.plans.get(stage.planId);
  if (!stage || !plan) return { label: 'Plan to re-check', summary: '' };
  return {
    label: 'Plan to re-check',
    summary: `the ${stageName(stage.stage)} of “${oneLine(plan.title, 120)}”: an earlier stage changed`,
    actions: [
      { text: 'Still holds', actionId: PLAN_ACTIONS.recheckHolds, value: String(stage.id) },
      { text: 'Raise a concern', actionId: PLAN_ACTIONS.recheckConcern, value: String(stage.id) },
    ],
  };
}
