import type { QueueItem } from '../../../core/domain/queue.js';
import { questionItemPrefix } from '../../../core/domain/routing.js';
import { viewerOf } from '../../../core/services/authorization.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import type { KnowledgeDocument } from '../../../core/store/knowledge-repository.js';
import type { AskContext } from '../context.js';
import type { Question } from '../store/question-repository.js';
import { authorizeQuestion, isAskedInPublic, mayOnQuestion } from './authorization.js';
import type { QuestionNotifier } from './ports.js';
import { keepWordings } from './settle.js';

export const MAX_ANSWER_CHARS = 3000;

/**
 * An expert's answer: it goes to the asker and every follower who may still see the question
 * (in their working hours) and into the knowledge base, so the same question is answered from
 * the docs next time. Only the expert the question is with, or once it was put to its channel a
 * member of that channel, may answer.
 */
export function answerQuestion(
  ctx: AskContext,
  input: { questionId: number; expertId: string; text: string },
): { question: Question; document: KnowledgeDocument; notified: string[]; toClose: QueueItem[] } {
  const question = authorizeQuestion(ctx, input.expertId, input.questionId, 'answer');
  const text = input.text.trim();
  if (text === '') throw new UserFacingError('The answer is empty.');
  if (text.length > MAX_ANSWER_CHARS) {
    throw new UserFacingError(`Answers can be up to ${MAX_ANSWER_CHARS} characters.`);
  }
  const now = ctx.clock();
  const { document } = ctx.knowledge.upsert(
    {
      title: question.text.length > 200 ? `${question.text.slice(0, 199)}…` : question.text,
      body: `${text}\n\n(Question: ${question.text})`,
      source: 'answer',
      sourceKey: `answer:${question.id}`,
      authorId: input.expertId,
      channelId: question.channelId,
      visibility: isAskedInPublic(ctx, question) ? 'public' : 'channel',
    },
    now,
  );
  const answered = ctx.questions.update(question.id, ['open'], {
    state: 'answered',
    answerText: text,
    answeredBy: input.expertId,
    answeredAt: now,
    documentId: document.id,
    updatedAt: now,
  });
  if (!answered) throw new UserFacingError('Someone answered that question a moment ago.');
  keepWordings(ctx, answered, document, now);

  // An item being posted right now is left to the worker; the tick closes it once it is delivered.
  const toClose: QueueItem[] = [];
  for (const item of ctx.queue.openWithKeyPrefix(questionItemPrefix(question.id))) {
    if (item.state === 'sending' || !ctx.queue.transition(item, 'done', now)) continue;
    if (item.deliveredTs) toClose.push(item);
  }
  const notified: string[] = [];
  for (const follower of ctx.questions.followers(question.id)) {
    if (follower.userId === input.expertId || !ctx.members.get(follower.userId)) continue;
    // Someone who left the conversation since they followed no longer gets what is said there.
    if (!mayOnQuestion(ctx, viewerOf(ctx, follower.userId), answered, 'see')) continue;
    enqueueForRecipient(ctx, {
      kind: 'answer',
      recipientId: follower.userId,
      requesterId: input.expertId,
      channelId: follower.channelId,
      payload: { questionId: question.id },
      idempotencyKey: `answer:${question.id}:${follower.userId}`,
    });
    notified.push(follower.userId);
  }
  return { question: answered, document, notified, toClose };
}

/**
 * The answer to a question asked in a thread (an @mention, "Ask Mailroom") goes back into that
 * thread too. When Slack refuses (Mailroom was removed, the channel archived or deleted), only
 * the thread misses it: the asker and the followers get their DMs from the queue all the same.
 */
export function shareAnswerInThread(
  ctx: Pick<AskContext, 'logger'>,
  notifier: QuestionNotifier,
  question: Question,
): boolean {
  if (question.state !== 'answered' || !question.channelId || !question.threadTs) return false;
  try {
    return notifier.answerInThread?.(question) ?? false;
  } catch (error) {
    ctx.logger.warn(`could not post the answer to question ${question.id} in its thread`, error);
    return false;
  }
}
