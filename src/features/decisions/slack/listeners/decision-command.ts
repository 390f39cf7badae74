import type { App } from '@slack/bolt';
import { logFailure } from '../../../../core/slack/failures.js';
import { openModal } from '../../../../core/slack/modals.js';
import { failureMessage, replyEphemeral } from '../../../../core/slack/reply.js';
import type { DecisionsContext } from '../../context.js';
import { readDecisionFilter } from '../../domain/filter.js';
import { listDecisions, searchDecisions } from '../../services/find.js';
import { isDirectConversation } from '../form.js';
import { decisionHelp, decisionListReply, decisionSearchReply } from '../views/message.js';
import { newDecisionForm } from '../views/modals.js';

/**
 * `/decision [title]` opens the decision form (with the title filled in); `/decision list` and
 * `/decision search <words>` find decisions, narrowed by `status:` and `tag:`. A title that
 * starts with "list" or "search" is not lost: the reply offers to log a decision with it.
 */
export function registerDecisionCommand(app: App, ctx: DecisionsContext): void {
  app.command('/decision', async ({ command, ack, respond, client, logger }) => {
    await ack();
    const text = command.text.trim();
    const [first = '', ...rest] = text.split(/\s+/);
    const words = rest.join(' ');
    const direct = isDirectConversation(command.channel_id, command.channel_name);
    try {
      // Typed there, so they are in it (a form opened from a reply here relies on it).
      if (!direct) ctx.channels.addMember(command.channel_id, command.user_id, ctx.clock());
      switch (first.toLowerCase()) {
        case 'help':
          if (words === '') {
            await replyEphemeral(respond, decisionHelp());
            return;
          }
          break;
        case 'list': {
          const read = readDecisionFilter(words);
          if (!read.ok) {
            await replyEphemeral(respond, read.problem);
            return;
          }
          const { filter } = read;
          const found = listDecisions(
            ctx,
            command.user_id,
            { channelId: command.channel_id, isDirect: direct },
            filter,
          );
          await replyEphemeral(
            respond,
            decisionListReply(
              found,
              direct ? 'direct' : 'channel',
              filter.words ? text : undefined,
              filter,
            ),
          );
          return;
        }
        case 'search': {
          const read = readDecisionFilter(words);
          if (!read.ok) {
            await replyEphemeral(respond, read.problem);
            return;
          }
          const { filter } = read;
          const found = await searchDecisions(ctx, command.user_id, filter.words, filter);
          await replyEphemeral(respond, decisionSearchReply(filter.words, found, text, filter));
          return;
        }
      }
      // The trigger expires three seconds after the command: the form opens first.
      const where = { channelId: direct ? null : command.channel_id };
      await openModal(client, ctx, {
        userId: command.user_id,
        triggerId: command.trigger_id,
        view: newDecisionForm(command.user_id, where, text),
      });
    } catch (error) {
      logFailure(logger, '/decision', error);
      await replyEphemeral(respond, failureMessage(error, `/decision ${command.text}`));
    }
  });
}
