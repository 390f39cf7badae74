import type { AskContext } from '../../features/ask/context.js';
import type { Question } from '../../features/ask/store/question-repository.js';
import type { DecisionsContext } from '../../features/decisions/context.js';
import type { Decision, FollowUp } from '../../features/decisions/store/decision-repository.js';
import type { MeetingsContext } from '../../features/meetings/context.js';
import type { Meeting } from '../../features/meetings/domain/meetings.js';
import {
  type DecisionAction,
  type DecisionFacts,
  type DocumentAction,
  type DocumentFacts,
  decisionVerdict,
  documentVerdict,
  type MeetingAction,
  mayReceiveQuestion,
  mayTakePartIn,
  meetingVerdict,
  type QuestionAction,
  type QuestionFacts,
  type QueueItemAction,
  questionVerdict,
  queueItemVerdict,
  type Refusal,
  seesConversation,
  type Verdict,
  type Viewer,
} from '../domain/authorization.js';
import type { QueueItem } from '../domain/queue.js';
import { questionItemPrefix } from '../domain/routing.js';
import type { KnowledgeDocument } from '../store/knowledge-repository.js';
import type { ServiceContext } from './context.js';
import { UserFacingError } from './errors.js';

/**
 * The authorization rules of domain/authorization.ts with their facts looked up. The facts
 * about conversations come from Slack only (see the rule at the top of domain/authorization.ts):
 * a conversation id a payload names is checked against Slack's member list before it gets here. Every use case
 * that acts on an object named by a request goes through one of the `authorize…` functions, so
 * a forged id is refused the same way whichever listener it came through. Refusals are
 * UserFacingErrors that say nothing about the object (not its text, not who asked it).
 */

type ViewerContext = Pick<ServiceContext, 'members' | 'channels'>;
type FactsContext = Pick<ServiceContext, 'members' | 'channels' | 'queue'>;

/** The person as the rules see them; someone the directory does not know counts as a guest. */
export function viewerOf(ctx: ViewerContext, userId: string): Viewer {
  const member = ctx.members.get(userId);
  return {
    userId,
    isGuest: !member || member.isGuest || member.deleted,
    visibleChannelIds: ctx.channels.channelsOf(userId),
  };
}

/**
 * Everyone in a conversation at once, as one viewer: what Mailroom says there for all to read
 * (an @mention answered in its thread) may show only what every member may see. Through the
 * same rules as a person (documentVerdict and the search SQL), that is documents of this very
 * conversation, and public ones too when no member is a guest. `memberIds` is who is in it,
 * or null when Slack would not say: then it counts as having a guest. Someone the directory
 * does not know (a person from another organisation, say) counts as a guest. No document kept
 * for named people is shown, and nothing from any one member's own channels or DMs.
 */
export function conversationViewerOf(
  ctx: ViewerContext,
  channelId: string,
  memberIds: readonly string[] | null,
): Viewer {
  // A deactivated account reads nothing, so it does not narrow what the others may see.
  const isGuest = (memberId: string) => {
    const member = ctx.members.get(memberId);
    return !member || (member.isGuest && !member.deleted);
  };
  const hasGuest = memberIds === null || memberIds.some(isGuest);
  return {
    userId: `conversation:${channelId}`,
    isGuest: hasGuest,
    visibleChannelIds: [channelId],
  };
}

/**
 * Whether a question (and so its answer) is for the whole team: asked in a public channel or
 * in Mailroom's own DM. One asked in a private channel, a group DM or a conversation Mailroom
 * cannot see stays with that conversation's members.
 */
export function isAskedInPublic(
  ctx: Pick<ServiceContext, 'channels'>,
  question: Pick<Question, 'channelId'>,
): boolean {
  if (!question.channelId) return true;
  const channel = ctx.channels.get(question.channelId);
  if (!channel) return false;
  return channel.isIm || !channel.isPrivate;
}

export function questionFactsOf(ctx: FactsContext, question: Question): QuestionFacts {
  const items = question.state === 'open' ? openQuestionItems(ctx, question.id) : [];
  return {
    askerId: question.askerId,
    state: question.state,
    channelId: question.channelId,
    askedInPublic: isAskedInPublic(ctx, question),
    askedInChannel: question.askedInChannelAt !== null,
    expertIds: items.map((item) => item.recipientId),
  };
}

function openQuestionItems(ctx: Pick<ServiceContext, 'queue'>, questionId: number): QueueItem[] {
  return ctx.queue
    .openWithKeyPrefix(questionItemPrefix(questionId))
    .filter((item) => item.kind === 'question');
}

/** For filtering many questions at once (duplicates, followers), with the viewer looked up once. */
export function mayOnQuestion(
  ctx: FactsContext,
  viewer: Viewer,
  question: Question,
  action: QuestionAction,
): boolean {
  return questionVerdict(viewer, questionFactsOf(ctx, question), action).allowed;
}

/**
 * The object a request names, when its rule allows the action; otherwise a UserFacingError in
 * the words `refusal` chooses. A missing object is refused as `unknown`, exactly like one the
 * person may not see, so a refusal never tells the two apart.
 */
function authorized<T>(
  found: T | undefined,
  verdictOf: (found: T) => Verdict,
  refusal: (refusal: Refusal, found: T | undefined) => string,
): T {
  const verdict: Verdict = found ? verdictOf(found) : { allowed: false, refusal: 'unknown' };
  if (verdict.allowed && found) return found;
  throw new UserFacingError(refusal(verdict.allowed ? 'unknown' : verdict.refusal, found));
}

/** The question, if `userId` may do `action` with it; otherwise a refusal that reveals nothing. */
export function authorizeQuestion(
  ctx: FactsContext & Pick<AskContext, 'questions'>,
  userId: string,
  questionId: number,
  action: QuestionAction,
): Question {
  return authorized(
    ctx.questions.get(questionId),
    (question) => questionVerdict(viewerOf(ctx, userId), questionFactsOf(ctx, question), action),
    (refusal, question) => questionRefusal(action, refusal, question),
  );
}

const NO_SUCH_QUESTION = 'I can’t find that question any more.';
const NO_SUCH_DRAFT = 'I can’t find that question. Please ask again with `/ask`.';

function questionRefusal(
  action: QuestionAction,
  refusal: Refusal,
  question: Question | undefined,
): string {
  if (refusal === 'unknown' || !question)
    return action === 'settle' || action === 'withdraw' || action === 'release'
      ? NO_SUCH_DRAFT
      : NO_SUCH_QUESTION;
  switch (action) {
    case 'withdraw':
    case 'release':
      if (refusal === 'not_yours') return NO_SUCH_DRAFT;
      return question.state === 'answered'
        ? 'That question is already answered.'
        : 'That question is already closed.';
    case 'settle':
      if (refusal === 'not_yours') return NO_SUCH_DRAFT;
      return question.state === 'open'
        ? 'That question is already with a person; you will get the answer in a DM.'
        : 'That question is already settled.';
    case 'answer':
      if (refusal === 'not_yours') {
        return 'That question isn’t yours to answer: it is with someone else.';
      }
      return question.state === 'answered'
        ? 'That question has already been answered. Thank you!'
        : 'That question is closed.';
    case 'follow':
      return 'That question was answered or closed in the meantime. Try `/ask` again: the answer may be in the docs now.';
    case 'see':
      return NO_SUCH_QUESTION;
  }
}

/**
 * The queue item, if `userId` may take `action` on it; otherwise a refusal that names no more
 * than `noun` ("that", "that question").
 */
function ownItem(
  ctx: FactsContext,
  userId: string,
  itemId: number,
  action: Exclude<QueueItemAction, 'see'>,
  noun: string,
): QueueItem {
  return authorized(
    ctx.queue.get(itemId),
    (item) => queueItemVerdict(viewerOf(ctx, userId), item, action),
    (refusal) =>
      refusal === 'settled'
        ? `${noun.charAt(0).toUpperCase()}${noun.slice(1)} is no longer in your queue.`
        : `I can’t find ${noun} in your queue.`,
  );
}

/** An item of any kind in `userId`'s own queue that still takes `action` (snooze, done). */
export function authorizeOwnItem(
  ctx: FactsContext,
  userId: string,
  itemId: number,
  action: 'snooze' | 'done',
): QueueItem {
  return ownItem(ctx, userId, itemId, action, 'that');
}

/**
 * A question item in `userId`'s own queue that still takes `action`, with its question (which
 * must still be open).
 */
export function authorizeQueueItem(
  ctx: FactsContext & Pick<AskContext, 'questions'>,
  userId: string,
  itemId: number,
  action: Exclude<QueueItemAction, 'see'>,
): { item: QueueItem; question: Question } {
  const item = ownItem(ctx, userId, itemId, action, 'that question');
  const questionId = item.payload.questionId;
  const question = authorizeQuestion(
    ctx,
    userId,
    typeof questionId === 'number' ? questionId : Number.NaN,
    'answer',
  );
  return { item, question };
}

/** The document, if `userId` may see it; otherwise the same answer as for a missing one. */
export function authorizeDocument(
  ctx: ViewerContext & Pick<ServiceContext, 'knowledge'>,
  userId: string,
  documentId: number,
  action: DocumentAction,
): KnowledgeDocument {
  const document = ctx.knowledge.get(documentId);
  if (
    !document ||
    !documentVerdict(viewerOf(ctx, userId), documentFactsOf(ctx, document), action).allowed
  ) {
    throw new UserFacingError('I can’t find that document; it may have been removed.');
  }
  return document;
}

/** A document as its rule sees it: who may read it, when it is for named people. */
export function documentFactsOf(
  ctx: Pick<ServiceContext, 'knowledge'>,
  document: KnowledgeDocument,
): DocumentFacts {
  return {
    visibility: document.visibility,
    channelId: document.channelId,
    readerIds: document.visibility === 'people' ? ctx.knowledge.readersOf(document.id) : [],
  };
}

/** Whether `userId` may see a document with these facts (one not written yet, say). */
export function maySeeDocument(ctx: ViewerContext, userId: string, facts: DocumentFacts): boolean {
  return documentVerdict(viewerOf(ctx, userId), facts, 'see').allowed;
}

/** Whether `userId` may see what comes from the conversation (listed as a topic, say). */
export function maySeeConversation(ctx: ViewerContext, userId: string, channelId: string): boolean {
  const channel = ctx.channels.get(channelId);
  const isPublic = channel !== undefined && !channel.isPrivate && !channel.isIm;
  return seesConversation(viewerOf(ctx, userId), channelId, isPublic);
}

/** Whether the question may be put in this person's queue. */
export function mayReceive(
  ctx: ViewerContext,
  candidateId: string,
  question: Pick<Question, 'channelId'>,
): boolean {
  return mayReceiveQuestion(viewerOf(ctx, candidateId), question);
}

/** Slack admins and owners, and the people named in MAILROOM_ADMINS: they change team settings. */
export function isTeamAdmin(ctx: Pick<ServiceContext, 'members' | 'settings'>, userId: string) {
  const member = ctx.members.get(userId);
  return Boolean(member?.isAdmin && !member.deleted) || ctx.settings.admins.includes(userId);
}

/** Refuses anyone but a team admin, saying what only admins may do (`purpose`). */
export function requireAdmin(
  ctx: Pick<ServiceContext, 'members' | 'settings'>,
  userId: string,
  purpose: string,
): void {
  if (isTeamAdmin(ctx, userId)) return;
  throw new UserFacingError(
    `Only workspace admins (or people listed in MAILROOM_ADMINS) can ${purpose}.`,
  );
}

// ---------------------------------------------------------------- decisions

/** Whether the conversation is a public channel, as far as Mailroom knows. */
function isPublicChannel(ctx: Pick<ServiceContext, 'channels'>, channelId: string | null): boolean {
  if (channelId === null) return false;
  const channel = ctx.channels.get(channelId);
  return channel !== undefined && !channel.isPrivate && !channel.isIm;
}

export function decisionFactsOf(
  ctx: Pick<ServiceContext, 'channels'>,
  decision: Pick<Decision, 'status' | 'channelId' | 'ownerIds' | 'consultedIds'>,
): DecisionFacts {
  return {
    status: decision.status,
    channelId: decision.channelId,
    inPublic: isPublicChannel(ctx, decision.channelId),
    ownerIds: decision.ownerIds,
    consultedIds: decision.consultedIds,
  };
}

/** For filtering many decisions at once (a list, search hits), with the viewer looked up once. */
export function mayOnDecision(
  ctx: Pick<ServiceContext, 'channels'>,
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
  ctx: ViewerContext & Pick<DecisionsContext, 'decisions'>,
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
  supersede: 'Only the decision’s owners can supersede it.',
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

/**
 * The meeting, if `userId` may do `action` with it; otherwise a refusal that says nothing about
 * it (not its topic, not who is in it).
 */
export function authorizeMeeting(
  ctx: ViewerContext & Pick<MeetingsContext, 'meetings'>,
  userId: string,
  meetingId: number,
  action: MeetingAction,
): Meeting {
  return authorized(
    ctx.meetings.get(meetingId),
    (meeting) => meetingVerdict(viewerOf(ctx, userId), meeting, action),
    (refusal, meeting) => meetingRefusal(action, refusal, meeting, userId),
  );
}

function meetingRefusal(
  action: MeetingAction,
  refusal: Refusal,
  meeting: Meeting | undefined,
  userId: string,
): string {
  if (refusal === 'unknown' || !meeting) return 'I can’t find that meeting.';
  if (refusal === 'not_yours') {
    if (action !== 'vote') return 'Only the person who proposed this meeting can do that.';
    return meeting.requesterId === userId
      ? 'You proposed this meeting: the others vote, and you pick the time once their votes are in.'
      : 'This vote is for the people invited to the meeting.';
  }
  const over =
    meeting.state === 'cancelled'
      ? 'That meeting was called off.'
      : meeting.state === 'expired'
        ? 'Every time proposed for that meeting has passed.'
        : undefined;
  switch (action) {
    case 'vote':
      return over ?? 'The vote on this meeting has closed.';
    case 'confirm':
      return over ?? 'That meeting is already confirmed.';
    case 'cancel':
      return over ?? 'That meeting is already over.';
    default:
      return over ?? 'That meeting was already sent out for votes.';
  }
}
