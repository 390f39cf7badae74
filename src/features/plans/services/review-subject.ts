import type { Review } from '../../../core/domain/review.js';
import type { ReviewSubject } from '../../../core/services/review-subject.js';
import type { PlansContext } from '../context.js';
import { STAGE_NAMES } from '../domain/plan.js';
import { maySeePlan } from './authorization.js';
import { afterStageReview, PLAN_STAGE_REVIEW_KIND } from './plans.js';

/**
 * A plan's stages as the core's review sees them: the stage's title and thread, who may see it
 * (the plan's rule), and what follows a change of its review. An accepted review accepts the
 * stage and opens the next one, whichever button accepted it; then `changed` shows it in Slack.
 */
export function planStageReviewSubject(
  ctx: PlansContext,
  changed?: (stageId: number, review: Review) => void,
): ReviewSubject {
  return {
    kind: PLAN_STAGE_REVIEW_KIND,
    describe(stageId) {
      const stage = ctx.plans.stage(stageId);
      const plan = stage && ctx.plans.get(stage.planId);
      if (!stage || !plan) return undefined;
      return {
        title: `${plan.title}: the ${STAGE_NAMES[stage.stage].toLowerCase()}`,
        link: stage.permalink ?? plan.permalink,
      };
    },
    maySee(stageId, userId) {
      const stage = ctx.plans.stage(stageId);
      return stage !== undefined && maySeePlan(ctx, stage.planId, userId);
    },
    changed(review) {
      afterStageReview(ctx, review);
      changed?.(review.objectId, review);
    },
  };
}
