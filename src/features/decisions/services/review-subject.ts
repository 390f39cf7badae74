import type { ReviewSubject } from '../../../core/services/review-subject.js';
import type { DecisionsContext } from '../context.js';
import { completeAcceptance } from './change.js';
import { DECISION_REVIEW_KIND, maySeeDecision } from './review.js';

/**
 * Decisions as the core's review sees them: their title and message, who may see each (the
 * decision's own rule), and what follows a change of a decision's review. An accepted review
 * accepts its decision (whether its owner pressed Accept on the decision or went ahead from the
 * review's own card); then `refresh` rewrites the decision's message, once per change.
 */
export function decisionReviewSubject(
  ctx: DecisionsContext,
  refresh?: (decisionId: number) => void,
): ReviewSubject {
  return {
    kind: DECISION_REVIEW_KIND,
    describe(decisionId) {
      const decision = ctx.decisions.get(decisionId);
      return decision ? { title: decision.title, link: decision.permalink } : undefined;
    },
    maySee: (decisionId, userId) => maySeeDecision(ctx, decisionId, userId),
    changed(review) {
      if (review.state === 'accepted') completeAcceptance(ctx, review.objectId, review.ownerId);
      refresh?.(review.objectId);
    },
  };
}
