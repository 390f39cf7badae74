import {
  ALLOWED,
  refuse,
  seesConversation,
  type Verdict,
  type Viewer,
} from '../../../core/domain/authorization.js';
import { type DecisionStatus, isCurrent, isOpenProposal } from './decision.js';

/**
 * Who may do what with a decision: the one rule for its kind. The viewer, the verdicts and which
 * facts come from Slack are the kernel's: see the top of core/domain/authorization.ts.
 */

export interface DecisionFacts {
  status: DecisionStatus;
  /** The conversation it belongs to; null when it is kept for its owners and the people consulted. */
  channelId: string | null;
  /** That conversation is a public channel. */
  inPublic: boolean;
  /** Its owners: whoever logged it, unless they took themselves off, and whoever they named. */
  ownerIds: readonly string[];
  consultedIds: readonly string[];
  /** The people told of its outcome: named in it, so they see it. */
  informedIds?: readonly string[];
}

/** A follow-up task of the decision, for `complete_follow_up`. */
export interface FollowUpFacts {
  ownerId: string;
  state: 'open' | 'done' | 'cancelled';
  /** Its owner left the workspace: it needs a new one. */
  ownerLeft?: boolean;
  /** Who is asked to name its new owner (see askedForNewOwner). */
  askedIds?: readonly string[];
}

/**
 * `agree` / `object` / `comment`: give input; `edit`, `accept`, `reject`, `supersede`,
 * `deprecate`, `reverse`: the owners' acts; `complete_follow_up`: mark one of its follow-up
 * tasks done; `name_follow_up_owner`: name a new owner for a follow-up whose owner left.
 */
export type DecisionAction =
  | 'see'
  | 'comment'
  | 'agree'
  | 'object'
  | 'edit'
  | 'accept'
  | 'reject'
  | 'supersede'
  | 'deprecate'
  | 'reverse'
  | 'complete_follow_up'
  | 'name_follow_up_owner';

/** Whether the decision's conversation lets this person see it (not counting being named in it). */
function seesDecisionConversation(viewer: Viewer, decision: DecisionFacts): boolean {
  return (
    decision.channelId !== null && seesConversation(viewer, decision.channelId, decision.inPublic)
  );
}

/**
 * See: its owners and the people consulted, and whoever may read the conversation it belongs
 * to (a decision kept for its owners belongs to no conversation). Agree and object: whoever
 * sees it, while it is proposed; comment: while it is proposed or accepted. Edit and supersede:
 * its owners, while it is proposed or accepted; accept and reject: its owners, while proposed;
 * deprecate and reverse: its owners, while accepted (a declined proposal is rejected, not
 * reversed).
 * Complete a follow-up: the follow-up's owner or the decision's, while the follow-up is open.
 * Name a new owner for a follow-up: only who is asked to (whoever logged the decision, or its
 * owners once that person left too), while it is open and its owner has left.
 */
export function decisionVerdict(
  viewer: Viewer,
  decision: DecisionFacts,
  action: DecisionAction,
  followUp?: FollowUpFacts,
): Verdict {
  const isOwner = decision.ownerIds.includes(viewer.userId);
  const named =
    isOwner ||
    decision.consultedIds.includes(viewer.userId) ||
    (decision.informedIds ?? []).includes(viewer.userId);
  if (!named && !seesDecisionConversation(viewer, decision)) return refuse('unknown');
  const current = isCurrent(decision.status);
  const open = isOpenProposal(decision.status);
  switch (action) {
    case 'see':
      return ALLOWED;
    case 'agree':
    case 'object':
      return open ? ALLOWED : refuse('settled');
    case 'comment':
      return current ? ALLOWED : refuse('settled');
    case 'edit':
    case 'supersede':
      if (!isOwner) return refuse('not_yours');
      return current ? ALLOWED : refuse('settled');
    case 'accept':
    case 'reject':
      if (!isOwner) return refuse('not_yours');
      return open ? ALLOWED : refuse('settled');
    case 'deprecate':
    case 'reverse':
      if (!isOwner) return refuse('not_yours');
      return decision.status === 'accepted' ? ALLOWED : refuse('settled');
    case 'complete_follow_up':
      if (!followUp) return refuse('unknown');
      if (viewer.userId !== followUp.ownerId && !isOwner) return refuse('not_yours');
      return followUp.state === 'open' ? ALLOWED : refuse('settled');
    case 'name_follow_up_owner':
      if (!followUp) return refuse('unknown');
      if (!(followUp.askedIds ?? []).includes(viewer.userId)) return refuse('not_yours');
      return followUp.state === 'open' && followUp.ownerLeft ? ALLOWED : refuse('settled');
  }
}

/**
 * Whether a person may be named in a decision (owner, consulted, follow-up owner) or log one
 * into a conversation: only someone who may see what comes from it, so that naming nobody
 * shows a private channel's decision to an outsider. A decision kept for the people it names
 * (no conversation) may name anyone.
 */
export function mayTakePartIn(
  candidate: Viewer,
  conversation: { channelId: string | null; inPublic: boolean },
): boolean {
  return (
    conversation.channelId === null ||
    seesConversation(candidate, conversation.channelId, conversation.inPublic)
  );
}
