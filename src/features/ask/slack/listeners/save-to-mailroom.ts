import type { App, MessageShortcut } from '@slack/bolt';
import { nameOf } from '../../../../core/domain/member.js';
import { authorizeSavingFrom, saveMessageAsDocument } from '../../../../core/services/documents.js';
import {
  confirmMembership,
  fetchThread,
  learnChannel,
  permalinkOf,
} from '../../../../core/slack/conversations.js';
import { logFailure, problemsOf } from '../../../../core/slack/failures.js';
import { slackToPlainText } from '../../../../core/slack/plain-text.js';
import { failureMessage, replyEphemeral } from '../../../../core/slack/reply.js';
import { messageShortcutSchema } from '../../../../core/slack/request-shapes.js';
import type { AskContext } from '../../context.js';
import {
  cannotReadMessageReply,
  messageNotFoundReply,
  nothingToSaveReply,
  savedMessageReply,
} from '../views/documents.js';

export const SAVE_TO_MAILROOM = 'save_to_mailroom';

/**
 * The "Save to Mailroom" message shortcut: keeps the message and its thread as a document.
 * The message in the payload is the sender's word: who is in the conversation is learned from
 * Slack, and the message's text, author and thread are Slack's own copy. Where Mailroom cannot
 * read that copy, nothing is saved. Saving a message again only refreshes its document from
 * Slack's copy, whoever saved it first.
 */
export function registerSaveToMailroom(app: App, ctx: AskContext): void {
  app.shortcut<MessageShortcut>(
    { callback_id: SAVE_TO_MAILROOM, type: 'message_action' },
    async ({ shortcut, ack, respond, client, logger }) => {
      await ack();
      const parsed = messageShortcutSchema.safeParse(shortcut);
      if (!parsed.success) {
        logger.warn(`save_to_mailroom without a readable message: ${problemsOf(parsed.error)}`);
        await replyEphemeral(respond, failureMessage(parsed.error));
        return;
      }
      const { user, channel, message } = parsed.data;
      // A file or an image alone: nothing to read in Slack either.
      if (!message.text?.trim() && !message.attachments?.length) {
        await replyEphemeral(respond, nothingToSaveReply());
        return;
      }
      try {
        const [known, thread, permalink] = await Promise.all([
          learnChannel(client, ctx, channel.id),
          fetchThread(client, channel.id, message.thread_ts ?? message.ts),
          permalinkOf(client, channel.id, message.ts),
        ]);
        // Mailroom keeps no member lists of public channels, which only guests need.
        if (known && !known.isPrivate && !known.isIm && ctx.members.get(user.id)?.isGuest) {
          await confirmMembership(client, ctx, channel.id, user.id);
        }
        authorizeSavingFrom(ctx, user.id, channel.id);
        const original = thread.messages.find((each) => each.ts === message.ts);
        if (thread.missing || (thread.readable && !thread.truncated && !original)) {
          await replyEphemeral(respond, messageNotFoundReply());
          return;
        }
        if (!original || original.text.trim() === '') {
          await replyEphemeral(respond, cannotReadMessageReply(channel.id));
          return;
        }
        const nameFor = (userId: string) => {
          const member = ctx.members.get(userId);
          return member ? nameOf(member) : undefined;
        };
        const threadReplies = thread.messages
          .filter((reply) => reply.ts !== message.ts)
          .map(({ authorId, text: replyText }) => ({
            authorId,
            text: slackToPlainText(replyText, nameFor),
          }));
        const saved = saveMessageAsDocument(ctx, {
          savedBy: user.id,
          channelId: channel.id,
          messageTs: message.ts,
          authorId: original.authorId,
          text: slackToPlainText(original.text, nameFor),
          threadReplies,
          permalink,
        });
        await replyEphemeral(
          respond,
          savedMessageReply({
            status: saved.status,
            title: saved.document.title,
            visibility: saved.document.visibility,
            channelUnknown: known === undefined,
            replyCount: threadReplies.length,
            threadTruncated: thread.truncated,
            permalink,
          }),
        );
      } catch (error) {
        logFailure(logger, 'save_to_mailroom', error);
        await replyEphemeral(respond, failureMessage(error));
      }
    },
  );
}
