import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../services/context.js';
import { UserFacingError } from '../../../services/errors.js';
import {
  addExperts,
  EXPERTS_USAGE,
  listExperts,
  removeExperts,
} from '../../../services/experts.js';
import { overviewOf, setOwnWorkingHours } from '../../../services/people.js';
import { parseExpertsCommand } from '../../experts-text.js';
import { logFailure } from '../../failures.js';
import { publishHome } from '../../home.js';
import { failureMessage, replyEphemeral } from '../../reply.js';
import { expertsChanged, expertsList } from '../../views/experts.js';
import { mailroomHelp, memberSummary } from '../../views/mailroom-command.js';

/** `/mailroom [help | me | hours <09:00-17:00 mon-fri> | experts …]` */
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
        case 'experts':
          await replyEphemeral(respond, expertsReply(ctx, command.user_id, args));
          return;
        case 'me':
          await replyEphemeral(respond, memberSummary(overviewOf(ctx, command.user_id)));
          return;
        default:
          await replyEphemeral(respond, mailroomHelp(sub === 'help' ? undefined : sub));
      }
    } catch (error) {
      logFailure(logger, '/mailroom', error);
      await replyEphemeral(respond, failureMessage(error, `/mailroom ${command.text}`));
    }
  });
}

function expertsReply(ctx: ServiceContext, userId: string, text: string) {
  const parsed = parseExpertsCommand(text);
  if (!parsed) throw new UserFacingError(EXPERTS_USAGE);
  if (parsed.action === 'list') return expertsList(listExperts(ctx));
  const input = { byUserId: userId, topics: parsed.topics, memberIds: parsed.memberIds };
  if (parsed.action === 'add')
    return expertsChanged('add', addExperts(ctx, input).added, listExperts(ctx));
  return expertsChanged('remove', removeExperts(ctx, input), listExperts(ctx));
}
