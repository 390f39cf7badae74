import type { WebClient } from '@slack/web-api';
import type { QueueItem } from '../../domain/queue.js';
import type { Logger } from '../../services/ports.js';
import {
  type AnswerPost,
  type DayReport,
  type PromptOutcome,
  StandupChannelGone,
  type StandupPoster,
} from '../../services/standups/ports.js';
import type { Standup } from '../../store/standup-repository.js';
import { slackErrorCode } from '../slack-errors.js';
import type { Message } from '../views/blocks.js';
import {
  answerMessage,
  dayMessage,
  reportMessages,
  settledPromptMessage,
  tallyLine,
} from '../views/standups/messages.js';

/** Slack's answers that mean the channel will not take Mailroom's posts any more. */
const CHANNEL_GONE = new Set(['is_archived', 'not_in_channel', 'channel_not_found']);

/** Every channel post of a standup carries this, so its messages can be told apart. */
export const STANDUP_EVENT_TYPE = 'mailroom_standup';

/** The standups' Slack side, over the Web API. */
export function slackStandupPoster(client: WebClient, logger: Logger): StandupPoster {
  const post = async (
    standup: Standup,
    message: Message,
    what: string,
    threadTs?: string,
  ): Promise<string> => {
    try {
      const result = await client.chat.postMessage({
        channel: standup.channelId,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        metadata: {
          event_type: STANDUP_EVENT_TYPE,
          event_payload: { standup_id: standup.id, what },
        },
      });
      return String(result.ts);
    } catch (error) {
      throw channelError(error);
    }
  };

  return {
    postDay: (standup, date) => post(standup, dayMessage(standup, date), `day:${date}`),

    postAnswer: (standup, threadTs, answer: AnswerPost) =>
      post(standup, answerMessage(standup, answer), `answer:${answer.entry.id}`, threadTs),

    async updateAnswer(standup, ts, answer) {
      try {
        await client.chat.update({
          channel: standup.channelId,
          ts,
          ...answerMessage(standup, answer),
        });
      } catch (error) {
        throw channelError(error);
      }
    },

    async postReport(report: DayReport, threadTs) {
      const { standup } = report;
      const [first, ...more] = reportMessages(report);
      if (!first) throw new Error('a report has at least one message');
      if (threadTs) {
        // Thread mode: the report in the thread, the day's tally on the daily message.
        const reportTs = await post(standup, first, `report:${report.date}`, threadTs);
        try {
          await client.chat.update({
            channel: standup.channelId,
            ts: threadTs,
            ...dayMessage(standup, report.date, tallyLine(report)),
          });
        } catch (error) {
          logger.warn(
            `could not put the tally on standup ${standup.id}'s daily message: ${slackErrorCode(error) ?? error}`,
          );
        }
        return { reportTs, threadTs };
      }
      const ts = await post(standup, first, `summary:${report.date}`);
      for (const message of more) await post(standup, message, `summary:${report.date}`, ts);
      return { reportTs: ts, threadTs: ts };
    },

    async updatePrompt(item: QueueItem, outcome: PromptOutcome) {
      if (!item.deliveredChannel || !item.deliveredTs) return;
      try {
        await client.chat.update({
          channel: item.deliveredChannel,
          ts: item.deliveredTs,
          ...settledPromptMessage(outcome),
        });
      } catch (error) {
        // The DM may have been deleted; what counts is already recorded.
        logger.warn(
          `could not update the DM of queue item ${item.id}: ${slackErrorCode(error) ?? error}`,
        );
      }
    },
  };
}

function channelError(error: unknown): unknown {
  const code = slackErrorCode(error);
  return code !== undefined && CHANNEL_GONE.has(code) ? new StandupChannelGone(code) : error;
}
