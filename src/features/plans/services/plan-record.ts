import { type ReviewRecord, reviewRecord } from '../../../core/services/reviews.js';
import type { PlansContext } from '../context.js';
import type { Plan, PlanRevision, PlanStage } from '../store/plan-repository.js';
import { PLAN_STAGE_REVIEW_KIND } from './plans.js';

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
}

/** Reads the whole record of `plan`: its stages, their revisions and their reviews. */
export function planRecord(
  ctx: Pick<PlansContext, 'plans' | 'reviews' | 'members'>,
  plan: Plan,
): PlanRecord {
  return {
    plan,
    stages: ctx.plans.stagesOf(plan.id).map((stage) => ({
      stage,
      revisions: ctx.plans.revisions(stage.id),
      reviews: ctx.reviews
        .forObject(PLAN_STAGE_REVIEW_KIND, stage.id)
        .reverse()
        .map((review) => reviewRecord(ctx, review.id)),
    })),
  };
}
