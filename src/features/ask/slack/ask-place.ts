import type { WebClient } from '@slack/web-api';
import { learnChannel } from '../../../core/slack/conversations.js';
import type { AskContext } from '../context.js';
import type { AskPlace } from '../services/ask.js';

/**
 * Where a question was asked: the channel's name and creator when Slack lets Mailroom see
 * it. Learning the channel also records whether it is private, which decides who may later
 * find the answer.
 */
export async function askPlace(
  client: WebClient,
  ctx: Pick<AskContext, 'channels' | 'clock' | 'logger'>,
  channelId: string | undefined,
): Promise<AskPlace> {
  if (!channelId) return { channelId: null };
  try {
    const channel = await learnChannel(client, ctx, channelId);
    if (!channel || channel.isIm) return { channelId };
    return {
      channelId,
      channelName: channel.name ?? undefined,
      channelCreatorId: channel.creatorId,
    };
  } catch (error) {
    ctx.logger.warn(`could not look up ${channelId}; asking without its details`, error);
    return { channelId };
  }
}
