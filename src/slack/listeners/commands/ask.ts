import type { App } from '@slack/bolt';
import { ASK_USAGE, askQuestion } from '../../../services/ask.js';
import type { ServiceContext } from '../../../services/context.js';
import { askPlace } from '../../ask-place.js';
import { logFailure } from '../../failures.js';
import { failureMessage, replyEphemeral } from '../../reply.js';
import { askReply } from '../../views/ask.js';

/** `/ask <question>`: answered from the docs when they answer it, otherwise queued for an expert. */
export function registerAskCommand(app: App, ctx: ServiceContext): void {
  app.command('/ask', async ({ command, ack, respond, client, logger }) => {
    await ack();
    if (command.text.trim() === '') {
      await replyEphemeral(respond, ASK_USAGE);
      return;
    }
    try {
      const place = await askPlace(client, ctx, command.channel_id);
      const outcome = askQuestion(ctx, { askerId: command.user_id, text: command.text, place });
      await replyEphemeral(respond, askReply(outcome, ctx.clock()));
    } catch (error) {
      logFailure(logger, '/ask', error);
      await replyEphemeral(respond, failureMessage(error, command.text));
    }
  });
}
