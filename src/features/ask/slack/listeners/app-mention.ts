import type { App } from '@slack/bolt';
import { z } from 'zod';
import { enqueuePost, postKey } from '../../../../core/services/posts.js';
import { logFailure, problemsOf } from '../../../../core/slack/failures.js';
import { failureMessage } from '../../../../core/slack/reply.js';
import type { AskContext } from '../../context.js';
import { askFromMessage } from '../../services/places.js';
import { questionFromMessage, tellPrivately, threadAskPlace } from '../threads.js';
import { askReply } from '../views/ask.js';
import { MENTION_USAGE, notInChannelDm, threadReply } from '../views/ask-places.js';
import { slackNames } from '../views/names.js';

const mentionSchema = z.looseObject({
  user: z.string().optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
  edited: z.unknown().optional(),
  text: z.string().default(''),
  ts: z.string(),
  thread_ts: z.string().optional(),
  channel: z.string(),
});

/**
 * "@Mailroom <question>" in a channel or a thread: the /ask flow, answered in that thread for
 * everyone there (so showing only what all of them may see). Edits, apps (Mailroom included)
 * and a message Slack sends again are not answered twice.
 */
export function registerAppMention(app: App, ctx: AskContext): void {
  app.event('app_mention', async ({ event, client, context, logger }) => {
    const parsed = mentionSchema.safeParse(event);
    if (!parsed.success) return logger.warn(`app_mention unreadable: ${problemsOf(parsed.error)}`);
    const mention = parsed.data;
    const askerId = mention.user;
    if (mention.subtype || mention.edited || mention.bot_id || !askerId) return;
    if (askerId === context.botUserId || ctx.members.get(askerId)?.isBot) return;

    const channelId = mention.channel;
    const where = { channelId, threadTs: mention.thread_ts ?? mention.ts };
    const privately = { ...where, userId: askerId };
    // One reply per mention, whatever Slack sends again or a restart interrupts.
    const key = `mention:${channelId}:${mention.ts}`;
    const text = questionFromMessage(ctx, mention.text, context.botUserId);
    if (text === '') {
      await tellPrivately(client, ctx, privately, { text: MENTION_USAGE, blocks: [] }, key);
      return;
    }
    try {
      const { place, audience } = await threadAskPlace(client, ctx, channelId);
      const asked = await askFromMessage(
        ctx,
        {
          askerId,
          text,
          place: { ...place, ...where, messageTs: mention.ts },
          via: 'mention',
          audience,
          // Slack's retry after a restart that interrupted the asking: it is finished now.
          resume: ctx.queue.findByKey(postKey(key)) === undefined,
        },
        slackNames,
      );
      if (asked.kind === 'repeat') return;
      const { outcome } = asked;
      const now = ctx.clock();
      enqueuePost(ctx, {
        channelId,
        threadTs: where.threadTs,
        message: threadReply(outcome, `<@${askerId}>`, now),
        key,
        orElse: { userId: askerId, message: notInChannelDm(channelId, askReply(outcome, now)) },
      });
      if (outcome.kind === 'found') {
        // Only the asker may settle it: "This answers it", or ask a person after all. Where
        // Mailroom may not post, the thread reply's DM carries it.
        await tellPrivately(client, ctx, privately, askReply(outcome, now), null);
      }
    } catch (error) {
      logFailure(logger, 'app_mention', error);
      const failure = { text: failureMessage(error, text), blocks: [] };
      await tellPrivately(client, ctx, privately, failure, `${key}:failed`);
    }
  });
}
