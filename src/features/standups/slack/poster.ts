import type { WebClient } from '@slack/web-api';
import type { QueueItem } from '../../../core/domain/queue.js';
import { enqueuePost, postKey } from '../../../core/services/posts.js';
import { slackErrorCode } from '../../../core/slack/slack-errors.js';
import type { Message } from '../../../core/slack/views/blocks.js';
import type { StandupsContext } from '../context.js';
import {
  type AnswerPost,
  type DayReport,
  type PromptOutcome,
  StandupChannelGone,
  type StandupPoster,
  type StandupPostPurpose,
  type StandupThread,
} from '../services/ports.js';
import type { Standup } from '../store/standup-repository.js';
import { answerMessage, dayMessage, reportMessages, tallyLine } from './views/channel-posts.js';
import { settledPromptMessage } from './views/messages.js';
import { standupTexts } from './views/texts.js';

/** Slack's answers that mean the channel will not take Mailroom's posts any more. */
const CHANNEL_GONE = new Set(['is_archived', 'not_in_channel', 'channel_not_found']);

/**
 * The standups' Slack side: channel posts are queued (the delivery worker posts each exactly
 * once and records its ts through `recordStandupPost`); updates are made here.
 */
export function slackStandupPoster(
  client: WebClient,
  ctx: Pick<StandupsContext, 'queue' | 'clock' | 'logger'>,
): StandupPoster {
  const queue = (
    standup: Standup,
    message: Message,
    key: string,
    purpose: StandupPostPurpose,
    thread?: StandupThread | null,
  ): StandupThread & { created: boolean } => {
    const { created } = enqueuePost(ctx, {
      channelId: standup.channelId,
      ...(thread ? ('ts' in thread ? { threadTs: thread.ts } : { parentKey: thread.key }) : {}),
      message,
      key,
      purpose,
    });
    return { key: postKey(key), created };
  };

  return {
    texts: standupTexts,
    queueDay: (standup, date, report) =>
      queue(
        standup,
        dayMessage(standup, date, report && tallyLine(report)),
        `standup-day:${standup.id}:${date}`,
        { kind: 'standup_day', standupId: standup.id, date },
      ),

    queueAnswer(standup, thread, answer: AnswerPost) {
      const { entry } = answer;
      return queue(
        standup,
        answerMessage(standup, answer),
        `standup-answer:${entry.id}`,
        { kind: 'standup_answer', entryId: entry.id, postDueAt: entry.postDueAt ?? 0 },
        thread,
      ).created;
    },

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

    queueReport(report: DayReport, thread) {
      const { standup, date } = report;
      const [first, ...more] = reportMessages(report);
      if (!first) throw new Error('a report has at least one message');
      const key = `standup-report:${standup.id}:${date}`;
      const purpose = { kind: 'standup_report' as const, standupId: standup.id, date };
      if (thread) {
        // Thread mode: the report in the day's thread.
        queue(standup, first, key, { ...purpose, startsThread: false }, thread);
        return;
      }
      const summary = queue(standup, first, key, { ...purpose, startsThread: true });
      more.forEach((message, i) => {
        queue(standup, message, `${key}:${i + 1}`, { ...purpose, startsThread: false }, summary);
      });
    },

    async updateReport(report, ts) {
      const [first] = reportMessages(report);
      if (!first) return;
      try {
        await client.chat.update({ channel: report.standup.channelId, ts, ...first });
      } catch (error) {
        ctx.logger.warn(
          `could not update the report of standup ${report.standup.id} for ${report.date}: ${slackErrorCode(error) ?? error}`,
        );
      }
    },

    async updateDay(report, ts) {
      const { standup, date } = report;
      try {
        await client.chat.update({
          channel: standup.channelId,
          ts,
          ...dayMessage(standup, date, tallyLine(report)),
        });
      } catch (error) {
        ctx.logger.warn(
          `could not put the tally on standup ${standup.id}'s daily message: ${slackErrorCode(error) ?? error}`,
        );
      }
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
        ctx.logger.warn(
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
