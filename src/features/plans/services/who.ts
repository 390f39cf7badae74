import { addDays, type LocalDate, startOfLocalDate } from '../../../core/domain/local-time.js';
import { type Away, canReceive, scheduleOf } from '../../../core/domain/member.js';
import { UserFacingError } from '../../../core/services/errors.js';
import type { PlansContext } from '../context.js';
import { isAccepted } from '../domain/plan.js';
import { awayDuringTask, OPEN_TASK_STATES, weeklyOverlapHours } from '../domain/who.js';
import type { Plan, PlanStage, PlanTask } from '../store/plan-repository.js';
import { authorizePlan, maySeePlan, mayTakePart } from './authorization.js';

export const NO_SUCH_TASK = 'I can’t find that task.';
export const NOT_PLAN_OWNER = 'Only the plan’s owner can propose owners for its tasks.';
export const WHO_NOT_OPEN =
  'The who opens once the how is accepted: its tasks get owners from then on. Nothing was changed.';

/**
 * Once the how is accepted, its outline becomes the plan's tasks; a revised how accepted later
 * keeps them in step (a task at the same place keeps its owner). Nothing for other stages.
 */
export function syncTasksFromHow(ctx: PlansContext, stage: PlanStage): PlanTask[] {
  if (stage.stage !== 'how' || !isAccepted(stage.state)) return [];
  const content = ctx.plans.latestRevision(stage.id)?.content;
  if (content?.stage !== 'how') return [];
  return ctx.plans.syncTasks(stage.planId, content.content.tasks, ctx.clock());
}

/** Whether the plan's who is open: its how is accepted. */
export function whoIsOpen(ctx: PlansContext, plan: Plan): boolean {
  const how = ctx.plans.stagesOf(plan.id).find((s) => s.stage === 'how');
  return how !== undefined && isAccepted(how.state);
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
  const task = ctx.plans.task(taskId);
  if (!task) throw new UserFacingError(NO_SUCH_TASK);
  let plan: Plan;
  try {
    plan = authorizePlan(ctx, userId, task.planId);
  } catch {
    throw new UserFacingError(NO_SUCH_TASK);
  }
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
  /** Hours a week the candidate's working hours overlap each of the task's other people's. */
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
  const overlaps = otherPeople(ctx, plan, task, input.candidateId).flatMap((memberId) => {
    const member = ctx.members.get(memberId);
    if (!member) return [];
    return [{ memberId, hours: weeklyOverlapHours(hours, scheduleOf(member, zone).hours, now) }];
  });
  const dueEnd = startOfLocalDate(hours.timeZone, addDays(dateOf(task.due), 1));
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

/**
 * The plan's owner proposes `candidateId` as the task's owner: the same checks as the preview,
 * then the task is theirs to answer. Proposing the person already proposed changes nothing.
 */
export function proposeOwner(
  ctx: PlansContext,
  input: { userId: string; taskId: number; candidateId: string },
): { plan: Plan; task: PlanTask; changed: boolean } {
  const { plan, task } = authorizeOwnerOfTask(ctx, input.userId, input.taskId);
  checkCandidate(ctx, plan, input.candidateId);
  if (task.ownerId === input.candidateId) {
    return { plan, task, changed: false };
  }
  const updated = ctx.plans.setTaskOwner(task.id, input.candidateId, 'proposed', ctx.clock(), [
    task.state,
  ]);
  if (!updated) {
    throw new UserFacingError(
      'That task changed while you were choosing: open it again from the plan’s message.',
    );
  }
  return { plan, task: updated, changed: true };
}

/** A plan with the tasks someone owns in it. */
export interface MyPlanTasks {
  plan: Plan;
  tasks: PlanTask[];
}

/**
 * The tasks `userId` owns, grouped by plan, the plan with the soonest due task first; only
 * plans they may still see.
 */
export function myTasks(ctx: PlansContext, userId: string): MyPlanTasks[] {
  const groups = new Map<number, MyPlanTasks>();
  for (const task of ctx.plans.tasksOwnedBy(userId)) {
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
