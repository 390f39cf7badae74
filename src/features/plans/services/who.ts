import { addDays, type LocalDate, startOfLocalDate } from '../../../core/domain/local-time.js';
import { type Away, canReceive, scheduleOf } from '../../../core/domain/member.js';
import { OPEN_STATES, parsePayload, type QueueItem } from '../../../core/domain/queue.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import type { PlansContext } from '../context.js';
import { isAccepted } from '../domain/plan.js';
import { awayDuringTask, OPEN_TASK_STATES, weeklyOverlapHours } from '../domain/who.js';
import type { Plan, PlanStage, PlanTask } from '../store/plan-repository.js';
import { authorizePlan, maySeePlan, mayTakePart } from './authorization.js';
import { overduePrefix, withdrawWaitingOverdue } from './overdue-items.js';
import { settleWho, type WhoSettled } from './who-stage.js';

export const NO_SUCH_TASK = 'I can’t find that task.';
export const NOT_PLAN_OWNER = 'Only the plan’s owner can propose owners for its tasks.';
export const NO_SUCH_ASSIGNMENT = 'I can’t find that task proposed to you. Nothing was changed.';
export const ASSIGNMENT_MOVED_ON =
  'This task is no longer waiting for your answer: it was given to someone else, or you already answered. Nothing was changed.';
export const MAX_DECLINE_REASON = 2000;
export const WHO_NOT_OPEN =
  'The who opens once the how is accepted: its tasks get owners from then on. Nothing was changed.';

/**
 * Once the how is accepted, its outline becomes the plan's tasks; a revised how accepted later
 * keeps them in step (a task at the same place keeps its owner). An overdue reminder still
 * waiting for a task whose due date moved later, or that the how removed, is withdrawn: the task
 * is reminded once its new due date has passed. Nothing for other stages.
 */
export function syncTasksFromHow(ctx: PlansContext, stage: PlanStage): PlanTask[] {
  if (stage.stage !== 'how' || !isAccepted(stage.state)) return [];
  const content = ctx.plans.latestRevision(stage.id)?.content;
  if (content?.stage !== 'how') return [];
  const now = ctx.clock();
  const before = ctx.plans.tasksOf(stage.planId);
  const tasks = ctx.plans.syncTasks(stage.planId, content.content.tasks, now);
  for (const old of before) {
    const task = tasks.find((t) => t.id === old.id);
    withdrawWaitingOverdue(ctx, old.id, now, (due) => task !== undefined && due >= task.due);
  }
  return tasks;
}

/** Whether the plan's who is open: its how is accepted. */
export function whoIsOpen(ctx: PlansContext, plan: Plan): boolean {
  const how = ctx.plans.stagesOf(plan.id).find((s) => s.stage === 'how');
  return how !== undefined && isAccepted(how.state);
}

/**
 * The task and its plan, if `userId` may see the plan: a task of a plan they may not see, or an
 * id that names none, is "not found", whatever its id.
 */
export function visibleTask(
  ctx: PlansContext,
  userId: string,
  taskId: number,
): { plan: Plan; task: PlanTask } {
  const task = ctx.plans.task(taskId);
  if (!task) throw new UserFacingError(NO_SUCH_TASK);
  try {
    return { plan: authorizePlan(ctx, userId, task.planId), task };
  } catch {
    throw new UserFacingError(NO_SUCH_TASK);
  }
}

/**
 * The task and its plan, if `userId` owns the plan and its who is open. A task of a plan they
 * may not see is "not found", whatever its id.
 */
export function authorizeOwnerOfTask(
  ctx: PlansContext,
  userId: string,
  taskId: number,
): { plan: Plan; task: PlanTask } {
  const { plan, task } = visibleTask(ctx, userId, taskId);
  if (plan.ownerId !== userId) throw new UserFacingError(NOT_PLAN_OWNER);
  if (!whoIsOpen(ctx, plan)) throw new UserFacingError(WHO_NOT_OPEN);
  return { plan, task };
}

/**
 * Whether `candidateId` may own a task of `plan`: someone Mailroom can message, still in the
 * workspace, who sees the plan's channel (a guest outside it does not). The refusal says why.
 */
export function checkCandidate(ctx: PlansContext, plan: Plan, candidateId: string): void {
  const member = ctx.members.get(candidateId);
  if (!member || member.isBot) {
    throw new UserFacingError(
      (naming) =>
        `I can’t make ${naming.person(candidateId)} own a task: I don’t know them as someone I can message.`,
    );
  }
  if (!canReceive(member)) {
    throw new UserFacingError(
      (naming) =>
        `${naming.person(candidateId)} has been deactivated, so can’t own a task: choose someone else.`,
    );
  }
  if (!mayTakePart(ctx, candidateId, plan.channelId)) {
    throw new UserFacingError(
      (naming) =>
        `${naming.person(candidateId)} can’t see ${naming.channel(plan.channelId)}, so can’t own a task of this plan: add them to the channel, or choose someone else.`,
    );
  }
}

/** What proposing someone for a task shows before it is sent. */
export interface OwnerPreview {
  plan: Plan;
  task: PlanTask;
  candidateId: string;
  /**
   * Hours a week the candidate's working hours overlap each of the task's other people's, over
   * the weeks from now until the task is due.
   */
  overlaps: { memberId: string; hours: number }[];
  /** Their away setting or Slack status, if either says they are away during the task. */
  away: Away | undefined;
  /** Counts only: what they have open, never what it is. */
  load: { queueItems: number; tasks: number };
}

/** The task's other people: the plan's owner and the owners proposed for its other tasks. */
function otherPeople(ctx: PlansContext, plan: Plan, task: PlanTask, candidateId: string): string[] {
  const ids = [plan.ownerId];
  for (const other of ctx.plans.tasksOf(plan.id)) {
    if (other.id === task.id || !other.ownerId) continue;
    if (OPEN_TASK_STATES.includes(other.state)) ids.push(other.ownerId);
  }
  return [...new Set(ids)].filter((id) => id !== candidateId);
}

const dateOf = (text: string): LocalDate => {
  const [year = 0, month = 1, day = 1] = text.split('-').map(Number);
  return { year, month, day };
};

/**
 * What the plan's owner sees on choosing `candidateId` for a task: the overlap of their hours
 * with the task's other people, whether they are away during it, and their load in counts.
 * Refused, with the reason, for someone who may not own it.
 */
export function ownerPreview(
  ctx: PlansContext,
  input: { userId: string; taskId: number; candidateId: string },
): OwnerPreview {
  const { plan, task } = authorizeOwnerOfTask(ctx, input.userId, input.taskId);
  checkCandidate(ctx, plan, input.candidateId);
  const candidate = ctx.members.get(input.candidateId);
  if (!candidate) throw new UserFacingError(NO_SUCH_TASK);
  const zone = ctx.settings.defaultTimeZone;
  const hours = scheduleOf(candidate, zone).hours;
  const now = ctx.clock();
  // The task runs from now to the end of its due date, in the candidate's zone.
  const dueEnd = startOfLocalDate(hours.timeZone, addDays(dateOf(task.due), 1));
  const overlaps = otherPeople(ctx, plan, task, input.candidateId).flatMap((memberId) => {
    const member = ctx.members.get(memberId);
    if (!member) return [];
    const theirs = scheduleOf(member, zone).hours;
    return [{ memberId, hours: weeklyOverlapHours(hours, theirs, now, dueEnd) }];
  });
  return {
    plan,
    task,
    candidateId: input.candidateId,
    overlaps,
    away: awayDuringTask(candidate, now, dueEnd),
    load: {
      queueItems: ctx.queue.openForRecipient(input.candidateId).length,
      tasks: ctx.plans.openTaskCount(input.candidateId),
    },
  };
}

/** The key of a task's assignment items: one per proposal, found by the task's prefix. */
const assignmentPrefix = (taskId: number) => `plan-task-assignment:${taskId}:`;

/**
 * The task's assignment items still open are cancelled: one not delivered yet expires, one
 * already delivered is closed (its message is to say so). Returns the delivered ones.
 */
export function cancelAssignments(ctx: PlansContext, taskId: number, now: number): QueueItem[] {
  const delivered: QueueItem[] = [];
  for (const item of ctx.queue.openWithKeyPrefix(assignmentPrefix(taskId))) {
    if (!OPEN_STATES.includes(item.state) || item.state === 'sending') continue;
    const closed = ctx.queue.transition(item, 'expired', now);
    if (closed?.deliveredTs) delivered.push(closed);
  }
  return delivered;
}

/**
 * A task leaves its owner's hands (given to someone else, or its owner left): an overdue reminder
 * still waiting for them is withdrawn; as they never read it, the task is reminded once, to
 * whoever owns it next, if it is still overdue then.
 */
export function withdrawOverdueOf(ctx: PlansContext, task: PlanTask, now: number): void {
  const withdrawn = withdrawWaitingOverdue(ctx, task.id, now);
  const unread = withdrawn.some((item) => item.idempotencyKey.startsWith(overduePrefix(task.id)));
  if (unread) ctx.plans.forgetOverdueReminder(task.id);
}

/**
 * The plan's owner proposes `candidateId` as the task's owner: the same checks as the preview,
 * then the task is theirs to answer, as an item in their queue delivered in their hours. An
 * assignment still waiting for someone proposed before is cancelled (`reassigned`: those whose
 * message was already delivered). Proposing the person already proposed changes nothing.
 */
export function proposeOwner(
  ctx: PlansContext,
  input: { userId: string; taskId: number; candidateId: string },
): {
  plan: Plan;
  task: PlanTask;
  changed: boolean;
  reassigned: QueueItem[];
  who?: WhoSettled | undefined;
} {
  const { plan, task } = authorizeOwnerOfTask(ctx, input.userId, input.taskId);
  checkCandidate(ctx, plan, input.candidateId);
  if (task.ownerId === input.candidateId) {
    return { plan, task, changed: false, reassigned: [] };
  }
  const now = ctx.clock();
  const updated = ctx.plans.setTaskOwner(task.id, input.candidateId, 'proposed', now, [task.state]);
  if (!updated) {
    throw new UserFacingError(
      'That task changed while you were choosing: open it again from the plan’s message.',
    );
  }
  const reassigned = cancelAssignments(ctx, task.id, now);
  if (task.ownerId !== null) withdrawOverdueOf(ctx, task, now);
  enqueueForRecipient(ctx, {
    kind: 'plan_task_assignment',
    recipientId: input.candidateId,
    requesterId: input.userId,
    payload: { taskId: task.id },
    idempotencyKey: `${assignmentPrefix(task.id)}${now}:${input.candidateId}`,
  });
  return { plan, task: updated, changed: true, reassigned, who: settleWho(ctx, plan.id) };
}

/** The task of an assignment item, the plan and the item, read without any check. */
export function assignmentOf(
  ctx: PlansContext,
  item: QueueItem,
): { plan: Plan; task: PlanTask } | undefined {
  if (item.kind !== 'plan_task_assignment') return undefined;
  const { taskId } = parsePayload('plan_task_assignment', item.payload);
  const task = ctx.plans.task(taskId);
  const plan = task && ctx.plans.get(task.planId);
  return task && plan ? { plan, task } : undefined;
}

/**
 * The assignment item `itemId`, if it is `userId`'s and its task still waits for their answer.
 * Someone else's item, or an id that names none, is "not found"; an item whose task was given
 * to someone else since, or already answered, is refused as such.
 */
export function authorizeAssignment(
  ctx: PlansContext,
  userId: string,
  itemId: number,
): { item: QueueItem; plan: Plan; task: PlanTask } {
  const item = ctx.queue.get(itemId);
  if (!item || item.recipientId !== userId) throw new UserFacingError(NO_SUCH_ASSIGNMENT);
  const found = assignmentOf(ctx, item);
  if (!found || !maySeePlan(ctx, found.plan.id, userId)) {
    throw new UserFacingError(NO_SUCH_ASSIGNMENT);
  }
  const { plan, task } = found;
  if (!OPEN_STATES.includes(item.state) || task.ownerId !== userId || task.state !== 'proposed') {
    throw new UserFacingError(ASSIGNMENT_MOVED_ON);
  }
  return { item, plan, task };
}

/**
 * The proposed owner takes the task: it is theirs, accepted. The last task accepted submits
 * the who to its reviewers (`who`).
 */
export function acceptAssignment(
  ctx: PlansContext,
  input: { userId: string; itemId: number },
): { plan: Plan; task: PlanTask; who?: WhoSettled | undefined } {
  const { item, plan, task } = authorizeAssignment(ctx, input.userId, input.itemId);
  const now = ctx.clock();
  const accepted = ctx.plans.setTaskOwner(task.id, input.userId, 'accepted', now, ['proposed']);
  if (!accepted) throw new UserFacingError(ASSIGNMENT_MOVED_ON);
  ctx.queue.transition(item, 'done', now);
  return { plan, task: accepted, who: settleWho(ctx, plan.id) };
}

/**
 * The proposed owner turns the task down, with an optional reason: the task has no owner again,
 * and the plan's owner is told, in their hours, with the reason, to propose someone else.
 */
export function declineAssignment(
  ctx: PlansContext,
  input: { userId: string; itemId: number; reason: string },
): { plan: Plan; task: PlanTask } {
  const reason = input.reason.trim();
  if (reason.length > MAX_DECLINE_REASON) {
    throw new UserFacingError(
      `Please keep the reason under ${MAX_DECLINE_REASON} characters (it has ${reason.length}).`,
    );
  }
  const { item, plan, task } = authorizeAssignment(ctx, input.userId, input.itemId);
  const now = ctx.clock();
  const declined = ctx.plans.setTaskOwner(
    task.id,
    null,
    'declined',
    now,
    ['proposed'],
    reason || null,
  );
  if (!declined) throw new UserFacingError(ASSIGNMENT_MOVED_ON);
  ctx.queue.transition(item, 'done', now);
  const owner = ctx.members.get(plan.ownerId);
  if (owner && canReceive(owner)) {
    enqueueForRecipient(ctx, {
      kind: 'plan_task_declined',
      recipientId: plan.ownerId,
      requesterId: input.userId,
      payload: { taskId: task.id, declinerId: input.userId, reason },
      idempotencyKey: `plan-task-declined:${task.id}:${item.id}`,
    });
  }
  return { plan, task: declined };
}

/** A plan with the tasks someone owns in it. */
export interface MyPlanTasks {
  plan: Plan;
  tasks: PlanTask[];
}

/**
 * The tasks `userId` owns (proposed, accepted, blocked or done), grouped by plan, the plan with
 * the soonest due task first; only plans they may still see.
 */
export function myTasks(ctx: PlansContext, userId: string): MyPlanTasks[] {
  const groups = new Map<number, MyPlanTasks>();
  for (const task of ctx.plans.myTasks(userId)) {
    const group = groups.get(task.planId);
    if (group) {
      group.tasks.push(task);
      continue;
    }
    const plan = ctx.plans.get(task.planId);
    if (!plan || !maySeePlan(ctx, plan.id, userId)) continue;
    groups.set(plan.id, { plan, tasks: [task] });
  }
  return [...groups.values()];
}
