import type { WebClient } from '@slack/web-api';
import type { QueueItem } from '../domain/queue.js';
import type { QuestionNotifier } from '../services/answer.js';
import type { Logger } from '../services/ports.js';
import type { Question } from '../store/question-repository.js';
import { slackErrorCode } from './slack-errors.js';
import { threadAnswerMessage } from './views/ask-places.js';
import { channelQuestionMessage, closedQuestionMessage, reminderText } from './views/question.js';

/** The question flow's Slack side: reminders in the DM thread, closing DMs, asking a channel. */
export function slackQuestionNotifier(client: WebClient, logger: Logger): QuestionNotifier {
  return {
    async remind(item: QueueItem, question: Question) {
      if (!item.deliveredChannel || !item.deliveredTs) return;
      await client.chat.postMessage({
        channel: item.deliveredChannel,
        thread_ts: item.deliveredTs,
        text: reminderText(question),
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
        logger.warn(
          `could not update the DM of queue item ${item.id}: ${slackErrorCode(error) ?? error}`,
        );
      }
    },

    async askChannel(question: Question) {
      if (!question.channelId || /^D/.test(question.channelId)) return false;
      try {
        await client.chat.postMessage({
          channel: question.channelId,
          // A question asked in a thread is put to the people in that thread.
          ...(question.threadTs ? { thread_ts: question.threadTs } : {}),
          ...channelQuestionMessage(question),
        });
        return true;
      } catch (error) {
        logger.warn(
          `could not ask ${question.channelId} about question ${question.id}: ${slackErrorCode(error) ?? error}`,
        );
        return false;
      }
    },

    async answerInThread(question: Question) {
      if (!question.channelId || !question.threadTs) return false;
      try {
        await client.chat.postMessage({
          channel: question.channelId,
          thread_ts: question.threadTs,
          unfurl_links: false,
          ...threadAnswerMessage(question),
        });
        return true;
      } catch (error) {
        logger.warn(
          `could not post the answer to question ${question.id} in ${question.channelId}: ${slackErrorCode(error) ?? error}`,
        );
        return false;
      }
    },
  };
}
