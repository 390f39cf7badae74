import type { WebClient } from '@slack/web-api';
import type { Viewer } from '../../domain/authorization.js';
import { nameOf } from '../../domain/member.js';
import type { AskPlace } from '../../services/ask.js';
import { conversationViewerOf } from '../../services/authorization.js';
import type { ServiceContext } from '../../services/context.js';
import { slackToPlainText } from '../../services/documents.js';
import { learnChannel, readMembers } from '../conversations.js';
import { slackErrorCode } from '../slack-errors.js';
import type { Message } from '../views/blocks.js';

type Ctx = Pick<ServiceContext, 'channels' | 'members' | 'clock' | 'logger'>;

/**
 * Where a message asked its question, with everyone in that conversation as the search sees
 * them, from one conversations.info and conversations.members (which stops at the first page
 * with a guest: one is enough to narrow what may be shown). When Slack will not say who is in
 * it, the conversation counts as having a guest: only its own documents are shown.
 */
export async function threadAskPlace(
  client: WebClient,
  ctx: Ctx,
  channelId: string,
): Promise<{ place: AskPlace; audience: Viewer }> {
  let place: AskPlace = { channelId };
  let memberIds: string[] | null = null;
  try {
    // Also records whether it is private, which decides who may later find the answer.
    const channel = await learnChannel(client, ctx, channelId);
    if (channel) {
      place = {
        channelId,
        channelName: channel.isIm ? undefined : (channel.name ?? undefined),
        channelCreatorId: channel.isIm ? undefined : channel.creatorId,
      };
      const hasGuest = (page: readonly string[]) =>
        conversationViewerOf(ctx, channelId, page).isGuest;
      memberIds = await readMembers(client, channelId, Number.POSITIVE_INFINITY, hasGuest);
    }
  } catch (error) {
    ctx.logger.warn(`could not read who is in ${channelId}: ${slackErrorCode(error) ?? error}`);
  }
  return { place, audience: conversationViewerOf(ctx, channelId, memberIds) };
}

/** Slack's answers that mean Mailroom is not in the conversation (a private one: not found). */
const NOT_IN = new Set(['not_in_channel', 'channel_not_found']);

export type ThreadPost = 'posted' | 'not_in_channel' | 'failed';

/** Posts in the thread; never throws: what went wrong is said in the result and logged. */
export async function postInThread(
  client: WebClient,
  logger: Ctx['logger'],
  where: { channelId: string; threadTs: string },
  message: Message,
): Promise<ThreadPost> {
  try {
    await client.chat.postMessage({
      channel: where.channelId,
      thread_ts: where.threadTs,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
    });
    return 'posted';
  } catch (error) {
    const code = slackErrorCode(error);
    logger.warn(`could not post in a thread of ${where.channelId}: ${code ?? error}`);
    return code !== undefined && NOT_IN.has(code) ? 'not_in_channel' : 'failed';
  }
}

/**
 * Tells one person something privately where they are: as an ephemeral message in the thread,
 * else in their DM. Never throws.
 */
export async function tellPrivately(
  client: WebClient,
  logger: Ctx['logger'],
  where: { userId: string; channelId: string; threadTs: string },
  message: Message,
): Promise<void> {
  const content = contentOf(message);
  try {
    await client.chat.postEphemeral({
      channel: where.channelId,
      user: where.userId,
      thread_ts: where.threadTs,
      ...content,
    });
    return;
  } catch (error) {
    logger.warn(
      `could not tell ${where.userId} in ${where.channelId}: ${slackErrorCode(error) ?? error}`,
    );
  }
  await sendDm(client, logger, where.userId, message);
}

/** A DM from Mailroom, for someone who is at their keyboard now (they just asked). Never throws. */
export async function sendDm(
  client: WebClient,
  logger: Ctx['logger'],
  userId: string,
  message: Message,
): Promise<boolean> {
  try {
    await client.chat.postMessage({ channel: userId, ...contentOf(message), unfurl_links: false });
    return true;
  } catch (error) {
    logger.warn(`could not DM ${userId}: ${slackErrorCode(error) ?? error}`);
    return false;
  }
}

/**
 * A message's question as plain text: without Mailroom's own mentions (`<@U123>`,
 * `<@U123|mailroom>`), other people and channels by name, links by label, `&amp;` decoded.
 */
export function questionFromMessage(
  ctx: Pick<ServiceContext, 'members'>,
  text: string,
  botUserId: string | undefined,
): string {
  const own = botUserId
    ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g')
    : /^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/;
  const nameFor = (id: string) => {
    const member = ctx.members.get(id);
    return member ? nameOf(member) : undefined;
  };
  return slackToPlainText(text.replace(own, ' '), nameFor)
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** A message without an empty `blocks`, which Slack would refuse. */
function contentOf(message: Message): { text: string; blocks?: Message['blocks'] } {
  return message.blocks.length > 0
    ? { text: message.text, blocks: message.blocks }
    : { text: message.text };
}
