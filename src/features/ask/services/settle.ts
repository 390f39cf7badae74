/**
 * What the asker does with their question once they saw the closest docs: "This answers it",
 * "Ask now" after a hold, or "Follow that question" instead of asking it again.
 */

import { awayOf } from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import { questionItemPrefix } from '../../../core/domain/routing.js';
import {
  authorizeDocument,
  documentFactsOf,
  maySeeDocument,
} from '../../../core/services/authorization.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { recordConfirmation } from '../../../core/services/knowledge.js';
import { enqueueForRecipient, releaseHold } from '../../../core/services/queue.js';
import type { KnowledgeDocument } from '../../../core/store/knowledge-repository.js';
import type { AskContext } from '../context.js';
import type { QuestionAction } from '../domain/authorization.js';
import type { Question } from '../store/question-repository.js';
import type { AskOutcome } from './ask.js';
import { authorizeQuestion, isAskedInPublic } from './authorization.js';
import { describeRouted } from './route.js';

export type Confirmed = {
  question: Question;
  title: string;
  /**
   * `draft`: nobody had been asked. `withdrawn`: the question was held or waiting in the
   * expert's queue and was taken back before they saw it. `settled`: it had reached the expert
   * (`expertIds`), whose DMs in `toClose` now say it is settled.
   */
  closed: 'draft' | 'withdrawn' | 'settled';
  expertIds: string[];
  toClose: QueueItem[];
};

/**
 * "This answers it": the asker's wording becomes an alias of the document and a confirmation
 * that ranks it higher for that wording (learning.ts), and their question
 * is answered by it. A question already routed is withdrawn from the expert's queue before they
 * see it (the queue's compare-and-set transitions decide a race with the delivery worker), or,
 * once they have it, closed for them too. Followers who may read the document are told.
 */
export function confirmAnswer(
  ctx: AskContext,
  input: { questionId: number; documentId: number; userId: string },
): Confirmed {
  const { question, now } = askersAct(ctx, input, 'withdraw');
  const document = authorizeDocument(ctx, input.userId, input.documentId, 'confirm');
  const answered = ctx.questions.update(question.id, ['draft', 'open'], {
    state: 'answered',
    documentId: document.id,
    answeredAt: now,
    updatedAt: now,
  });
  if (!answered) throw new UserFacingError('That question was answered a moment ago.');
  keepWordings(ctx, answered, document, now);
  recordConfirmation(
    ctx.knowledge,
    { text: question.text, documentId: document.id, memberId: input.userId },
    now,
  );
  if (question.state === 'draft') {
    return {
      question: answered,
      title: document.title,
      closed: 'draft',
      expertIds: [],
      toClose: [],
    };
  }
  const toClose: QueueItem[] = [];
  const reached = new Set<string>();
  for (const item of ctx.queue.openWithKeyPrefix(questionItemPrefix(question.id))) {
    if (item.kind !== 'question') continue;
    const seen = item.deliveredTs !== null;
    // A claimed item is being posted now: the expert gets it, and the tick closes it later.
    const closed =
      item.state !== 'sending' &&
      ctx.queue.transition(item, seen ? 'done' : 'skipped', now, {
        lastError: 'withdrawn: a document answered it',
      });
    if (closed && !seen) continue;
    reached.add(item.recipientId);
    if (closed && seen) toClose.push(closed);
  }
  tellFollowers(ctx, answered, document);
  return {
    question: answered,
    title: document.title,
    closed: reached.size === 0 ? 'withdrawn' : 'settled',
    expertIds: [...reached],
    toClose,
  };
}

/**
 * The document that answers a question (the expert's answer, titled by it, or the one the asker
 * chose) is found through the asker's whole wording and each follower's own question too, as
 * aliases. A follower's wording asked in another conversation that is not public stays out of it.
 */
export function keepWordings(
  ctx: AskContext,
  question: Question,
  document: KnowledgeDocument,
  now: number,
): void {
  ctx.knowledge.addAlias(document.id, question.text, question.askerId, now);
  for (const follower of ctx.questions.followers(question.id)) {
    if (follower.draftQuestionId === null) continue;
    const draft = ctx.questions.get(follower.draftQuestionId);
    if (!draft || draft.askerId !== follower.userId) continue;
    if (draft.channelId !== question.channelId && !isAskedInPublic(ctx, draft)) continue;
    ctx.knowledge.addAlias(document.id, draft.text, follower.userId, now);
  }
}

/** Those who followed a question the asker closed with a document, if they may read it. */
function tellFollowers(ctx: AskContext, question: Question, document: KnowledgeDocument): void {
  const facts = documentFactsOf(ctx, document);
  for (const follower of ctx.questions.followers(question.id)) {
    if (follower.userId === question.askerId || !ctx.members.get(follower.userId)) continue;
    if (!maySeeDocument(ctx, follower.userId, facts)) continue;
    enqueueForRecipient(ctx, {
      kind: 'notice',
      recipientId: follower.userId,
      payload: {
        text: 'The question you followed was answered from the team’s docs. Ask it again with `/ask` to see the document.',
        quote: question.text,
      },
      idempotencyKey: `answered-by-doc:${question.id}:${follower.userId}`,
    });
  }
}

/**
 * "Ask now": the asker's held question goes to the expert at once (in their working hours)
 * instead of after the hold.
 */
export function releaseQuestion(
  ctx: AskContext,
  input: { questionId: number; userId: string },
): AskOutcome {
  const { question, now } = askersAct(ctx, input, 'release');
  const held = ctx.queue
    .openWithKeyPrefix(questionItemPrefix(question.id))
    .find(
      (item) => item.kind === 'question' && item.state === 'queued' && (item.notBefore ?? 0) > now,
    );
  const released = held && releaseHold(ctx, held, ctx.settings.questionDueMs);
  if (!released) {
    throw new UserFacingError(
      'Your question has already gone to a person; you will get the answer in a DM.',
    );
  }
  const step = question.route[question.routeIndex];
  const expert = ctx.members.get(released.recipientId);
  if (!step || !expert) throw new Error(`question ${question.id} has no current route step`);
  return {
    kind: 'routed',
    question,
    routed: describeRouted(ctx, expert, step.reason, released, awayOf(expert, now)),
    hits: [],
    released: true,
  };
}

/**
 * "Follow that question": the asker of the draft is told the answer when the earlier question
 * gets one, if they may see that question at all.
 */
export function followQuestion(
  ctx: AskContext,
  input: { questionId: number; existingId: number; userId: string },
): Question {
  const { question: draft, now } = askersAct(ctx, input, 'settle');
  const existing = authorizeQuestion(ctx, input.userId, input.existingId, 'follow');
  ctx.questions.addFollower(
    existing.id,
    { userId: input.userId, channelId: draft.channelId, draftQuestionId: draft.id },
    now,
  );
  ctx.questions.update(draft.id, ['draft'], { state: 'cancelled', updatedAt: now });
  return existing;
}

/** The question the asker acts on, once they may (`action`), and the moment they do. */
function askersAct(
  ctx: AskContext,
  input: { questionId: number; userId: string },
  action: QuestionAction,
): { question: Question; now: number } {
  const question = authorizeQuestion(ctx, input.userId, input.questionId, action);
  return { question, now: ctx.clock() };
}
