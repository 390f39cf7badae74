import { type ReviewRecord, reviewRecord } from '../../../core/services/reviews.js';
import type { PlansContext } from '../context.js';
import type { Plan, PlanRevision, PlanStage, PlanTask } from '../store/plan-repository.js';
import { PLAN_STAGE_REVIEW_KIND } from './plans.js';

/** A decision a how revision was logged as, as the decision log describes it. */
export interface LoggedDecision {
  title: string;
  status: string;
  link: string | null;
}

/** A stage with everything it kept: every revision and every review, each oldest first. */
export interface PlanStageRecord {
  stage: PlanStage;
  revisions: PlanRevision[];
  reviews: ReviewRecord[];
}

/** A whole plan, as its export and its canvas render it. */
export interface PlanRecord {
  plan: Plan;
  /** Why, what, how. */
  stages: PlanStageRecord[];
  /** The how revisions' decisions, by decision id (none when Mailroom runs without the log). */
  decisions: Record<number, LoggedDecision>;
  /** The accepted how's tasks, with their owners (the who), in the outline's order. */
  tasks: PlanTask[];
}

/**
 * Reads the whole record of `plan`: its stages, their revisions and their reviews, its tasks,
 * and the decisions its how was logged as, as `describeDecision` tells them.
 */
export function planRecord(
  ctx: Pick<PlansContext, 'plans' | 'reviews' | 'members'>,
  plan: Plan,
  describeDecision: (decisionId: number) => LoggedDecision | undefined = () => undefined,
): PlanRecord {
  const stages = ctx.plans.stagesOf(plan.id);
  const decisions: Record<number, LoggedDecision> = {};
  for (const stage of stages) {
    for (const { decisionId } of ctx.plans.revisions(stage.id)) {
      const described = decisionId === null ? undefined : describeDecision(decisionId);
      if (decisionId !== null && described) decisions[decisionId] = described;
    }
  }
  return {
    plan,
    decisions,
    tasks: ctx.plans.tasksOf(plan.id),
    stages: stages.map((stage) => ({
      stage,
      revisions: ctx.plans.revisions(stage.id),
      reviews: ctx.reviews
        .forObject(PLAN_STAGE_REVIEW_KIND, stage.id)
        .reverse()
        .map((review) => reviewRecord(ctx, review.id)),
    })),
  };
}
