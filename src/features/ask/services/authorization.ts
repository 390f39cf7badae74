import type { QueueItemAction, Refusal, Viewer } from '../../../core/domain/authorization.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import { questionItemPrefix } from '../../../core/domain/routing.js';
import {
  authorized,
  type FactsContext,
  ownItem,
  type ViewerContext,
  viewerOf,
} from '../../../core/services/authorization.js';
import type { AskContext } from '../context.js';
import {
  mayReceiveQuestion,
  type QuestionAction,
  type QuestionFacts,
  questionVerdict,
} from '../domain/authorization.js';
import type { Question, QuestionRepository } from '../store/question-repository.js';

/**
 * The question rule of domain/authorization.ts with its facts looked up, on the kernel of
 * core/services/authorization.ts: every use case that names a question, or a question in
 * someone's queue, goes through `authorizeQuestion` or `authorizeQueueItem`.
 */

/**
 * Whether a question (and so its answer) is for the whole team: asked in a public channel or
 * in Mailroom's own DM. One asked in a private channel, a group DM or a conversation Mailroom
 * cannot see stays with that conversation's members.
 */
export function isAskedInPublic(
  ctx: Pick<AskContext, 'channels'>,
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

function openQuestionItems(ctx: Pick<AskContext, 'queue'>, questionId: number): QueueItem[] {
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

/** The question, if `userId` may do `action` with it; otherwise a refusal that reveals nothing. */
export function authorizeQuestion(
  ctx: FactsContext & { questions: QuestionRepository },
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
 * A question item in `userId`'s own queue that still takes `action`, with its question (which
 * must still be open).
 */
export function authorizeQueueItem(
  ctx: FactsContext & { questions: QuestionRepository },
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

/** Whether the question may be put in this person's queue. */
export function mayReceive(
  ctx: ViewerContext,
  candidateId: string,
  question: Pick<Question, 'channelId'>,
): boolean {
  return mayReceiveQuestion(viewerOf(ctx, candidateId), question);
}
