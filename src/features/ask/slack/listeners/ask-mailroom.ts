import type { App, MessageShortcut, RespondFn } from '@slack/bolt';
import { nameOf } from '../../../../core/domain/member.js';
import { enqueuePost } from '../../../../core/services/posts.js';
import {
  confirmMembership,
  fetchThread,
  learnChannel,
} from '../../../../core/slack/conversations.js';
import { logFailure, problemsOf } from '../../../../core/slack/failures.js';
import { busyNotice, failureMessage, replyEphemeral } from '../../../../core/slack/reply.js';
import { messageShortcutSchema } from '../../../../core/slack/request-shapes.js';
import { escapeMrkdwn } from '../../../../core/slack/views/mrkdwn.js';
import type { AskContext } from '../../context.js';
import { askQuestion } from '../../services/ask.js';
import { askFromMessage, authorizeAskingFor, BOT_MESSAGE } from '../../services/places.js';
import { questionFromMessage, sendDm, threadAskPlace } from '../threads.js';
import { askReply } from '../views/ask.js';
import {
  alreadyAskedNote,
  notInChannelDm,
  notInChannelShortcut,
  shortcutNote,
  threadReply,
} from '../views/ask-places.js';
import { slackNames } from '../views/names.js';

export const ASK_MAILROOM_SHORTCUT = 'ask_mailroom';

const NO_TEXT = 'That message has no words I could ask about.';
const MESSAGE_NOT_FOUND =
  'I can’t find that message in Slack, so I asked nothing. It may have been deleted; if it is still there, try again.';

/**
 * "Ask Mailroom" on someone's message: their question, asked for them. The message's author is
 * the asker (told in their working hours), its text the question, and the answer goes to its
 * thread; the person who used the shortcut is told what happened. Who wrote what is read from
 * Slack, never taken from the payload. Where Mailroom is not in the conversation it cannot
 * read the message: the question is then asked for the person who used the shortcut alone,
 * answered by DM, with how to invite Mailroom.
 */
export function registerAskMailroom(app: App, ctx: AskContext): void {
  app.shortcut<MessageShortcut>(
    { callback_id: ASK_MAILROOM_SHORTCUT, type: 'message_action' },
    async ({ shortcut, ack, respond, client, logger, context }) => {
      await ack();
      const parsed = messageShortcutSchema.safeParse(shortcut);
      if (!parsed.success) {
        logger.warn(`ask_mailroom without a readable message: ${problemsOf(parsed.error)}`);
        await replyEphemeral(respond, failureMessage(parsed.error));
        return;
      }
      const { user, channel, message } = parsed.data;
      if (message.bot_id || message.subtype === 'bot_message') {
        await replyEphemeral(respond, BOT_MESSAGE);
        return;
      }
      // When the search must wait for room, the person hears so at once; the rest follows.
      const busy = busyNotice(respond, logger);
      try {
        const threadTs = message.thread_ts ?? message.ts;
        const known = await learnChannel(client, ctx, channel.id);
        const thread = known ? await fetchThread(client, channel.id, threadTs) : undefined;
        // Not in the conversation (a private one is unknown to Mailroom then): nothing to read.
        if (!thread || (!thread.readable && !thread.missing)) {
          const text = questionFromMessage(ctx, message.text ?? '', context.botUserId);
          await askForThemselves(ctx, respond, user.id, channel.id, text);
          return;
        }
        const original = thread.messages.find((each) => each.ts === message.ts);
        if (!original) {
          await replyEphemeral(respond, MESSAGE_NOT_FOUND);
          return;
        }
        await confirmMembership(client, ctx, channel.id, user.id);
        // A message only an app's bot id signed has no person behind it.
        const authorId = original.authorId?.startsWith('B') ? null : original.authorId;
        if (original.authorId && authorId === null) {
          await replyEphemeral(respond, BOT_MESSAGE);
          return;
        }
        const asker = authorizeAskingFor(ctx, {
          requesterId: user.id,
          channelId: channel.id,
          authorId,
        });
        const text = questionFromMessage(ctx, original.text, context.botUserId);
        if (text === '') {
          await replyEphemeral(respond, NO_TEXT);
          return;
        }
        const { place, audience } = await threadAskPlace(client, ctx, channel.id);
        const asked = await askFromMessage(
          ctx,
          {
            askerId: asker.id,
            text,
            place: { ...place, channelId: channel.id, threadTs, messageTs: message.ts },
            via: 'shortcut',
            requestedBy: user.id,
            audience,
            onBusy: busy.onBusy,
          },
          slackNames,
        );
        await busy.settled();
        if (asked.kind === 'repeat') {
          await replyEphemeral(respond, alreadyAskedNote(asked.question));
          return;
        }
        const name = escapeMrkdwn(nameOf(asker));
        // Mailroom read the message, so it is in the conversation: the reply goes in its thread.
        enqueuePost(ctx, {
          channelId: channel.id,
          threadTs,
          message: threadReply(asked.outcome, name, ctx.clock()),
          key: `ask-mailroom:${channel.id}:${message.ts}`,
        });
        await replyEphemeral(respond, shortcutNote(asked.outcome, name));
      } catch (error) {
        logFailure(logger, ASK_MAILROOM_SHORTCUT, error);
        await busy.settled();
        await replyEphemeral(respond, failureMessage(error, message.text));
      }
    },
  );
}

/**
 * Mailroom cannot read the conversation: the text is the word of the person who used the
 * shortcut, so it becomes their own question, as if asked in Mailroom's DM, answered there.
 */
async function askForThemselves(
  ctx: AskContext,
  respond: RespondFn,
  userId: string,
  channelId: string,
  text: string,
): Promise<void> {
  if (text === '') {
    await replyEphemeral(respond, NO_TEXT);
    return;
  }
  const outcome = await askQuestion(ctx, { askerId: userId, text, place: { channelId: null } });
  const dm = notInChannelDm(channelId, askReply(outcome, ctx.clock()));
  sendDm(ctx, userId, dm, `ask-mailroom:${outcome.question.id}:for-themselves`);
  await replyEphemeral(respond, notInChannelShortcut(channelId));
}
