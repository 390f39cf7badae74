import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { ServiceContext } from '../services/context.js';
import { UserFacingError } from '../services/errors.js';
import type { ChannelRecord } from '../store/channel-repository.js';
import { slackErrorCode } from './slack-errors.js';

/**
 * Errors that mean Mailroom may not read this conversation: it is gone, Mailroom is not in it
 * (a private channel answers channel_not_found then), or the app lacks the scope (DMs and
 * group DMs need im:read / mpim:read for conversations.info, which Mailroom does not ask for).
 */
const UNREADABLE = new Set([
  'channel_not_found',
  'not_in_channel',
  'missing_scope',
  'thread_not_found',
  'method_not_supported_for_channel_type',
]);

function unreadable(error: unknown): string | undefined {
  const code = slackErrorCode(error);
  return code !== undefined && UNREADABLE.has(code) ? code : undefined;
}

const conversationSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  is_private: z.boolean().optional(),
  is_im: z.boolean().optional(),
  is_mpim: z.boolean().optional(),
  is_archived: z.boolean().optional(),
  creator: z.string().optional(),
});

const infoSchema = z.looseObject({ channel: conversationSchema });
const membersPageSchema = z.looseObject({ members: z.array(z.string()).default([]) });

/**
 * Everyone in a conversation, page by page of conversations.members (Tier 4); it stops reading
 * once there are more than `stopAfter`, for a caller with a limit of its own, or once
 * `enoughAfter` says a page answered the caller's question.
 */
export async function readMembers(
  client: WebClient,
  channelId: string,
  stopAfter = Number.POSITIVE_INFINITY,
  enoughAfter?: (page: readonly string[]) => boolean,
): Promise<string[]> {
  const members: string[] = [];
  for await (const page of client.paginate('conversations.members', {
    channel: channelId,
    limit: 200,
  })) {
    const pageMembers = membersPageSchema.parse(page).members;
    members.push(...pageMembers);
    if (members.length > stopAfter || enoughAfter?.(pageMembers)) break;
  }
  return members;
}

type ChannelContext = Pick<ServiceContext, 'channels' | 'clock' | 'logger'>;

/**
 * Asks Slack what a conversation is (conversations.info) and records it; for a private
 * channel, DM or group DM it also records who is in it (conversations.members, every page).
 * Undefined when Slack will not say: the conversation is gone, or it is private and Mailroom
 * is not in it, or the app may not read that kind of conversation.
 */
export async function learnChannel(
  client: WebClient,
  ctx: ChannelContext,
  channelId: string,
): Promise<(ChannelRecord & { creatorId: string | null }) | undefined> {
  let info: z.infer<typeof infoSchema>;
  try {
    info = infoSchema.parse(await client.conversations.info({ channel: channelId }));
  } catch (error) {
    const code = unreadable(error);
    if (code === undefined) throw error;
    ctx.logger.debug(`conversations.info ${channelId}: ${code}`);
    return undefined;
  }
  const { channel } = info;
  const isPrivate = Boolean(channel.is_private || channel.is_im || channel.is_mpim);
  ctx.channels.upsert(
    {
      id: channelId,
      name: channel.name ?? null,
      isPrivate,
      isIm: Boolean(channel.is_im),
      archived: Boolean(channel.is_archived),
    },
    ctx.clock(),
  );
  if (isPrivate) {
    try {
      ctx.channels.setMembers(channelId, await readMembers(client, channelId), ctx.clock());
    } catch (error) {
      const code = unreadable(error);
      if (code === undefined) throw error;
      // The conversation is known, its members not: keep whatever membership was recorded.
      ctx.logger.debug(`conversations.members ${channelId}: ${code}`);
    }
  }
  const record = ctx.channels.get(channelId);
  return record && { ...record, creatorId: channel.creator ?? null };
}

/**
 * Asks Slack whether `userId` is in the conversation (conversations.members, page by page,
 * stopping once found) and records it when they are. For facts the store may not have yet,
 * such as a guest's public channels; false when Slack will not say.
 */
export async function confirmMembership(
  client: WebClient,
  ctx: ChannelContext,
  channelId: string,
  userId: string,
): Promise<boolean> {
  if (ctx.channels.isMember(channelId, userId)) return true;
  try {
    for await (const page of client.paginate('conversations.members', {
      channel: channelId,
      limit: 200,
    })) {
      if (membersPageSchema.parse(page).members.includes(userId)) {
        ctx.channels.addMember(channelId, userId, ctx.clock());
        return true;
      }
    }
  } catch (error) {
    const code = unreadable(error);
    if (code === undefined) throw error;
    ctx.logger.debug(`conversations.members ${channelId}: ${code}`);
  }
  return false;
}

/** Slack is asked about a known conversation's members at most this often, whoever asks. */
export const MEMBERS_RECHECK_MS = 60_000;

/**
 * Whether Slack counts `userId` in a conversation a payload names (a claim): as Mailroom
 * recorded from Slack, or else as Slack's member list says now (confirmMembership), asked at
 * most once a minute per conversation Mailroom knows and never for one it does not, so that
 * forged ids cannot make Mailroom call Slack.
 */
export async function slackCountsIn(
  client: WebClient,
  ctx: ChannelContext,
  channelId: string,
  userId: string,
): Promise<boolean> {
  if (ctx.channels.isMember(channelId, userId)) return true;
  if (!ctx.channels.claimMembersRecheck(channelId, ctx.clock(), MEMBERS_RECHECK_MS)) return false;
  return confirmMembership(client, ctx, channelId, userId);
}

/**
 * Runs `act`; when it is refused (a UserFacingError) and the object belongs to a conversation
 * Mailroom knows but does not count the person in, asks Slack again (see slackCountsIn) and, if
 * they are in it after all, runs `act` once more.
 */
export async function withMembershipRecheck<T>(
  client: WebClient,
  ctx: ChannelContext,
  input: { userId: string; channelId: string | null | undefined },
  act: () => T | Promise<T>,
): Promise<T> {
  try {
    return await act();
  } catch (error) {
    const { userId, channelId } = input;
    if (!(error instanceof UserFacingError) || !channelId) throw error;
    if (ctx.channels.isMember(channelId, userId)) throw error;
    if (!(await slackCountsIn(client, ctx, channelId, userId))) throw error;
    return act();
  }
}

export interface ThreadMessage {
  ts: string;
  /** The user who wrote it, or the bot's id for a bot message; null when Slack gives neither. */
  authorId: string | null;
  /** Its text as Slack sends it (mrkdwn); for a message made only of attachments, theirs. */
  text: string;
}

export interface ThreadRead {
  /** The thread's messages, oldest first, the root included; [] when it could not be read. */
  messages: ThreadMessage[];
  /** False when Slack would not let Mailroom read the thread (see UNREADABLE). */
  readable: boolean;
  /** Slack says there is no such thread in this conversation (thread_not_found). */
  missing: boolean;
  /** More than MAX_THREAD_REPLIES replies: the rest were left out. */
  truncated: boolean;
}

/** At most this many replies of a thread are read. */
export const MAX_THREAD_REPLIES = 200;

const threadPageSchema = z.looseObject({
  messages: z
    .array(
      z.looseObject({
        ts: z.string(),
        user: z.string().optional(),
        bot_id: z.string().optional(),
        text: z.string().optional(),
        attachments: z
          .array(z.looseObject({ text: z.string().optional(), fallback: z.string().optional() }))
          .optional(),
      }),
    )
    .default([]),
});

/** A message's text; for one made only of attachments (some bots post those), theirs. */
function textOfMessage(message: z.infer<typeof threadPageSchema>['messages'][number]): string {
  if (message.text && message.text.trim() !== '') return message.text;
  return (message.attachments ?? [])
    .map((attachment) => attachment.text || attachment.fallback || '')
    .filter((text) => text.trim() !== '')
    .join('\n\n');
}

/**
 * The messages of the thread rooted at `threadTs` (conversations.replies, page by page, up to
 * MAX_THREAD_REPLIES replies), those without text included. When Slack will not let Mailroom
 * read it, no messages and `readable: false`, so the message alone can still be saved.
 */
export async function fetchThread(
  client: WebClient,
  channelId: string,
  threadTs: string,
): Promise<ThreadRead> {
  const messages: ThreadMessage[] = [];
  let seen = 0;
  let truncated = false;
  try {
    for await (const page of client.paginate('conversations.replies', {
      channel: channelId,
      ts: threadTs,
      limit: MAX_THREAD_REPLIES,
    })) {
      for (const message of threadPageSchema.parse(page).messages) {
        // The root plus MAX_THREAD_REPLIES replies.
        if (seen > MAX_THREAD_REPLIES) {
          truncated = true;
          break;
        }
        seen += 1;
        messages.push({
          ts: message.ts,
          authorId: message.user ?? message.bot_id ?? null,
          text: textOfMessage(message),
        });
      }
      if (truncated) break;
    }
  } catch (error) {
    const code = unreadable(error);
    if (code === undefined) throw error;
    return {
      messages: [],
      readable: false,
      missing: code === 'thread_not_found',
      truncated: false,
    };
  }
  return { messages, readable: true, missing: false, truncated };
}

/** A link to the message (chat.getPermalink), or null when Slack will not give one. */
export async function permalinkOf(
  client: WebClient,
  channelId: string,
  messageTs: string,
): Promise<string | null> {
  try {
    const result = await client.chat.getPermalink({ channel: channelId, message_ts: messageTs });
    return typeof result.permalink === 'string' ? result.permalink : null;
  } catch (error) {
    if (slackErrorCode(error) === undefined) throw error;
    return null;
  }
}
