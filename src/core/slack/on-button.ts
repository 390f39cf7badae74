import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  BlockButtonAction,
  BlockDatepickerAction,
  BlockStaticSelectAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import type { ServiceContext } from '../services/context.js';
import { enqueuePost } from '../services/posts.js';
import { logFailure } from './failures.js';
import { type ClickReply, failureMessage, replyToClick } from './reply.js';
import type { Message } from './views/blocks.js';

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
  ctx: ServiceContext,
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
      // One reply per click: Slack's action_ts is unique to it.
      dm: (message: Message) =>
        enqueuePost(ctx, {
          channelId: args.body.user.id,
          message,
          key: `click:${args.body.user.id}:${args.body.actions[0]?.action_ts ?? ctx.clock()}`,
        }),
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
  ctx: ServiceContext,
  actionId: string,
  run: (args: ButtonArgs) => Promise<void>,
): void => onAction<BlockButtonAction>(app, ctx, actionId, run);

export const onSelect = (
  app: App,
  ctx: ServiceContext,
  actionId: string,
  run: (args: SelectArgs) => Promise<void>,
): void => onAction<BlockStaticSelectAction>(app, ctx, actionId, run);

export const onDatePick = (
  app: App,
  ctx: ServiceContext,
  actionId: string,
  run: (args: DatePickArgs) => Promise<void>,
): void => onAction<BlockDatepickerAction>(app, ctx, actionId, run);
