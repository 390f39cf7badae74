import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../services/context.js';
import { UserFacingError } from '../../../services/errors.js';
import {
  addExperts,
  EXPERTS_USAGE,
  listExperts,
  removeExperts,
  requireAdmin,
} from '../../../services/experts.js';
import { overviewOf, setOwnWorkingHours } from '../../../services/people.js';
import { learnChannel } from '../../conversations.js';
import { parseExpertsCommand } from '../../experts-text.js';
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
          await replyEphemeral(respond, await expertsReply(client, ctx, command.user_id, args));
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

/** Only admins may change experts (the services refuse everyone else too). */
async function expertsReply(
  client: App['client'],
  ctx: ServiceContext,
  userId: string,
  text: string,
) {
  const parsed = parseExpertsCommand(text);
  if (!parsed) throw new UserFacingError(EXPERTS_USAGE);
  if (parsed.action === 'list') return expertsList(listExperts(ctx, userId));
  const input = { byUserId: userId, topics: parsed.topics, memberIds: parsed.memberIds };
  requireAdmin(ctx, userId);
  // Whether a channel is private decides who sees it in the list.
  for (const topic of parsed.topics) {
    if (topic.kind === 'channel') await learnChannel(client, ctx, topic.topic);
  }
  if (parsed.action === 'add')
    return expertsChanged('add', addExperts(ctx, input).added, listExperts(ctx, userId));
  return expertsChanged('remove', removeExperts(ctx, input), listExperts(ctx, userId));
}
