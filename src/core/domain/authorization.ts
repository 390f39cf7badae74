import type { MeetingState } from '../../features/meetings/domain/meetings.js';
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

const ALLOWED: Verdict = { allowed: true };
const refuse = (refusal: Refusal): Verdict => ({ allowed: false, refusal });

function isIn(viewer: Viewer, channelId: string | null): boolean {
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

// ---------------------------------------------------------------- questions

export interface QuestionFacts {
  askerId: string;
  state: 'draft' | 'open' | 'answered' | 'cancelled';
  channelId: string | null;
  /** Asked where the whole team may read it: a public channel, Mailroom's own DM, or nowhere. */
  askedInPublic: boolean;
  /** Put to its channel because no expert was left: that channel's members may answer it. */
  askedInChannel: boolean;
  /** The recipients of its open queue items: the expert it is with now. */
  expertIds: readonly string[];
}

/**
 * `settle`: the asker decides what becomes of their own draft (a document answers it, a person
 * is asked, or they follow another question instead). `withdraw`: the asker closes their own
 * question, draft or open, because a document answers it. `release`: the asker sends their own
 * open question on now instead of after its hold ("Ask now").
 */
export type QuestionAction = 'see' | 'follow' | 'answer' | 'settle' | 'withdraw' | 'release';

function seesQuestion(viewer: Viewer, question: QuestionFacts): boolean {
  if (viewer.userId === question.askerId) return true;
  // A draft is the asker's until it goes to someone.
  if (question.state === 'draft' || question.state === 'cancelled') return false;
  if (question.expertIds.includes(viewer.userId)) return true;
  return seesConversation(viewer, question.channelId, question.askedInPublic);
}

/**
 * See: the asker, the expert it is with, and whoever may read the conversation it came from.
 * Follow: whoever sees it, while it is open. Answer: the expert it is with and, once it was put
 * to its channel, that channel's members; never the asker. Settle: the asker, while it is a draft.
 * Withdraw: the asker, while it is a draft or open. Release: the asker, while it is open.
 */
export function questionVerdict(
  viewer: Viewer,
  question: QuestionFacts,
  action: QuestionAction,
): Verdict {
  if (!seesQuestion(viewer, question)) return refuse('unknown');
  switch (action) {
    case 'see':
      return ALLOWED;
    case 'follow':
      return question.state === 'open' ? ALLOWED : refuse('settled');
    case 'answer': {
      const answers =
        viewer.userId !== question.askerId &&
        (question.expertIds.includes(viewer.userId) ||
          (question.askedInChannel && isIn(viewer, question.channelId)));
      if (!answers) return refuse(question.state === 'open' ? 'not_yours' : 'settled');
      return question.state === 'open' ? ALLOWED : refuse('settled');
    }
    case 'settle':
      if (viewer.userId !== question.askerId) return refuse('not_yours');
      return question.state === 'draft' ? ALLOWED : refuse('settled');
    case 'withdraw':
      if (viewer.userId !== question.askerId) return refuse('not_yours');
      return question.state === 'draft' || question.state === 'open' ? ALLOWED : refuse('settled');
    case 'release':
      if (viewer.userId !== question.askerId) return refuse('not_yours');
      return question.state === 'open' ? ALLOWED : refuse('settled');
  }
}

/**
 * Whether a question may be put in this person's queue (routed, or passed on to them): not to
 * a guest outside the conversation it was asked in, who could not otherwise see it.
 */
export function mayReceiveQuestion(
  candidate: Viewer,
  question: Pick<QuestionFacts, 'channelId'>,
): boolean {
  return !candidate.isGuest || isIn(candidate, question.channelId);
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

// ---------------------------------------------------------------- decisions

export interface DecisionFacts {
  status: 'proposed' | 'accepted' | 'superseded' | 'reversed';
  /** The conversation it belongs to; null when it is kept for its owners and the people consulted. */
  channelId: string | null;
  /** That conversation is a public channel. */
  inPublic: boolean;
  /** Its owners: whoever logged it, unless they took themselves off, and whoever they named. */
  ownerIds: readonly string[];
  consultedIds: readonly string[];
}

/** A follow-up task of the decision, for `complete_follow_up`. */
export interface FollowUpFacts {
  ownerId: string;
  state: 'open' | 'done' | 'cancelled';
}

/**
 * `agree` / `object` / `comment`: give input; `edit`, `accept`, `supersede`, `reverse`: the
 * owners' acts; `complete_follow_up`: mark one of its follow-up tasks done.
 */
export type DecisionAction =
  | 'see'
  | 'comment'
  | 'agree'
  | 'object'
  | 'edit'
  | 'accept'
  | 'supersede'
  | 'reverse'
  | 'complete_follow_up';

/** Whether the decision's conversation lets this person see it (not counting being named in it). */
function seesDecisionConversation(viewer: Viewer, decision: DecisionFacts): boolean {
  return (
    decision.channelId !== null && seesConversation(viewer, decision.channelId, decision.inPublic)
  );
}

/**
 * See: its owners and the people consulted, and whoever may read the conversation it belongs
 * to (a decision kept for its owners belongs to no conversation). Agree and object: whoever
 * sees it, while it is proposed; comment: while it is proposed or accepted. Edit, supersede and
 * reverse: its owners, while it is proposed or accepted; accept: its owners, while proposed.
 * Complete a follow-up: the follow-up's owner or the decision's, while the follow-up is open.
 */
export function decisionVerdict(
  viewer: Viewer,
  decision: DecisionFacts,
  action: DecisionAction,
  followUp?: FollowUpFacts,
): Verdict {
  const isOwner = decision.ownerIds.includes(viewer.userId);
  const named = isOwner || decision.consultedIds.includes(viewer.userId);
  if (!named && !seesDecisionConversation(viewer, decision)) return refuse('unknown');
  const current = decision.status === 'proposed' || decision.status === 'accepted';
  switch (action) {
    case 'see':
      return ALLOWED;
    case 'agree':
    case 'object':
      return decision.status === 'proposed' ? ALLOWED : refuse('settled');
    case 'comment':
      return current ? ALLOWED : refuse('settled');
    case 'edit':
    case 'supersede':
    case 'reverse':
      if (!isOwner) return refuse('not_yours');
      return current ? ALLOWED : refuse('settled');
    case 'accept':
      if (!isOwner) return refuse('not_yours');
      return decision.status === 'proposed' ? ALLOWED : refuse('settled');
    case 'complete_follow_up':
      if (!followUp) return refuse('unknown');
      if (viewer.userId !== followUp.ownerId && !isOwner) return refuse('not_yours');
      return followUp.state === 'open' ? ALLOWED : refuse('settled');
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

// ---------------------------------------------------------------- meetings

export interface MeetingFacts {
  requesterId: string;
  /** Everyone taking part, the requester included. */
  participantIds: readonly string[];
  state: MeetingState;
  /** The channel a big group's poll was posted in, if any. */
  pollChannelId: string | null;
}

/**
 * `vote`: works / could do / can't on a slot. `switch_kind`, `edit` (the agenda and outcome)
 * and `send` (out for votes) shape the proposal before anyone is asked; `confirm` picks the
 * slot; `cancel` calls it off.
 */
export type MeetingAction = 'see' | 'vote' | 'switch_kind' | 'edit' | 'send' | 'confirm' | 'cancel';

const MEETING_ACTIONABLE: Record<
  Exclude<MeetingAction, 'see' | 'vote'>,
  readonly MeetingState[]
> = {
  switch_kind: ['draft'],
  edit: ['draft'],
  send: ['draft'],
  confirm: ['voting', 'closed'],
  cancel: ['draft', 'voting', 'closed', 'confirmed'],
};

/**
 * A meeting is for the people in it: its requester and participants see it, and so do the
 * members of the channel its poll was posted in. Only participants other than the requester
 * vote, and only while the vote is open; everything else is the requester's.
 */
export function meetingVerdict(
  viewer: Viewer,
  meeting: MeetingFacts,
  action: MeetingAction,
): Verdict {
  const isRequester = viewer.userId === meeting.requesterId;
  const isParticipant = meeting.participantIds.includes(viewer.userId);
  if (!isRequester && !isParticipant && !isIn(viewer, meeting.pollChannelId)) {
    return refuse('unknown');
  }
  if (action === 'see') return ALLOWED;
  if (action === 'vote') {
    if (isRequester || !isParticipant) return refuse('not_yours');
    return meeting.state === 'voting' ? ALLOWED : refuse('settled');
  }
  if (!isRequester) return refuse('not_yours');
  return MEETING_ACTIONABLE[action].includes(meeting.state) ? ALLOWED : refuse('settled');
}

// ---------------------------------------------------------------- standups

export interface StandupFacts {
  ownerId: string;
  channelId: string;
  /** A public channel: its standup is for the whole team to see (guests excepted). */
  channelIsPublic: boolean;
  deleted: boolean;
}

/**
 * `setup`: start a new standup in the channel. `see`: its settings and answers (history).
 * `edit`, `pause` (and resume), `delete`: run it. `answer`: answer (or edit, or skip) a prompt.
 * `resolve_blocker`: mark a blocker resolved, or say "Not me".
 */
export type StandupAction =
  | 'setup'
  | 'see'
  | 'edit'
  | 'pause'
  | 'delete'
  | 'answer'
  | 'resolve_blocker';

export interface StandupSubject {
  standup: StandupFacts;
  /**
   * Workspace admins (Slack's admins and owners, and MAILROOM_ADMINS) are the admins of every
   * channel they may see: Slack has no channel admins of its own outside Enterprise Grid.
   */
  viewerIsAdmin: boolean;
  /** For `answer`: whose prompt it is, and whether its day is still open for answers. */
  prompt?: { memberId: string; open: boolean };
  /** For `resolve_blocker`: who holds the blocker now, and whether it is still open. */
  blocker?: { recipientId: string; open: boolean };
}

/**
 * A standup is for the people who may see its channel. Setting one up: a full member in the
 * channel. Running it (edit, pause, resume, delete): its owner, and the channel's admins. A
 * prompt is answered by the member it was sent to, while its day is open; a blocker is
 * resolved by the person who holds it. Someone else's prompt or blocker is, to them, unknown.
 */
export function standupVerdict(
  viewer: Viewer,
  subject: StandupSubject,
  action: StandupAction,
): Verdict {
  const { standup } = subject;
  if (action === 'setup') {
    return isIn(viewer, standup.channelId) && !viewer.isGuest ? ALLOWED : refuse('not_yours');
  }
  if (standup.deleted || !seesConversation(viewer, standup.channelId, standup.channelIsPublic)) {
    return refuse('unknown');
  }
  switch (action) {
    case 'see':
      return ALLOWED;
    case 'edit':
    case 'pause':
    case 'delete':
      return viewer.userId === standup.ownerId || (subject.viewerIsAdmin && !viewer.isGuest)
        ? ALLOWED
        : refuse('not_yours');
    case 'answer': {
      const prompt = subject.prompt;
      if (!prompt || prompt.memberId !== viewer.userId) return refuse('unknown');
      return prompt.open ? ALLOWED : refuse('settled');
    }
    case 'resolve_blocker': {
      const blocker = subject.blocker;
      if (!blocker || blocker.recipientId !== viewer.userId) return refuse('unknown');
      return blocker.open ? ALLOWED : refuse('settled');
    }
  }
}
