import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { failureMessage, replyEphemeral } from '../../reply.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** A button listener: acknowledged at once; a failure is told to the person who clicked. */
export function onButton(
  app: App,
  actionId: string,
  run: (args: ButtonArgs) => Promise<void>,
): void {
  app.action<BlockButtonAction>(actionId, async (args) => {
    await args.ack();
    try {
      await run(args);
    } catch (error) {
      args.logger.warn(`${actionId} failed`, error);
      await replyEphemeral(args.respond, failureMessage(error));
    }
  });
}
