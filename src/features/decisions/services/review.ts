import { canReceive } from '../../../core/domain/member.js';
import type { ReviewClosedWhy } from '../../../core/domain/review.js';
import { viewerOf } from '../../../core/services/authorization.js';
import {
  closeReview,
  latestReviewOf,
  type ReviewRecord,
  reviewRecord,
  type StartedReview,
  startReview,
} from '../../../core/services/reviews.js';
import type { DecisionsContext } from '../context.js';
import { decisionVerdict } from '../domain/authorization.js';
import type { Decision } from '../store/decision-repository.js';
import { decisionFactsOf } from './authorization.js';

export type { ReviewRecord };

/** The kind the core's reviews name decisions by. */
export const DECISION_REVIEW_KIND = 'decision';

/** The record of the decision's latest review, if it was put up for one. */
export function reviewOfDecision(
  ctx: Pick<DecisionsContext, 'reviews' | 'members'>,
  decisionId: number,
): ReviewRecord | undefined {
  const review = latestReviewOf(ctx, DECISION_REVIEW_KIND, decisionId);
  return review ? reviewRecord(ctx, review.id) : undefined;
}

/**
 * The open review in which `userId` is a reviewer of the decision, if any: their Agree and
 * Object on its message then answer that review (an objection becomes a concern that blocks).
 */
export function openReviewFor(
  ctx: Pick<DecisionsContext, 'reviews' | 'members'>,
  decisionId: number,
  userId: string,
): ReviewRecord | undefined {
  const record = reviewOfDecision(ctx, decisionId);
  return record?.review.state === 'open' && record.reviewers.some((r) => r.memberId === userId)
    ? record
    : undefined;
}

/** Reviewers named whose accounts are deactivated: they are left out, and the owner is told. */
export function deactivatedOf(
  ctx: Pick<DecisionsContext, 'members'>,
  userIds: readonly string[],
): string[] {
  return userIds.filter((id) => {
    const member = ctx.members.get(id);
    return member !== undefined && !member.isBot && !canReceive(member);
  });
}

/** Puts a decision just logged in review up for its reviewers, in their working hours. */
export function startDecisionReview(
  ctx: DecisionsContext,
  decision: Decision,
  input: {
    ownerId: string;
    reviewerIds: readonly string[];
    informedIds: readonly string[];
    hours: number;
  },
): StartedReview {
  const subject = ctx.hooks.reviewSubject(DECISION_REVIEW_KIND);
  if (!subject) throw new Error('Reviews of decisions are not registered');
  return startReview(ctx, subject, {
    objectId: decision.id,
    ownerId: input.ownerId,
    reviewerIds: input.reviewerIds,
    informedIds: input.informedIds,
    windowHours: input.hours,
  });
}

/**
 * A decision in review that ends otherwise (rejected, superseded, reversed): its review is
 * closed in the core, so its reviewers' cards, reminders and the window's end stop, the cards
 * already sent say so, and later answers are refused.
 */
export function closeDecisionReview(
  ctx: DecisionsContext,
  decisionId: number,
  why: ReviewClosedWhy,
): void {
  const review = latestReviewOf(ctx, DECISION_REVIEW_KIND, decisionId);
  if (review?.state !== 'open') return;
  closeReview(ctx, { reviewId: review.id, why });
}

/** A decision waiting for someone's review: theirs to answer, and when their window ends. */
export interface AwaitingReview {
  decision: Decision;
  /** Null when their window never ends (away with no end date). */
  windowEndsAt: number | null;
}

/** The decisions in review that `userId` was asked to review and has not answered, oldest first. */
export function decisionsAwaitingReview(ctx: DecisionsContext, userId: string): AwaitingReview[] {
  const waiting: AwaitingReview[] = [];
  for (const review of ctx.reviews.involving(userId)) {
    if (review.objectKind !== DECISION_REVIEW_KIND || review.state !== 'open') continue;
    const reviewer = ctx.reviews
      .reviewersOf(review.id)
      .find((r) => r.memberId === userId && r.state === 'pending');
    if (!reviewer) continue;
    const decision = ctx.decisions.get(review.objectId);
    if (decision?.status !== 'in_review' || !maySeeDecision(ctx, decision.id, userId)) continue;
    waiting.push({ decision, windowEndsAt: reviewer.windowEndsAt });
  }
  return waiting;
}

/** Whether the person may see the decision: the rule its reviewers are held to. */
export function maySeeDecision(ctx: DecisionsContext, decisionId: number, userId: string): boolean {
  const decision = ctx.decisions.get(decisionId);
  if (!decision) return false;
  return decisionVerdict(viewerOf(ctx, userId), decisionFactsOf(ctx, decision), 'see').allowed;
}
