import type { OwnershipSubject } from '../../../core/services/ownership-subject.js';
import { moveReviewOwner } from '../../../core/services/reviews.js';
import type { PlansContext } from '../context.js';
import { maySeePlan } from './authorization.js';
import { PLAN_STAGE_REVIEW_KIND } from './plans.js';

/** The kind the core's ownership offers name plans by. */
export const PLAN_OWNERSHIP_KIND = 'plan';

/** A plan's owner owns every plan they started; nobody has more than this many. */
const MOST_PLANS_OWNED = 10_000;

/**
 * Plans as the core's hand-over sees them: a plan has one owner, so a plan whose owner left is
 * offered to its stages' reviewers (those still able to see it), then to Mailroom's admins.
 * Taking one over makes the new owner the plan's owner and the owner of its stages' open
 * reviews, and `refresh` rewrites its messages.
 */
export function planOwnershipSubject(
  ctx: PlansContext,
  refresh?: (planId: number) => void,
): OwnershipSubject {
  return {
    kind: PLAN_OWNERSHIP_KIND,
    ownedBy: (memberId) =>
      ctx.plans
        .ownedBy(memberId, MOST_PLANS_OWNED)
        .map((plan) => ({ id: plan.id, ownerIds: [plan.ownerId] })),
    fallback(planId, leaverId) {
      const reviewers = ctx.plans.stagesOf(planId).flatMap((stage) => stage.reviewerIds);
      return [...new Set(reviewers)].filter((id) => id !== leaverId && maySeePlan(ctx, planId, id));
    },
    describe(planId, viewerId) {
      const plan = ctx.plans.get(planId);
      if (!plan) return undefined;
      return maySeePlan(ctx, planId, viewerId)
        ? { title: plan.title, link: plan.permalink }
        : { title: 'a plan in a channel you are not in', link: null };
    },
    transfer(planId, fromId, toId) {
      const plan = ctx.plans.get(planId);
      if (plan?.ownerId !== fromId) return false;
      ctx.plans.update(planId, { ownerId: toId }, ctx.clock());
      for (const stage of ctx.plans.stagesOf(planId)) {
        moveReviewOwner(ctx, PLAN_STAGE_REVIEW_KIND, stage.id, fromId, toId);
      }
      refresh?.(planId);
      return true;
    },
  };
}
