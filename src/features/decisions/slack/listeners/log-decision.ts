import type { App, MessageShortcut } from '@slack/bolt';
import { nameOf } from '../../../../core/domain/member.js';
import { logFailure, problemsOf } from '../../../../core/slack/failures.js';
import { openModal } from '../../../../core/slack/modals.js';
import { slackToPlainText } from '../../../../core/slack/plain-text.js';
import { failureMessage, replyEphemeral } from '../../../../core/slack/reply.js';
import { messageShortcutSchema } from '../../../../core/slack/request-shapes.js';
import type { DecisionsContext } from '../../context.js';
import { draftFromMessage } from '../../domain/draft.js';
import { isDirectConversation } from '../form.js';
import { LOG_DECISION_SHORTCUT } from '../views/ids.js';
import { newDecisionForm } from '../views/modals.js';

/**
 * "Log a decision" on a message: the decision form, with the message shown and kept as its
 * context, its title and why begun from the message as Slack sent it in the shortcut (what the
 * person sees and edits). What the message says is kept from Slack's own copy when the decision
 * is saved, and only for someone who may read that conversation.
 */
export function registerLogDecision(app: App, ctx: DecisionsContext): void {
  app.shortcut<MessageShortcut>(
    { callback_id: LOG_DECISION_SHORTCUT, type: 'message_action' },
    async ({ shortcut, ack, respond, client, logger }) => {
      await ack();
      const parsed = messageShortcutSchema.safeParse(shortcut);
      if (!parsed.success) {
        logger.warn(`log_decision without a readable message: ${problemsOf(parsed.error)}`);
        await replyEphemeral(respond, failureMessage(parsed.error));
        return;
      }
      const { user, channel, message } = parsed.data;
      const direct = isDirectConversation(channel.id, channel.name);
      try {
        const source = {
          channelId: channel.id,
          ts: message.ts,
          ...(message.thread_ts ? { threadTs: message.thread_ts } : {}),
        };
        const nameFor = (id: string) => {
          const member = ctx.members.get(id);
          return member ? nameOf(member) : undefined;
        };
        const said = slackToPlainText(message.text ?? '', nameFor);
        const begun = draftFromMessage(said);
        // Who is in the conversation is learned from Slack when the form is submitted.
        await openModal(client, ctx, {
          userId: user.id,
          triggerId: shortcut.trigger_id,
          view: newDecisionForm(
            user.id,
            { channelId: direct ? null : channel.id, source },
            begun.title,
            said,
            begun.why,
          ),
        });
      } catch (error) {
        logFailure(logger, LOG_DECISION_SHORTCUT, error);
        await replyEphemeral(respond, failureMessage(error));
      }
    },
  );
}
