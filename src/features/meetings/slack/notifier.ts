import type { WebClient } from '@slack/web-api';
import type { QueueItem } from '../../../core/domain/queue.js';
import type { Logger } from '../../../core/services/ports.js';
import { SLACK_NAMING } from '../../../core/slack/naming.js';
import { slackErrorCode } from '../../../core/slack/slack-errors.js';
import type { MeetingNotifier } from '../services/notifier.js';
import type { MeetingView } from '../services/view.js';
import { confirmedChannelPost, threadStarter } from './views/confirmed.js';
import { pollMessage, voteClosedMessage } from './views/votes.js';

/** The meeting flow's Slack side: its channel posts' messages, the poll's and vote DMs' updates. */
export function slackMeetingNotifier(client: WebClient, logger: Logger): MeetingNotifier {
  return {
    pollPost: pollMessage,
    naming: SLACK_NAMING,

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

    confirmedPost: confirmedChannelPost,
    threadPost: threadStarter,
  };
}
