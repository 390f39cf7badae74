import type { WebClient } from '@slack/web-api';
import type { QueueItem } from '../../domain/queue.js';
import { UserFacingError } from '../../services/errors.js';
import type { MeetingNotifier } from '../../services/meetings/notifier.js';
import type { MeetingView } from '../../services/meetings/view.js';
import type { Logger } from '../../services/ports.js';
import { permalinkOf } from '../conversations.js';
import { slackErrorCode } from '../slack-errors.js';
import { confirmedChannelPost, threadStarter } from '../views/meetings/confirmed.js';
import { pollMessage, voteClosedMessage } from '../views/meetings/votes.js';

/** Errors that mean Mailroom may not post in the channel: it is not in it, or cannot see it. */
const NOT_POSTABLE = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/** The meeting flow's Slack side: the channel poll, closing vote DMs, channel posts. */
export function slackMeetingNotifier(client: WebClient, logger: Logger): MeetingNotifier {
  const post = async (channel: string, message: { text: string; blocks: unknown[] }) => {
    try {
      const result = await client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks as never,
        unfurl_links: false,
      });
      return String(result.ts);
    } catch (error) {
      const code = slackErrorCode(error);
      if (code && NOT_POSTABLE.has(code)) {
        throw new UserFacingError(
          `I can’t post in <#${channel}>: invite Mailroom to it first (\`/invite @Mailroom\`).`,
        );
      }
      throw error;
    }
  };
  return {
    async postPoll(view: MeetingView) {
      const channel = view.meeting.pollChannelId;
      if (!channel) throw new Error(`meeting ${view.meeting.id} has no poll channel`);
      return post(channel, pollMessage(view));
    },

    async updatePoll(view: MeetingView) {
      const { pollChannelId, pollTs } = view.meeting;
      if (!pollChannelId || !pollTs) return;
      await client.chat.update({ channel: pollChannelId, ts: pollTs, ...pollMessage(view) });
    },

    async closeVote(item: QueueItem, view: MeetingView) {
      if (!item.deliveredChannel || !item.deliveredTs) return;
      try {
        await client.chat.update({
          channel: item.deliveredChannel,
          ts: item.deliveredTs,
          ...voteClosedMessage(view, item.recipientId),
        });
      } catch (error) {
        // The DM may have been deleted; the vote is closed all the same.
        logger.warn(
          `could not close the vote DM of item ${item.id}: ${slackErrorCode(error) ?? error}`,
        );
      }
    },

    async postConfirmed(view: MeetingView, channelId: string) {
      await post(channelId, confirmedChannelPost(view));
    },

    async postThread(view: MeetingView, channelId: string) {
      const ts = await post(channelId, threadStarter(view));
      return { permalink: await permalinkOf(client, channelId, ts) };
    },
  };
}
