import { canReceive } from '../../../core/domain/member.js';
import { UserFacingError } from '../../../core/services/errors.js';
import {
  closeReview,
  latestReviewOf,
  type StartedReview,
  startReview,
} from '../../../core/services/reviews.js';
import type { PlansContext } from '../context.js';
import { PLAN_STAGE_REVIEW_KIND, sameOwners, type WhoContent } from '../domain/plan.js';
import { OWNED_TASK_STATES } from '../domain/who.js';
import type { Plan, PlanRevision, PlanStage, PlanTask } from '../store/plan-repository.js';
import { authorizeStage, maySeePlan } from './authorization.js';
import { syncPlanDocument } from './document.js';

/**
 * The who as a stage: once every task has an owner who accepted it, its owners are a revision
 * of the who, reviewed through the core's review when it has reviewers, accepted by the plan's
 * owner when it has none. A task that changes owner afterwards reopens it: the next time every
 * task is accepted again is its next revision.
 */

/** The plan's who stage. */
export function whoStageOf(ctx: PlansContext, planId: number): PlanStage | undefined {
  return ctx.plans.stagesOf(planId).find((stage) => stage.stage === 'who');
}

/** The tasks' owners, once every task has an owner who accepted it; undefined before. */
export function ownersOf(tasks: readonly PlanTask[]): WhoContent | undefined {
  if (tasks.length === 0) return undefined;
  const owned: WhoContent['tasks'] = [];
  for (const task of tasks) {
    if (!OWNED_TASK_STATES.includes(task.state) || !task.ownerId) return undefined;
    owned.push({ taskId: task.id, title: task.title, ownerId: task.ownerId, due: task.due });
  }
  return { tasks: owned };
}

/** Whether every task of the plan has an owner who accepted it. */
export function everyTaskAccepted(ctx: PlansContext, planId: number): boolean {
  return ownersOf(ctx.plans.tasksOf(planId)) !== undefined;
}

/** The who's reviewers who can review it now: still here, and seeing the plan's channel. */
function availableReviewers(ctx: PlansContext, plan: Plan, stage: PlanStage) {
  const reviewerIds: string[] = [];
  const leftOut: string[] = [];
  for (const id of stage.reviewerIds) {
    const member = ctx.members.get(id);
    if (!member || !canReceive(member)) continue;
    if (maySeePlan(ctx, plan.id, id)) reviewerIds.push(id);
    else leftOut.push(id);
  }
  return { reviewerIds, leftOut };
}

/** The who submitted to its reviewers: the revision and its review's start. */
export interface SubmittedWho {
  plan: Plan;
  stage: PlanStage;
  revision: PlanRevision;
  review: StartedReview;
  /** Reviewers who can no longer see the plan's channel: not asked. */
  leftOut: string[];
}

/** What settling the who did: reopened it (a task changed since), submitted it, or neither. */
export interface WhoSettled {
  plan: Plan;
  stage: PlanStage;
  reopened: boolean;
  submitted?: SubmittedWho;
}

/**
 * Brings the who in step with its tasks, after any change to them. A who in review or accepted
 * whose owners no longer match its latest revision (a task reassigned, declined, or left
 * without its owner) is reopened, its open review closed as superseded. An open who whose
 * tasks all have an owner who accepted is submitted to its reviewers, automatically: the owners'
 * acceptances are its content, so there is nothing left for the plan's owner to write. Without
 * reviewers it waits for the plan's owner to accept it.
 */
export function settleWho(ctx: PlansContext, planId: number): WhoSettled | undefined {
  const plan = ctx.plans.get(planId);
  const who = whoStageOf(ctx, planId);
  if (!plan || !who || who.state === 'not_started') return undefined;
  const owners = ownersOf(ctx.plans.tasksOf(planId));
  const now = ctx.clock();
  let stage = who;
  let reopened = false;
  if (stage.state !== 'draft') {
    const latest = ctx.plans.latestRevision(stage.id)?.content;
    if (owners && latest?.stage === 'who' && sameOwners(latest.content, owners)) {
      return { plan, stage, reopened };
    }
    const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, stage.id);
    if (review?.state === 'open') closeReview(ctx, { reviewId: review.id, why: 'superseded' });
    const opened = ctx.plans.updateStage(stage.id, { state: 'draft', confirmedIds: [] }, now, [
      stage.state,
    ]);
    if (!opened) return { plan, stage: ctx.plans.stage(stage.id) ?? stage, reopened };
    stage = opened;
    reopened = true;
    syncPlanDocument(ctx, plan.id, now);
  }
  if (!owners) return { plan, stage, reopened };
  const { reviewerIds, leftOut } = availableReviewers(ctx, plan, stage);
  if (reviewerIds.length === 0) return { plan, stage, reopened };
  const subject = ctx.hooks.reviewSubject(PLAN_STAGE_REVIEW_KIND);
  if (!subject) throw new Error('Reviews of plan stages are not registered');
  const open = stage;
  const submitted = ctx.plans.inTransaction(() => {
    const number = open.revision + 1;
    const revision = ctx.plans.addRevision(
      open.id,
      number,
      { stage: 'who', content: owners },
      plan.ownerId,
      now,
    );
    const inReview = ctx.plans.updateStage(
      open.id,
      { state: 'in_review', revision: number, confirmedIds: [] },
      now,
      ['draft'],
    );
    if (!inReview) return undefined;
    const review = startReview(ctx, subject, {
      objectId: open.id,
      ownerId: plan.ownerId,
      reviewerIds,
    });
    syncPlanDocument(ctx, plan.id, now);
    return { plan, stage: inReview, revision, review, leftOut };
  });
  if (!submitted) return { plan, stage: ctx.plans.stage(stage.id) ?? stage, reopened };
  return { plan, stage: submitted.stage, reopened, submitted };
}

/** Why the who cannot be accepted yet: how many tasks have an owner who accepted. */
export function notEveryTaskAccepted(tasks: readonly PlanTask[]): string {
  const accepted = tasks.filter((task) => OWNED_TASK_STATES.includes(task.state)).length;
  return tasks.length === 0
    ? 'The who has no tasks yet: they come from the accepted how. Nothing was changed.'
    : `The who can be accepted once every task has an owner who accepted it: ${accepted} of ${tasks.length} have. Nothing was changed.`;
}

/**
 * The plan's owner accepts the who, once every task has an owner who accepted it. With
 * reviewers who can review it, it goes to them instead (as it does by itself); without, the
 * owners as they stand are its new revision, accepted.
 */
export function acceptWho(
  ctx: PlansContext,
  input: { userId: string; stageId: number },
): { plan: Plan; stage: PlanStage; submitted?: SubmittedWho } {
  const { plan, stage } = authorizeStage(ctx, input.userId, input.stageId, 'accept_who');
  const tasks = ctx.plans.tasksOf(plan.id);
  const owners = ownersOf(tasks);
  if (!owners) throw new UserFacingError(notEveryTaskAccepted(tasks));
  if (availableReviewers(ctx, plan, stage).reviewerIds.length > 0) {
    const settled = settleWho(ctx, plan.id);
    if (!settled?.submitted) throw new UserFacingError(WHO_CHANGED);
    return { plan, stage: settled.stage, submitted: settled.submitted };
  }
  const now = ctx.clock();
  return ctx.plans.inTransaction(() => {
    const number = stage.revision + 1;
    ctx.plans.addRevision(stage.id, number, { stage: 'who', content: owners }, input.userId, now);
    const accepted = ctx.plans.updateStage(
      stage.id,
      { state: 'accepted', revision: number, confirmedIds: [] },
      now,
      ['draft'],
    );
    if (!accepted) throw new UserFacingError(WHO_CHANGED);
    syncPlanDocument(ctx, plan.id, now);
    return { plan, stage: accepted };
  });
}

const WHO_CHANGED =
  'The who changed while you were looking: see the plan’s message for where it stands. Nothing was changed.';

/** Whether the plan is complete: every stage accepted, the who last. */
export function isComplete(stages: readonly PlanStage[]): boolean {
  return stages.length > 0 && stages.every((stage) => stage.state === 'accepted');
}
