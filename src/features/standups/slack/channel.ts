import type { WebClient } from '@slack/web-api';
import { learnChannel, readMembers } from '../../../core/slack/conversations.js';
import { slackErrorCode } from '../../../core/slack/slack-errors.js';
import type { StandupsContext } from '../context.js';
import { followChannelMembers } from '../services/setup.js';

/**
 * Learns a standup channel and everyone in it (conversations.info, then conversations.members,
 * every page, also for a public channel), so that "everyone in this channel" means them, and
 * standups asking everyone there follow. False when Slack will not say (a private channel
 * Mailroom is not in).
 */
export async function learnStandupChannel(
  client: WebClient,
  ctx: StandupsContext,
  channelId: string,
  botUserId: string | undefined,
): Promise<boolean> {
  const channel = await learnChannel(client, ctx, channelId);
  if (!channel) return false;
  if (!channel.isPrivate) {
    try {
      ctx.channels.setMembers(channelId, await readMembers(client, channelId), ctx.clock());
    } catch (error) {
      ctx.logger.warn(
        `could not read who is in ${channelId}: ${slackErrorCode(error) ?? String(error)}`,
      );
      return false;
    }
  }
  followChannelMembers(ctx, channelId, botUserId);
  return true;
}
