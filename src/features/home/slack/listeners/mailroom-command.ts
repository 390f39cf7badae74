import type { App } from '@slack/bolt';
import type { MailroomSubcommand } from '../../../../core/capability.js';
import { GLOSSARY_USAGE } from '../../../../core/domain/search/glossary.js';
import { readAudit } from '../../../../core/services/audit.js';
import { requireAdmin } from '../../../../core/services/authorization.js';
import type { ServiceContext } from '../../../../core/services/context.js';
import { UserFacingError } from '../../../../core/services/errors.js';
import {
  addExperts,
  EXPERTS_PURPOSE,
  EXPERTS_USAGE,
  listExperts,
  removeExperts,
} from '../../../../core/services/experts.js';
import {
  addGlossaryEntry,
  listGlossary,
  removeGlossaryEntry,
} from '../../../../core/services/glossary.js';
import { overviewOf, setOwnWorkingHours } from '../../../../core/services/people.js';
import { setAway } from '../../../../core/services/settings.js';
import { learnChannel } from '../../../../core/slack/conversations.js';
import { logFailure } from '../../../../core/slack/failures.js';
import { openModal } from '../../../../core/slack/modals.js';
import { failureMessage, replyEphemeral } from '../../../../core/slack/reply.js';
import { parseExpertsCommand } from '../experts-text.js';
import type { HomeTab } from '../publish-home.js';
import { auditMessage } from '../views/audit.js';
import { expertsChanged, expertsList } from '../views/experts.js';
import { glossaryChanged, glossaryList } from '../views/glossary.js';
import {
  awaySummary,
  hoursChangeMessage,
  mailroomHelp,
  memberSummary,
} from '../views/mailroom-command.js';
import { settingsModal } from '../views/settings.js';

/** What the other capabilities add to `/mailroom`: their subcommands and lines of help. */
export interface MailroomExtensions {
  commands: Record<string, MailroomSubcommand>;
  helpLines: readonly string[];
}

/** `/mailroom [help | me | hours … | away until … | back | settings | experts … | glossary … | audit]`, and the capabilities' own (`insights`). */
export function registerMailroomCommand(
  app: App,
  ctx: ServiceContext,
  home: HomeTab,
  extensions: MailroomExtensions,
): void {
  app.command('/mailroom', async ({ command, ack, respond, client, logger }) => {
    await ack();
    const [sub = 'help', ...rest] = command.text.trim().split(/\s+/);
    const args = rest.join(' ');
    try {
      switch (sub.toLowerCase()) {
        case 'hours': {
          if (args === '') {
            await replyEphemeral(respond, memberSummary(overviewOf(ctx, command.user_id)));
            return;
          }
          const change = setOwnWorkingHours(ctx, command.user_id, args);
          await replyEphemeral(respond, hoursChangeMessage(command.user_id, change));
          if (change.kind === 'saved') await home.publish(client, command.user_id);
          return;
        }
        case 'experts':
          await replyEphemeral(respond, await expertsReply(client, ctx, command.user_id, args));
          return;
        case 'me':
          await replyEphemeral(respond, memberSummary(overviewOf(ctx, command.user_id)));
          return;
        case 'away':
        case 'back': {
          const overview = setAway(ctx, command.user_id, sub === 'back' ? 'back' : args);
          await replyEphemeral(respond, awaySummary(overview));
          await home.publish(client, command.user_id);
          return;
        }
        case 'settings':
          await openModal(client, ctx, {
            userId: command.user_id,
            triggerId: command.trigger_id,
            view: settingsModal(overviewOf(ctx, command.user_id), ctx.clock()),
          });
          return;
        case 'glossary':
          await replyEphemeral(respond, glossaryReply(ctx, command.user_id, args));
          return;
        case 'audit':
          await replyEphemeral(respond, auditMessage(readAudit(ctx, command.user_id, args)));
          return;
        default: {
          const extension = extensions.commands[sub.toLowerCase()];
          if (extension) {
            await replyEphemeral(
              respond,
              await extension({ userId: command.user_id, args, client }),
            );
            return;
          }
          await replyEphemeral(
            respond,
            mailroomHelp(extensions.helpLines, sub === 'help' ? undefined : sub),
          );
        }
      }
    } catch (error) {
      logFailure(logger, '/mailroom', error);
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
  requireAdmin(ctx, userId, EXPERTS_PURPOSE);
  // Whether a channel is private decides who sees it in the list.
  for (const topic of parsed.topics) {
    if (topic.kind === 'channel') await learnChannel(client, ctx, topic.topic);
  }
  if (parsed.action === 'add')
    return expertsChanged('add', addExperts(ctx, input).added, listExperts(ctx, userId));
  return expertsChanged('remove', removeExperts(ctx, input), listExperts(ctx, userId));
}

/** `/mailroom glossary [add TERM = meaning | remove TERM]`: anyone lists, admins change it. */
function glossaryReply(ctx: ServiceContext, userId: string, text: string) {
  const [action = '', ...rest] = text.split(' ');
  const args = rest.join(' ');
  switch (action.toLowerCase()) {
    case '':
    case 'list':
      return glossaryList(listGlossary(ctx));
    case 'add': {
      const added = addGlossaryEntry(ctx, { byUserId: userId, text: args });
      return glossaryChanged('added', added, listGlossary(ctx));
    }
    case 'remove': {
      const removed = removeGlossaryEntry(ctx, { byUserId: userId, term: args });
      return glossaryChanged('removed', removed, listGlossary(ctx));
    }
    default:
      throw new UserFacingError(GLOSSARY_USAGE);
  }
}
