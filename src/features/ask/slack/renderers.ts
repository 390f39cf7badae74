import { parsePayload, type QueueItem, type QueueItemKind } from '../../../core/domain/queue.js';
import { oneLine } from '../../../core/slack/views/mrkdwn.js';
import type {
  ItemDescription,
  QueueItemRenderer,
} from '../../../core/slack/views/queue-item-message.js';
import type { AskContext } from '../context.js';
import { answerMessage, QUESTION_ACTIONS, questionItemMessage } from './views/question.js';

type RenderContext = Pick<AskContext, 'questions'>;

/** How questions (to their expert) and answers (to their asker) look in a DM. */
export function askItemRenderers(
  ctx: RenderContext,
): Partial<Record<QueueItemKind, QueueItemRenderer>> {
  return {
    question: questionItemMessage,
    answer: (item) => {
      const { questionId } = parsePayload('answer', item.payload);
      const question = ctx.questions.get(questionId);
      if (!question)
        throw new Error(`answer item ${item.id} names a missing question ${questionId}`);
      return answerMessage(question);
    },
  };
}

/** A question or an answer on the Home tab and in a digest, with the question's own buttons. */
export function describeAskItem(ctx: RenderContext, item: QueueItem): ItemDescription | undefined {
  switch (item.kind) {
    case 'question': {
      const { text } = parsePayload('question', item.payload);
      const id = String(item.id);
      return {
        label: 'Question',
        summary: oneLine(text),
        actions: [
          { text: 'Answer', actionId: QUESTION_ACTIONS.answer, value: id, style: 'primary' },
          { text: 'Reassign', actionId: QUESTION_ACTIONS.reassign, value: id },
        ],
      };
    }
    case 'answer': {
      const { questionId } = parsePayload('answer', item.payload);
      const question = ctx.questions.get(questionId);
      return {
        label: 'Answer to a question you asked',
        summary: question ? oneLine(question.text) : 'an earlier question',
      };
    }
    default:
      return undefined;
  }
}
