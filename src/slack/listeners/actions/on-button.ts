import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { logFailure } from '../../failures.js';
import { type ClickReply, failureMessage, replyToClick } from '../../reply.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> &
  AllMiddlewareArgs & {
    /** Answers the person who clicked, wherever the button was (see replyToClick). */
    reply: (message: string | ClickReply) => Promise<void>;
  };

/** A button listener: acknowledged at once; a failure is told to the person who clicked. */
export function onButton(
  app: App,
  actionId: string,
  run: (args: ButtonArgs) => Promise<void>,
): void {
  app.action<BlockButtonAction>(actionId, async (args) => {
    await args.ack();
    const origin = {
      respond: args.body.response_url ? args.respond : undefined,
      client: args.client,
      userId: args.body.user.id,
      channelId: args.body.channel?.id,
      logger: args.logger,
    };
    const reply = (message: string | ClickReply) => replyToClick(origin, message);
    try {
      await run({ ...args, reply });
    } catch (error) {
      logFailure(args.logger, actionId, error);
      await reply(failureMessage(error));
    }
  });
}
