import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { AskPlace } from '../services/ask.js';

const channelInfo = z.looseObject({
  channel: z.looseObject({
    name: z.string().optional(),
    creator: z.string().optional(),
    is_im: z.boolean().optional(),
  }),
});

/** Where a question was asked: the channel's name and creator when Slack lets Mailroom see it. */
export async function askPlace(
  client: WebClient,
  channelId: string | undefined,
): Promise<AskPlace> {
  if (!channelId) return { channelId: null };
  try {
    const { channel } = channelInfo.parse(await client.conversations.info({ channel: channelId }));
    return channel.is_im
      ? { channelId }
      : { channelId, channelName: channel.name, channelCreatorId: channel.creator ?? null };
  } catch {
    // A private channel or DM the bot is not in, or a deleted channel: ask without its details.
    return { channelId };
  }
}
