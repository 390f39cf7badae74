import type { QueueItemKind } from '../domain/queue.js';
import { parsePayload } from '../domain/queue.js';
import type { ServiceContext } from '../services/context.js';
import { answerMessage, questionItemMessage } from './views/question.js';
import { type QueueItemRenderer, renderNotice } from './views/queue-item-message.js';

/** How each kind of queue item looks in its recipient's DM. */
export function queueItemRenderers(
  ctx: Pick<ServiceContext, 'questions'>,
): Partial<Record<QueueItemKind, QueueItemRenderer>> {
  return {
    notice: renderNotice,
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
