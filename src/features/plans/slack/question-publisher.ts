import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { parsePayload, type QueueItem } from '../../../core/domain/queue.js';
import { purposeOf } from '../../../core/services/posts.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import { permalinkOf } from '../../../core/slack/conversations.js';
import { errorLine } from '../../../core/slack/failures.js';
import type { Message } from '../../../core/slack/views/blocks.js';
import type { ItemDescription } from '../../../core/slack/views/queue-item-message.js';
import type { PlansContext } from '../context.js';
import { type AnsweredQuestion, planQuestionKey, questionOf } from '../services/questions.js';
import { intoThread, refreshPlan } from './publisher.js';
import {
  answeredNoticeText,
  answerPost,
  QUESTION_ACTIONS,
  questionMessage,
  questionSummary,
} from './views/questions.js';

type QuestionKind = 'plan_question' | 'plan_question_reminder';

const isQuestionKind = (kind: QueueItem['kind']): kind is QuestionKind =>
  kind === 'plan_question' || kind === 'plan_question_reminder';

function questionOfItem(ctx: PlansContext, item: QueueItem & { kind: QuestionKind }) {
  const { planQuestionId } = parsePayload(item.kind, item.payload);
  const found = questionOf(ctx, planQuestionId);
  if (!found) throw new Error(`queue item ${item.id} names a missing plan question`);
  return found;
}

/** The DM of a question to an expert, or of its reminder. */
export function renderQuestionItem(ctx: PlansContext, item: QueueItem): Message {
  if (!isQuestionKind(item.kind)) throw new Error(`not a plan question: ${item.kind}`);
  const { plan, question } = questionOfItem(ctx, { ...item, kind: item.kind });
  return questionMessage(plan, question, item.kind === 'plan_question_reminder');
}

/** The Home tab's line for a question to an expert; undefined for other kinds. */
export function describeQuestionItem(
  ctx: PlansContext,
  item: QueueItem,
): ItemDescription | undefined {
  if (!isQuestionKind(item.kind)) return undefined;
  const found = questionOf(ctx, parsePayload(item.kind, item.payload).planQuestionId);
  if (!found) return { label: 'Question for a plan', summary: '' };
  return {
    label: item.kind === 'plan_question' ? 'Question for a plan' : 'Reminder: question for a plan',
    summary: questionSummary(found.plan, found.question),
    actions: [
      { text: 'Answer', actionId: QUESTION_ACTIONS.answer, value: String(found.question.id) },
    ],
  };
}

/** The answer goes into the how's thread, once, and the plan's owner is told in their hours. */
export function publishAnswer(ctx: PlansContext, answered: AnsweredQuestion): void {
  const { plan, stage, question } = answered;
  intoThread(ctx, plan, stage, `question:${question.id}:answer`, answerPost(question), {
    kind: 'plan_question_answer',
    planQuestionId: question.id,
  });
  if (!ctx.members.get(plan.ownerId)) return;
  enqueueForRecipient(ctx, {
    kind: 'notice',
    recipientId: plan.ownerId,
    requesterId: question.expertId,
    channelId: plan.channelId,
    payload: { text: answeredNoticeText(plan, question), quote: question.answerText ?? '' },
    idempotencyKey: `${planQuestionKey(question.id)}owner`,
  });
}

const answerPurpose = z.object({
  kind: z.literal('plan_question_answer'),
  planQuestionId: z.number(),
});

/** The answer is in the how's thread: its link is kept, and the how's message shows it. */
export function onAnswerPosted(
  client: WebClient,
  ctx: PlansContext,
  item: QueueItem,
  posted: { channel: string; ts: string },
): void {
  const purpose = purposeOf(answerPurpose, item);
  if (!purpose) return;
  ctx.work.start(
    "looking up an answer's permalink",
    permalinkOf(client, posted.channel, posted.ts)
      .then(async (permalink) => {
        if (!permalink) return;
        const found = questionOf(ctx, purpose.planQuestionId);
        if (!found) return;
        ctx.planQuestions.update(
          found.question.id,
          ['answered'],
          { answerLink: permalink },
          ctx.clock(),
        );
        await refreshPlan(client, ctx, found.plan.id, [found.stage.id]);
      })
      .catch((error: unknown) => {
        ctx.logger.warn(`no permalink for a plan question's answer: ${errorLine(error)}`);
      }),
  );
}
