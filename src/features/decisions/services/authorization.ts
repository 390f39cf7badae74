import type { Refusal, Viewer } from '../../../core/domain/authorization.js';
import { canReceive } from '../../../core/domain/member.js';
import { authorized, type ViewerContext, viewerOf } from '../../../core/services/authorization.js';
import { UserFacingError } from '../../../core/services/errors.js';
import type { DecisionsContext } from '../context.js';
import {
  type DecisionAction,
  type DecisionFacts,
  decisionVerdict,
  type FollowUpFacts,
  mayTakePartIn,
} from '../domain/authorization.js';
import { askedForNewOwner } from '../domain/decision.js';
import type { Decision, DecisionRepository, FollowUp } from '../store/decision-repository.js';

/**
 * The decision rule of domain/authorization.ts with its facts looked up, on the kernel of
 * core/services/authorization.ts: every use case that names a decision or one of its follow-ups
 * goes through `authorizeDecision`.
 */

/** Whether the conversation is a public channel, as far as Mailroom knows. */
function isPublicChannel(
  ctx: Pick<DecisionsContext, 'channels'>,
  channelId: string | null,
): boolean {
  if (channelId === null) return false;
  const channel = ctx.channels.get(channelId);
  return channel !== undefined && !channel.isPrivate && !channel.isIm;
}

export function decisionFactsOf(
  ctx: Pick<DecisionsContext, 'channels'>,
  decision: Pick<Decision, 'status' | 'channelId' | 'ownerIds' | 'consultedIds'> &
    Partial<Pick<Decision, 'informedIds'>>,
): DecisionFacts {
  return {
    status: decision.status,
    channelId: decision.channelId,
    inPublic: isPublicChannel(ctx, decision.channelId),
    ownerIds: decision.ownerIds,
    consultedIds: decision.consultedIds,
    informedIds: decision.informedIds ?? [],
  };
}

/** For filtering many decisions at once (a list, search hits), with the viewer looked up once. */
export function mayOnDecision(
  ctx: Pick<DecisionsContext, 'channels'>,
  viewer: Viewer,
  decision: Decision,
  action: DecisionAction,
): boolean {
  return decisionVerdict(viewer, decisionFactsOf(ctx, decision), action).allowed;
}

const NO_SUCH_DECISION = 'I can’t find that decision.';

/**
 * The decision, if `userId` may do `action` with it (for `complete_follow_up`, with that
 * follow-up); otherwise a refusal that says nothing about a decision they may not see.
 */
export function authorizeDecision(
  ctx: ViewerContext & { decisions: DecisionRepository },
  userId: string,
  decisionId: number,
  action: DecisionAction,
  followUp?: FollowUp,
): Decision {
  const decision = ctx.decisions.get(decisionId);
  const followUpFacts =
    followUp && followUp.decisionId === decisionId && decision
      ? followUpFactsOf(ctx, decision, followUp)
      : undefined;
  return authorized(
    decision,
    (found) =>
      decisionVerdict(viewerOf(ctx, userId), decisionFactsOf(ctx, found), action, followUpFacts),
    (refusal, found) => decisionRefusal(action, refusal, found, followUpFacts),
  );
}

/** The follow-up and its decision, if `userId` may do `action` with that follow-up. */
export function authorizeFollowUp(
  ctx: ViewerContext & { decisions: DecisionRepository },
  userId: string,
  followUpId: number,
  action: DecisionAction,
): { decision: Decision; followUp: FollowUp } {
  const followUp = ctx.decisions.followUp(followUpId);
  if (!followUp) throw new UserFacingError('I can’t find that follow-up.');
  const decision = authorizeDecision(ctx, userId, followUp.decisionId, action, followUp);
  return { decision, followUp };
}

/** A follow-up as the rule sees it: whether its owner left, and who is asked to name another. */
function followUpFactsOf(
  ctx: ViewerContext,
  decision: Decision,
  followUp: FollowUp,
): FollowUpFacts {
  const ownerLeft = ctx.members.get(followUp.ownerId)?.deleted === true;
  return {
    ownerId: followUp.ownerId,
    state: followUp.state,
    ownerLeft,
    askedIds: ownerLeft ? askedAboutLeaver(ctx, decision, followUp.ownerId) : [],
  };
}

/**
 * Who is asked to name new owners for the follow-ups `leaverId` owned on the decision: whoever
 * logged it, while they are active and may see it; otherwise its active owners.
 */
export function askedAboutLeaver(
  ctx: ViewerContext,
  decision: Decision,
  leaverId: string,
): string[] {
  const facts = decisionFactsOf(ctx, decision);
  return askedForNewOwner(decision, leaverId, (memberId) => {
    const member = ctx.members.get(memberId);
    return (
      member !== undefined &&
      canReceive(member) &&
      decisionVerdict(viewerOf(ctx, memberId), facts, 'see').allowed
    );
  });
}

const OWNERS_ONLY: Partial<Record<DecisionAction, string>> = {
  edit: 'Only the decision’s owners can edit it.',
  accept: 'Only the decision’s owners can accept it.',
  reject: 'Only the decision’s owners can reject it.',
  supersede: 'Only the decision’s owners can supersede it.',
  deprecate: 'Only the decision’s owners can deprecate it.',
  reverse: 'Only the decision’s owners can reverse it.',
  complete_follow_up: 'That follow-up belongs to someone else.',
  name_follow_up_owner:
    'Mailroom asked someone else to name this follow-up’s new owner: whoever logged the decision, or its owners if that person left too.',
};

function decisionRefusal(
  action: DecisionAction,
  refusal: Refusal,
  decision: Decision | undefined,
  followUp: FollowUpFacts | undefined,
): string {
  if (refusal === 'unknown' || !decision) return NO_SUCH_DECISION;
  if (refusal === 'not_yours') return OWNERS_ONLY[action] ?? NO_SUCH_DECISION;
  const status = decision.status;
  switch (action) {
    case 'agree':
    case 'object':
      return status === 'accepted'
        ? 'That decision is already accepted: it no longer collects agreement or objections. You can still comment on it.'
        : `That decision was ${status}: it no longer collects input.`;
    case 'comment':
      return `That decision was ${status}: comments are closed.`;
    case 'accept':
      return `That decision is already ${status}.`;
    case 'reject':
      return status === 'accepted'
        ? 'That decision is already accepted: deprecate or reverse it instead.'
        : `That decision is already ${status}.`;
    case 'deprecate':
    case 'reverse':
      return status === 'proposed'
        ? 'That decision is still proposed: reject it instead.'
        : `That decision is already ${status}, so it can’t be ${action === 'reverse' ? 'reversed' : 'deprecated'}.`;
    case 'complete_follow_up':
      return followUp?.state === 'cancelled'
        ? 'That follow-up was cancelled.'
        : 'That follow-up is already done.';
    case 'name_follow_up_owner':
      if (followUp?.state === 'open') return 'That follow-up already has an owner.';
      return followUp?.state === 'done'
        ? 'That follow-up is already done.'
        : 'That follow-up has a new owner already, or was cancelled.';
    default:
      return `That decision was ${status}, so it can’t be changed any more.`;
  }
}

/**
 * Whether a person may log a decision into the conversation, or be named in one that belongs
 * to it (owner, consulted, follow-up owner): only someone who may see what comes from it.
 */
export function mayTakePart(ctx: ViewerContext, userId: string, channelId: string | null): boolean {
  return mayTakePartIn(viewerOf(ctx, userId), {
    channelId,
    inPublic: isPublicChannel(ctx, channelId),
  });
}
