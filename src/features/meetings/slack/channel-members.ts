import type { WebClient } from '@slack/web-api';
import { UserFacingError } from '../../../core/services/errors.js';
import { confirmMembership, learnChannel, readMembers } from '../../../core/slack/conversations.js';
import { slackErrorCode } from '../../../core/slack/slack-errors.js';
import type { MeetingsContext } from '../context.js';

/** Beyond this, a channel is too big to find one time for. */
export const MAX_CHANNEL_MEMBERS = 500;

/**
 * A channel named in /meet, with its members as Slack lists them. Learning the channel first
 * records whether it is private and, for the requester, whether they are in it, so that the
 * rules can refuse a channel they may not see.
 */
export async function meetingChannel(
  client: WebClient,
  ctx: Pick<MeetingsContext, 'channels' | 'clock' | 'logger'>,
  channelId: string,
  requesterId: string,
): Promise<{ id: string; memberIds: string[] }> {
  const channel = await learnChannel(client, ctx, channelId);
  if (!channel) {
    throw new UserFacingError(
      `I can’t see who is in <#${channelId}>: invite Mailroom to it, or name the people instead.`,
    );
  }
  await confirmMembership(client, ctx, channelId, requesterId);
  let memberIds: string[];
  try {
    memberIds = await readMembers(client, channelId, MAX_CHANNEL_MEMBERS);
    if (memberIds.length > MAX_CHANNEL_MEMBERS) {
      throw new UserFacingError(
        `<#${channelId}> has more than ${MAX_CHANNEL_MEMBERS} members: that is an event, not a meeting. Name the people, or a smaller channel.`,
      );
    }
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    if (slackErrorCode(error) === undefined) throw error;
    throw new UserFacingError(
      `I can’t see who is in <#${channelId}>: invite Mailroom to it, or name the people instead.`,
    );
  }
  return { id: channelId, memberIds };
}
