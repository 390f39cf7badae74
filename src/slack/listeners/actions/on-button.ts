import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  BlockButtonAction,
  BlockDatepickerAction,
  BlockStaticSelectAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { logFailure } from '../../failures.js';
import { type ClickReply, failureMessage, replyToClick } from '../../reply.js';

export type ActionArgs<A extends BlockAction> = SlackActionMiddlewareArgs<A> &
  AllMiddlewareArgs & {
    /** Answers the person who clicked, wherever the element was (see replyToClick). */
    reply: (message: string | ClickReply) => Promise<void>;
  };
export type ButtonArgs = ActionArgs<BlockButtonAction>;
export type SelectArgs = ActionArgs<BlockStaticSelectAction>;
export type DatePickArgs = ActionArgs<BlockDatepickerAction>;

/** An interactive element's listener: acknowledged at once; a failure is told to the person. */
function onAction<A extends BlockAction>(
  app: App,
  actionId: string,
  run: (args: ActionArgs<A>) => Promise<void>,
): void {
  app.action<A>(actionId, async (args) => {
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

export const onButton = (
  app: App,
  actionId: string,
  run: (args: ButtonArgs) => Promise<void>,
): void => onAction<BlockButtonAction>(app, actionId, run);

export const onSelect = (
  app: App,
  actionId: string,
  run: (args: SelectArgs) => Promise<void>,
): void => onAction<BlockStaticSelectAction>(app, actionId, run);

export const onDatePick = (
  app: App,
  actionId: string,
  run: (args: DatePickArgs) => Promise<void>,
): void => onAction<BlockDatepickerAction>(app, actionId, run);
