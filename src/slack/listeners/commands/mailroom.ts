import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../services/context.js';
import { overviewOf, setOwnWorkingHours } from '../../../services/people.js';
import { publishHome } from '../../home.js';
import { failureMessage, replyEphemeral } from '../../reply.js';
import { mailroomHelp, memberSummary } from '../../views/mailroom-command.js';

/** `/mailroom [help | me | hours <09:00-17:00 mon-fri>]` */
export function registerMailroomCommand(app: App, ctx: ServiceContext): void {
  app.command('/mailroom', async ({ command, ack, respond, client, logger }) => {
    await ack();
    const [sub = 'help', ...rest] = command.text.trim().split(/\s+/);
    const args = rest.join(' ');
    try {
      switch (sub.toLowerCase()) {
        case 'hours':
          if (args === '') {
            await replyEphemeral(respond, memberSummary(overviewOf(ctx, command.user_id)));
            return;
          }
          await replyEphemeral(
            respond,
            memberSummary(setOwnWorkingHours(ctx, command.user_id, args), 'updated'),
          );
          await publishHome(client, ctx, command.user_id);
          return;
        case 'me':
          await replyEphemeral(respond, memberSummary(overviewOf(ctx, command.user_id)));
          return;
        default:
          await replyEphemeral(respond, mailroomHelp(sub === 'help' ? undefined : sub));
      }
    } catch (error) {
      logger.warn('/mailroom failed', error);
      await replyEphemeral(respond, failureMessage(error, `/mailroom ${command.text}`));
    }
  });
}
