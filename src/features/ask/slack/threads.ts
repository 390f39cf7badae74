import type { WebClient } from '@slack/web-api';
import type { Viewer } from '../../../core/domain/authorization.js';
import { nameOf } from '../../../core/domain/member.js';
import { conversationViewerOf } from '../../../core/services/authorization.js';
import { enqueuePost } from '../../../core/services/posts.js';
import { learnChannel, readMembers } from '../../../core/slack/conversations.js';
import { slackToPlainText } from '../../../core/slack/plain-text.js';
import { slackErrorCode } from '../../../core/slack/slack-errors.js';
import type { Message } from '../../../core/slack/views/blocks.js';
import type { AskContext } from '../context.js';
import type { AskPlace } from '../services/ask.js';

type Ctx = Pick<AskContext, 'channels' | 'members' | 'clock' | 'logger' | 'queue'>;

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

/**
 * Tells one person something privately where they are: as an ephemeral message in the thread,
 * made once (it cannot be looked up, so a call whose answer was lost is not made again); when
 * Slack refuses it, in their DM (a queued post, under `key`), unless `key` is null (the caller
 * has the DM in hand). Never throws.
 */
export async function tellPrivately(
  client: WebClient,
  ctx: Ctx,
  where: { userId: string; channelId: string; threadTs: string },
  message: Message,
  key: string | null,
): Promise<void> {
  try {
    await client.chat.postEphemeral({
      channel: where.channelId,
      user: where.userId,
      thread_ts: where.threadTs,
      ...contentOf(message),
    });
    return;
  } catch (error) {
    const code = slackErrorCode(error);
    ctx.logger.warn(`could not tell ${where.userId} in ${where.channelId}: ${code ?? error}`);
    // No answer: it may have been shown, so it is not sent again another way.
    if (code === undefined) return;
  }
  if (key !== null) sendDm(ctx, where.userId, message, key);
}

/** A DM from Mailroom, for someone who is at their keyboard now (they just asked): a queued post. */
export function sendDm(ctx: Ctx, userId: string, message: Message, key: string): void {
  enqueuePost(ctx, { channelId: userId, message, key });
}

/**
 * A message's question as plain text: without Mailroom's own mentions (`<@U123>`,
 * `<@U123|mailroom>`), other people and channels by name, links by label, `&amp;` decoded.
 */
export function questionFromMessage(
  ctx: Pick<AskContext, 'members'>,
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
