import type { QueueItemKind } from '../domain/queue.js';
import { parsePayload } from '../domain/queue.js';
import type { ServiceContext } from '../services/context.js';
import { describeStandupItem, standupItemRenderers } from './standups/renderers.js';
import type { DescribeItem } from './views/home.js';
import { escapeMrkdwn, truncate } from './views/mrkdwn.js';
import { answerMessage, QUESTION_ACTIONS, questionItemMessage } from './views/question.js';
import { type QueueItemRenderer, renderNotice } from './views/queue-item-message.js';

/** How each kind of queue item looks in its recipient's DM. */
export function queueItemRenderers(
  ctx: Pick<ServiceContext, 'questions' | 'standups' | 'settings'>,
): Partial<Record<QueueItemKind, QueueItemRenderer>> {
  return {
    ...standupItemRenderers(ctx),
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

/** How each kind of queue item is summed up on the Home tab, in one line, with its own buttons. */
export function homeItemDescriber(
  ctx: Pick<ServiceContext, 'questions' | 'standups' | 'settings'>,
): DescribeItem {
  const oneLine = (text: string, max = 160) =>
    escapeMrkdwn(truncate(text.replace(/\s+/g, ' '), max));
  return (item) => {
    const standup = describeStandupItem(ctx, item);
    if (standup) return standup;
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
      case 'notice': {
        const { text } = parsePayload('notice', item.payload);
        return { label: 'Note', summary: oneLine(text) };
      }
      default: {
        const text = typeof item.payload.text === 'string' ? oneLine(item.payload.text) : '';
        return { label: humanizeKind(item.kind), summary: text || 'no details' };
      }
    }
  };
}

function humanizeKind(kind: string): string {
  const words = kind.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
