import type { WebClient } from '@slack/web-api';
import type { QueueItem } from '../../../core/domain/queue.js';
import { enqueuePost } from '../../../core/services/posts.js';
import { slackErrorCode } from '../../../core/slack/slack-errors.js';
import type { AskContext } from '../context.js';
import type { QuestionNotifier } from '../services/ports.js';
import type { Question } from '../store/question-repository.js';
import { threadAnswerMessage } from './views/ask-places.js';
import { slackNames } from './views/names.js';
import { channelQuestionMessage, closedQuestionMessage, reminderText } from './views/question.js';

/**
 * The question flow's Slack side: reminders in the DM thread, asking a channel and answers in
 * threads are queued posts (the delivery worker sends each exactly once); closing a DM is an
 * update, which may simply be made again.
 */
export function slackQuestionNotifier(
  client: WebClient,
  ctx: Pick<AskContext, 'queue' | 'clock' | 'logger'>,
): QuestionNotifier {
  return {
    names: slackNames,

    remind(item: QueueItem, question: Question) {
      if (!item.deliveredChannel || !item.deliveredTs) return;
      enqueuePost(ctx, {
        channelId: item.deliveredChannel,
        threadTs: item.deliveredTs,
        message: { text: reminderText(question) },
        key: `reminder:${item.id}`,
      });
    },

    async closeDelivered(item: QueueItem, note: string) {
      if (!item.deliveredChannel || !item.deliveredTs) return;
      try {
        await client.chat.update({
          channel: item.deliveredChannel,
          ts: item.deliveredTs,
          ...closedQuestionMessage(item, note),
        });
      } catch (error) {
        // The DM may have been deleted; the queue is already right, so this is only cosmetic.
        ctx.logger.warn(
          `could not update the DM of queue item ${item.id}: ${slackErrorCode(error) ?? error}`,
        );
      }
    },

    askChannel(question: Question) {
      if (!question.channelId || /^D/.test(question.channelId)) return false;
      enqueuePost(ctx, {
        channelId: question.channelId,
        // A question asked in a thread is put to the people in that thread.
        threadTs: question.threadTs,
        message: channelQuestionMessage(question),
        key: `ask-channel:${question.id}`,
      });
      return true;
    },

    answerInThread(question: Question) {
      if (!question.channelId || !question.threadTs) return false;
      enqueuePost(ctx, {
        channelId: question.channelId,
        threadTs: question.threadTs,
        message: threadAnswerMessage(question),
        key: `thread-answer:${question.id}`,
      });
      return true;
    },
  };
}
