import { canReceive } from '../../../core/domain/member.js';
import { parsePayload, type QueueItem } from '../../../core/domain/queue.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import type { DecisionsContext } from '../context.js';
import {
  followUpItemKey,
  isCurrent,
  ownerLeftItemKey,
  ownerLeftPrefix,
  reviewerLeftItemKey,
} from '../domain/decision.js';
import type { Decision, FollowUp } from '../store/decision-repository.js';
import { askedAboutLeaver, authorizeFollowUp, mayTakePart } from './authorization.js';
import { syncDecisionDocument } from './document.js';
import { needsNewOwner, scheduleFollowUps, settleOwnerLeftItems } from './items.js';
import { InvalidDecision } from './log.js';
import { DECISION_REVIEW_KIND } from './review.js';

/**
 * What waited on someone who left the workspace is not left silently with nobody. For their
 * open follow-ups, whoever logged the decision (or, once they left too, its owners) is asked
 * once, in their working hours, to name a new owner for each; until then the decision shows
 * each as needing one. For a review that waited on them, its owner is told once.
 */

/** The block of the new-owner form that names the new owner. */
export const NEW_OWNER_FIELD = 'new_owner';

/**
 * Asks, once per person and leaver, for new owners of the decision's open follow-ups whose
 * owner left: one item each, in their working hours, naming those follow-ups. Returns the
 * items made now (none when everyone was asked already, or nobody can be asked yet).
 */
export function askForNewOwners(ctx: DecisionsContext, decision: Decision): QueueItem[] {
  if (!isCurrent(decision.status)) return [];
  const byLeaver = new Map<string, number[]>();
  for (const followUp of ctx.decisions.followUps(decision.id)) {
    if (!needsNewOwner(ctx, followUp)) continue;
    byLeaver.set(followUp.ownerId, [...(byLeaver.get(followUp.ownerId) ?? []), followUp.id]);
  }
  const made: QueueItem[] = [];
  for (const [leaverId, followUpIds] of byLeaver) {
    for (const recipientId of askedAboutLeaver(ctx, decision, leaverId)) {
      const { item, created } = enqueueForRecipient(ctx, {
        kind: 'decision_follow_up_owner_left',
        recipientId,
        channelId: decision.channelId,
        payload: { decisionId: decision.id, leaverId, followUpIds },
        idempotencyKey: ownerLeftItemKey(decision.id, leaverId, recipientId),
      });
      if (created) made.push(item);
    }
  }
  return made;
}

/**
 * Someone was deactivated: each current decision with open follow-ups they owned asks for new
 * owners (askForNewOwners), their own follow-up items not yet sent are dropped, and the
 * knowledge base shows the follow-ups as needing an owner; where they were the one asked, the
 * decision's owners are asked instead; the owners of open reviews that waited on them are told. Returns the decisions concerned, whose messages should show it.
 * Run again for the same leaver, it tells nobody twice.
 */
export function followUpOwnerLeft(ctx: DecisionsContext, leaverId: string): number[] {
  if (!ctx.members.get(leaverId)?.deleted) return [];
  const now = ctx.clock();
  const decisionIds = [
    ...new Set(ctx.decisions.openFollowUpsOwnedBy(leaverId).map((f) => f.decisionId)),
  ];
  const concerned: number[] = [];
  for (const decisionId of decisionIds) {
    const decision = ctx.decisions.get(decisionId);
    if (!decision || !isCurrent(decision.status)) continue;
    for (const followUp of ctx.decisions.followUps(decisionId)) {
      if (followUp.ownerId !== leaverId || followUp.state !== 'open') continue;
      const item = ctx.queue.findByKey(followUpItemKey(followUp.id));
      if (item && (item.state === 'queued' || item.state === 'snoozed')) {
        ctx.queue.transition(item, 'skipped', now, { lastError: 'its owner left the workspace' });
      }
    }
    askForNewOwners(ctx, decision);
    syncDecisionDocument(ctx, decision, now);
    concerned.push(decisionId);
  }
  // They had been asked to name new owners themselves: the decision's owners are asked now.
  const asked = ctx.queue
    .openForRecipient(leaverId)
    .filter((item) => item.kind === 'decision_follow_up_owner_left');
  for (const item of asked) {
    const { decisionId } = parsePayload('decision_follow_up_owner_left', item.payload);
    const decision = ctx.decisions.get(decisionId);
    if (decision) askForNewOwners(ctx, decision);
  }
  for (const decisionId of tellReviewOwners(ctx, leaverId)) {
    if (!concerned.includes(decisionId)) concerned.push(decisionId);
  }
  return concerned;
}

/**
 * Open reviews of decisions that waited on the leaver (they had not answered, or their concern
 * is open): each review's owner is told once, in their hours. The review no longer waits for
 * them; a concern of theirs stays open until the owner overrides it. Returns those decisions.
 */
function tellReviewOwners(ctx: DecisionsContext, leaverId: string): number[] {
  const told: number[] = [];
  for (const review of ctx.reviews.involving(leaverId)) {
    if (review.objectKind !== DECISION_REVIEW_KIND || review.state !== 'open') continue;
    const unanswered = ctx.reviews
      .reviewersOf(review.id)
      .some((r) => r.memberId === leaverId && r.state === 'pending');
    const concernIds = ctx.reviews
      .concernsOf(review.id)
      .filter((c) => c.reviewerId === leaverId && c.state === 'open')
      .map((c) => c.id);
    if (!unanswered && concernIds.length === 0) continue;
    told.push(review.objectId);
    const owner = ctx.members.get(review.ownerId);
    // An owner who left too hears nothing: whoever takes the decision over has its review.
    if (review.ownerId === leaverId || !owner || !canReceive(owner)) continue;
    enqueueForRecipient(ctx, {
      kind: 'decision_reviewer_left',
      recipientId: review.ownerId,
      payload: { decisionId: review.objectId, leaverId, unanswered, concernIds },
      idempotencyKey: reviewerLeftItemKey(review.objectId, leaverId),
    });
  }
  return told;
}

/** The follow-up and its decision, if `userId` is the one asked to name its new owner. */
export function authorizeNewOwner(
  ctx: DecisionsContext,
  userId: string,
  followUpId: number,
): { decision: Decision; followUp: FollowUp } {
  return authorizeFollowUp(ctx, userId, followUpId, 'name_follow_up_owner');
}

export interface NewOwnerNamed {
  decision: Decision;
  /** The follow-up as it is now: the same task, its new owner's. */
  followUp: FollowUp;
  /** The items that asked for it, already delivered: their DMs now say whose it is. */
  asked: QueueItem[];
}

/**
 * The person asked names a new owner for a follow-up whose owner left: a current member, not a
 * bot, who may see the decision. The task is the new owner's from now on (a revision in the
 * decision's record); on an accepted decision it goes to their queue, in their hours. Anyone
 * else is refused, and so is a follow-up already given a new owner.
 */
export function nameFollowUpOwner(
  ctx: DecisionsContext,
  input: { userId: string; followUpId: number; ownerId: string | undefined },
  person: (userId: string) => string,
): NewOwnerNamed {
  const { decision, followUp } = authorizeNewOwner(ctx, input.userId, input.followUpId);
  const ownerId = input.ownerId ?? '';
  const candidate = ownerId ? ctx.members.get(ownerId) : undefined;
  if (!ownerId) {
    throw new InvalidDecision({ [NEW_OWNER_FIELD]: 'Pick who owns this follow-up now.' });
  }
  if (!candidate || !canReceive(candidate) || ownerId === followUp.ownerId) {
    throw new InvalidDecision(
      {},
      { [NEW_OWNER_FIELD]: { userId: ownerId, reason: 'not_a_member' } },
    );
  }
  if (!mayTakePart(ctx, ownerId, decision.channelId)) {
    throw new InvalidDecision(
      {},
      { [NEW_OWNER_FIELD]: { userId: ownerId, reason: 'outside_conversation' } },
    );
  }
  const now = ctx.clock();
  const handed = ctx.decisions.handOverFollowUp(
    followUp.id,
    followUp.ownerId,
    ownerId,
    input.userId,
    now,
  );
  if (!handed)
    throw new UserFacingError('That follow-up has a new owner already, or was cancelled.');
  ctx.decisions.addRevision(
    decision.id,
    input.userId,
    'follow_up_owner_changed',
    [{ field: 'followUps', before: person(followUp.ownerId), after: person(ownerId) }],
    `${person(followUp.ownerId)} left the workspace; ${person(ownerId)} owns “${handed.text}” now`,
    now,
  );
  const current = ctx.decisions.update(decision.id, {}, now) ?? decision;
  if (current.status === 'accepted') scheduleFollowUps(ctx, current);
  syncDecisionDocument(ctx, current, now);
  const settled = settleOwnerLeftItems(ctx, decision.id, now);
  const stillAsking = ctx.queue
    .openWithKeyPrefix(ownerLeftPrefix(decision.id))
    .filter((item) => item.deliveredTs !== null);
  return { decision: current, followUp: handed, asked: [...settled, ...stillAsking] };
}
