import type { Refusal, Viewer } from '../../../core/domain/authorization.js';
import { authorized, type ViewerContext, viewerOf } from '../../../core/services/authorization.js';
import type { DecisionsContext } from '../context.js';
import {
  type DecisionAction,
  type DecisionFacts,
  decisionVerdict,
  mayTakePartIn,
} from '../domain/authorization.js';
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
  const followUpFacts =
    followUp && followUp.decisionId === decisionId
      ? { ownerId: followUp.ownerId, state: followUp.state }
      : undefined;
  return authorized(
    ctx.decisions.get(decisionId),
    (decision) =>
      decisionVerdict(viewerOf(ctx, userId), decisionFactsOf(ctx, decision), action, followUpFacts),
    (refusal, decision) => decisionRefusal(action, refusal, decision, followUpFacts),
  );
}

const OWNERS_ONLY: Partial<Record<DecisionAction, string>> = {
  edit: 'Only the decision’s owners can edit it.',
  accept: 'Only the decision’s owners can accept it.',
  reject: 'Only the decision’s owners can reject it.',
  supersede: 'Only the decision’s owners can supersede it.',
  deprecate: 'Only the decision’s owners can deprecate it.',
  reverse: 'Only the decision’s owners can reverse it.',
  complete_follow_up: 'That follow-up belongs to someone else.',
};

function decisionRefusal(
  action: DecisionAction,
  refusal: Refusal,
  decision: Decision | undefined,
  followUp: { state: string } | undefined,
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
