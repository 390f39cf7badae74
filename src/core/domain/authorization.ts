import {
  canDismiss,
  canTransition,
  OPEN_STATES,
  type QueueItemKind,
  type QueueState,
} from './queue.js';

/**
 * Who may do what with each kind of object. Slack proves who sent a request, never that they
 * may do what it asks: every id in an action value, a view's private metadata or a command was
 * chosen by the sender. These rules take the facts (who the person is, which conversations they
 * are in, the object's own fields) and say yes, or why not. The services look the facts up.
 *
 * Who is in a conversation, who wrote a message and what it says are facts from Slack only:
 * member lists (conversations.members), membership events, Slack's own copy of a message, and
 * the conversation Slack itself names in a slash command or an event (`channel_id`). Private
 * metadata, action values, view state and a shortcut's message body are claims: a conversation
 * id found there is checked against Slack's member list before it is used, and never becomes a
 * membership. A refusal for a conversation Mailroom knows first asks Slack's member list again,
 * at most once a minute per conversation whoever asks.
 *
 * This file is the kernel: the viewer, the verdicts, who sees a conversation, and the rules for
 * the core's own objects (documents, queue items). Each capability keeps the rule for its own
 * kind of object next to it, in its domain/authorization.ts, built from these parts: one rule
 * per kind of object.
 */

/** The person asking to do something. */
export interface Viewer {
  userId: string;
  /**
   * A single- or multi-channel guest, or someone the directory does not know: they see only
   * what comes from conversations they are in.
   */
  isGuest: boolean;
  /** The conversations they are known to be in. */
  visibleChannelIds: readonly string[];
}

export type Refusal =
  /** As far as they may know, there is no such thing: the answer must not tell it apart from a missing id. */
  | 'unknown'
  /** They may see it, but this is someone else's to do. */
  | 'not_yours'
  /** Theirs to do, but not in the state it is in now. */
  | 'settled';

export type Verdict = { allowed: true } | { allowed: false; refusal: Refusal };

export const ALLOWED: Verdict = { allowed: true };
export const refuse = (refusal: Refusal): Verdict => ({ allowed: false, refusal });

/** Whether the person is known to be in the conversation (a null one has no members). */
export function isIn(viewer: Viewer, channelId: string | null): boolean {
  return channelId !== null && viewer.visibleChannelIds.includes(channelId);
}

/**
 * What comes from a conversation is for its members; what comes from a public one (or from no
 * conversation at all) is for the whole team too, guests excepted.
 */
export function seesConversation(
  viewer: Viewer,
  channelId: string | null,
  isPublic: boolean,
): boolean {
  return isIn(viewer, channelId) || (isPublic && !viewer.isGuest);
}

// ---------------------------------------------------------------- documents

export interface DocumentFacts {
  visibility: 'public' | 'channel' | 'people';
  channelId: string | null;
  /** For `people` visibility: who may see it. */
  readerIds?: readonly string[];
}

/** `confirm`: say that it answers one's own question ("This answers it"), which adds an alias. */
export type DocumentAction = 'see' | 'confirm';

/**
 * A `channel` document is for the members of its conversation; a `public` one for everyone
 * except guests, who see a document only when they are in the conversation it came from; a
 * `people` one for the people it lists (a decision kept for its owners and the people consulted).
 * The search SQL (store/knowledge-repository.ts) says the same; a test holds the two together.
 */
export function documentVerdict(
  viewer: Viewer,
  document: DocumentFacts,
  _action: DocumentAction,
): Verdict {
  if (document.visibility === 'people') {
    return document.readerIds?.includes(viewer.userId) ? ALLOWED : refuse('unknown');
  }
  return seesConversation(viewer, document.channelId, document.visibility === 'public')
    ? ALLOWED
    : refuse('unknown');
}

// ---------------------------------------------------------------- queue items

export interface QueueItemFacts {
  kind: QueueItemKind;
  state: QueueState;
  recipientId: string;
}

/** `done`: the recipient marks it finished (a note read, a blocker cleared). */
export type QueueItemAction = 'see' | 'answer' | 'reassign' | 'snooze' | 'done';

/** Whether an item in `state` can still take the action. */
const ACTIONABLE: Record<Exclude<QueueItemAction, 'see'>, (state: QueueState) => boolean> = {
  answer: (state) => OPEN_STATES.includes(state),
  reassign: (state) => OPEN_STATES.includes(state) && canTransition(state, 'skipped'),
  snooze: (state) => state === 'snoozed' || canTransition(state, 'snoozed'),
  done: (state) => canTransition(state, 'done'),
};

/** Which kinds take each action: answering and reassigning are for questions. */
const TAKES: Record<Exclude<QueueItemAction, 'see'>, (kind: QueueItemKind) => boolean> = {
  answer: (kind) => kind === 'question',
  reassign: (kind) => kind === 'question',
  snooze: () => true,
  done: canDismiss,
};

/**
 * A queue item is its recipient's alone: nobody else may see it or act on it. Any open item
 * can be snoozed; answer and reassign are for questions, done for kinds that need no more
 * than being read.
 */
export function queueItemVerdict(
  viewer: Viewer,
  item: QueueItemFacts,
  action: QueueItemAction,
): Verdict {
  if (item.recipientId !== viewer.userId) return refuse('unknown');
  if (action === 'see') return ALLOWED;
  if (!TAKES[action](item.kind)) return refuse('unknown');
  return ACTIONABLE[action](item.state) ? ALLOWED : refuse('settled');
}

// ---------------------------------------------------------------- reviews

/** A review as its rule sees it; whether the person may see the reviewed object comes from its capability. */
export interface ReviewFacts {
  ownerId: string;
  reviewerIds: readonly string[];
  state: 'open' | 'accepted' | 'closed';
  /** Whether the viewer may see the object under review (its capability says, through the port). */
  maySeeObject: boolean;
  /** For the actions on one concern: who raised it, and where it stands. */
  concern?: { reviewerId: string; state: 'open' | 'withdrawn' | 'overridden'; answered: boolean };
}

/**
 * `answer`: agree, raise a concern or abstain (a reviewer); `respond` and `override`: answer a
 * concern, or go ahead despite it (the owner); `withdraw`: take back one's concern once the owner
 * answered it; `accept`: close the review as accepted (the owner).
 */
export type ReviewAction = 'see' | 'answer' | 'respond' | 'override' | 'withdraw' | 'accept';

/**
 * A review is for its owner and its reviewers, and only while they may see what it reviews: to
 * anyone else it does not exist. Reviewers answer, the owner answers concerns, overrides them
 * and accepts; a concern is withdrawn by the reviewer who raised it, after the owner answered.
 * Nothing changes once the review is accepted.
 */
export function reviewVerdict(viewer: Viewer, review: ReviewFacts, action: ReviewAction): Verdict {
  const isOwner = review.ownerId === viewer.userId;
  const isReviewer = review.reviewerIds.includes(viewer.userId);
  if (!review.maySeeObject || !(isOwner || isReviewer)) return refuse('unknown');
  if (action === 'see') return ALLOWED;
  const mine =
    action === 'answer'
      ? isReviewer
      : action === 'withdraw'
        ? review.concern?.reviewerId === viewer.userId
        : isOwner;
  if (!mine) return refuse('not_yours');
  if (review.state !== 'open') return refuse('settled');
  if (action === 'answer' || action === 'accept') return ALLOWED;
  if (review.concern?.state !== 'open') return refuse('settled');
  if (action === 'withdraw' && !review.concern.answered) return refuse('settled');
  return ALLOWED;
}
