import type { App, MessageShortcut } from '@slack/bolt';
import { formatInTimeZone } from 'date-fns-tz';
import { nameOf } from '../../../../core/domain/member.js';
import { UserFacingError } from '../../../../core/services/errors.js';
import {
  confirmMembership,
  fetchThread,
  learnChannel,
} from '../../../../core/slack/conversations.js';
import { logFailure, problemsOf } from '../../../../core/slack/failures.js';
import { openModal } from '../../../../core/slack/modals.js';
import { slackToPlainText } from '../../../../core/slack/plain-text.js';
import { failureMessage, replyEphemeral } from '../../../../core/slack/reply.js';
import { messageShortcutSchema } from '../../../../core/slack/request-shapes.js';
import type { PlansContext } from '../../context.js';
import { checkTitle, MAX_TEXT, titleFromMessage } from '../../domain/plan.js';
import { NOT_YOUR_CHANNEL } from '../../services/plans.js';
import { isDirectConversation } from '../form.js';
import { PLAN_COMMAND, START_PLAN_SHORTCUT } from '../views/ids.js';
import { PLAN_HELP_LINES } from '../views/message.js';
import { startPlanModal } from '../views/modals.js';

const IN_A_CHANNEL =
  'A plan lives in the channel it is for: type `/plan <title>` there (not in a direct message), and I’ll post it there.';

/** The person's own date, for the target date's first value and its check. */
export function todayOf(ctx: PlansContext, userId: string): string {
  const zone = ctx.members.get(userId)?.timeZone ?? ctx.settings.defaultTimeZone;
  return formatInTimeZone(ctx.clock(), zone, 'yyyy-MM-dd');
}

/** `/plan <title>` in a channel opens the plan's form, its title filled in. */
export function registerPlanCommand(app: App, ctx: PlansContext): void {
  app.command(PLAN_COMMAND, async ({ command, ack, respond, client, logger }) => {
    await ack();
    try {
      if (command.text.trim().toLowerCase() === 'help') {
        await replyEphemeral(respond, PLAN_HELP_LINES.join('\n'));
        return;
      }
      if (isDirectConversation(command.channel_id, command.channel_name)) {
        await replyEphemeral(respond, IN_A_CHANNEL);
        return;
      }
      const title = checkTitle(command.text);
      if (!title.ok) {
        await replyEphemeral(
          respond,
          failureMessage(new UserFacingError(title.problem), command.text),
        );
        return;
      }
      // Typed there, so they are in it: Slack names the channel of a command.
      ctx.channels.addMember(command.channel_id, command.user_id, ctx.clock());
      await openModal(client, ctx, {
        userId: command.user_id,
        triggerId: command.trigger_id,
        view: startPlanModal({
          channelId: command.channel_id,
          title: title.title,
          today: todayOf(ctx, command.user_id),
        }),
      });
    } catch (error) {
      logFailure(logger, PLAN_COMMAND, error);
      await replyEphemeral(respond, failureMessage(error, `/plan ${command.text}`));
    }
  });
}

/**
 * "Start a plan from this" on a message: the plan's form, its title and its why's goal taken
 * from the message as Slack itself has it (never the shortcut's copy), for someone Slack counts
 * in that channel.
 */
export function registerStartPlanShortcut(app: App, ctx: PlansContext): void {
  app.shortcut<MessageShortcut>(
    { callback_id: START_PLAN_SHORTCUT, type: 'message_action' },
    async ({ shortcut, ack, respond, client, logger }) => {
      await ack();
      const parsed = messageShortcutSchema.safeParse(shortcut);
      if (!parsed.success) {
        logger.warn(`start_plan without a readable message: ${problemsOf(parsed.error)}`);
        await replyEphemeral(respond, failureMessage(parsed.error));
        return;
      }
      const { user, channel, message } = parsed.data;
      try {
        if (isDirectConversation(channel.id, channel.name)) {
          await replyEphemeral(respond, IN_A_CHANNEL);
          return;
        }
        if (!ctx.channels.get(channel.id)) await learnChannel(client, ctx, channel.id);
        if (!(await confirmMembership(client, ctx, channel.id, user.id))) {
          throw new UserFacingError(NOT_YOUR_CHANNEL);
        }
        const thread = await fetchThread(client, channel.id, message.thread_ts ?? message.ts);
        const found = thread.messages.find((each) => each.ts === message.ts);
        if (!found) {
          throw new UserFacingError(
            'I can’t read that message in Slack: invite me to the channel (`/invite @Mailroom`), or start the plan with `/plan <title>`.',
          );
        }
        const said = slackToPlainText(found.text, (id) => {
          const member = ctx.members.get(id);
          return member ? nameOf(member) : undefined;
        }).trim();
        await openModal(client, ctx, {
          userId: user.id,
          triggerId: shortcut.trigger_id,
          view: startPlanModal({
            channelId: channel.id,
            title: titleFromMessage(said),
            goal: said.slice(0, MAX_TEXT),
            today: todayOf(ctx, user.id),
          }),
        });
      } catch (error) {
        logFailure(logger, START_PLAN_SHORTCUT, error);
        await replyEphemeral(respond, failureMessage(error));
      }
    },
  );
}
