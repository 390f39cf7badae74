import type { App } from '@slack/bolt';
import { logFailure } from '../../../../core/slack/failures.js';
import { busyNotice, failureMessage, replyEphemeral } from '../../../../core/slack/reply.js';
import type { AskContext } from '../../context.js';
import { ASK_USAGE, askQuestion } from '../../services/ask.js';
import { askPlace } from '../ask-place.js';
import { askReply } from '../views/ask.js';

/** `/ask <question>`: answered from the docs when they answer it, otherwise queued for an expert. */
export function registerAskCommand(app: App, ctx: AskContext): void {
  app.command('/ask', async ({ command, ack, respond, client, logger }) => {
    await ack();
    if (command.text.trim() === '') {
      await replyEphemeral(respond, ASK_USAGE);
      return;
    }
    // When the search must wait for room, the asker hears so at once; the answer follows.
    const busy = busyNotice(respond, logger);
    try {
      const place = await askPlace(client, ctx, command.channel_id);
      const outcome = await askQuestion(ctx, {
        askerId: command.user_id,
        text: command.text,
        place,
        onBusy: busy.onBusy,
      });
      await busy.settled();
      await replyEphemeral(respond, askReply(outcome, ctx.clock()));
    } catch (error) {
      logFailure(logger, '/ask', error);
      await busy.settled();
      await replyEphemeral(respond, failureMessage(error, command.text));
    }
  });
}
