import type { App } from '@slack/bolt';
import { scheduleOf } from '../../../../core/domain/member.js';
import { UserFacingError } from '../../../../core/services/errors.js';
import { requireMember } from '../../../../core/services/people.js';
import { logFailure } from '../../../../core/slack/failures.js';
import { openModal } from '../../../../core/slack/modals.js';
import { failureMessage, replyEphemeral } from '../../../../core/slack/reply.js';
import type { StandupsContext } from '../../context.js';
import {
  answerFormFor,
  nextAnswerable,
  standupForEdit,
  standupHistory,
} from '../../services/answers.js';
import { authorizeSetup } from '../../services/authorization.js';
import { standupsInChannel } from '../../services/setup.js';
import { learnStandupChannel } from '../channel.js';
import { answerModal } from '../views/answer-modals.js';
import { historyMessage, standupList } from '../views/command-replies.js';
import { standupHelp } from '../views/help.js';
import { defaultSetup, setupModal } from '../views/setup-modal.js';

/** A user mention as Slack escapes it in a command's text: `<@U123|name>` or `<@U123>`. */
const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

/**
 * `/standup` in a channel: its setup when it has none, else its standups with Edit, Pause,
 * Resume and Delete. `/standup new`, `/standup edit`, `/standup history [@member]`,
 * `/standup answer`, `/standup help`.
 */
export function registerStandupCommand(app: App, ctx: StandupsContext): void {
  app.command('/standup', async ({ command, ack, respond, client, logger, context }) => {
    await ack();
    const [sub = '', ...rest] = command.text.trim().split(/\s+/);
    const userId = command.user_id;
    const channelId = command.channel_id;
    try {
      switch (sub.toLowerCase()) {
        case '':
        case 'new':
        case 'edit': {
          if (/^D/.test(channelId)) {
            throw new UserFacingError(
              'Use `/standup` in the team’s channel: the standup lives there. Here, `/standup answer` answers yours.',
            );
          }
          // Only a member of a conversation can use a command in it.
          ctx.channels.addMember(channelId, userId, ctx.clock());
          const list = standupsInChannel(ctx, userId, channelId);
          const runnable = list.filter((s) => s.mayRun);
          const only = runnable.length === 1 ? runnable[0] : undefined;
          if (sub.toLowerCase() === 'edit' && only) {
            const { standup, memberIds } = standupForEdit(ctx, {
              userId,
              standupId: only.standup.id,
            });
            await openModal(client, ctx, {
              userId: command.user_id,
              triggerId: command.trigger_id,
              view: setupModal(
                { channelId, standupId: standup.id },
                { config: standup, memberIds },
                command.channel_name,
              ),
            });
          } else if (sub === '' && list.length > 0) {
            await replyEphemeral(respond, standupList(channelId, list));
          } else {
            authorizeSetup(ctx, userId, channelId);
            const member = requireMember(ctx, userId);
            const zone = scheduleOf(member, ctx.settings.defaultTimeZone).hours.timeZone;
            // The trigger expires in 3 s: the form first, then learn the channel meanwhile.
            await openModal(client, ctx, {
              userId: command.user_id,
              triggerId: command.trigger_id,
              view: setupModal(
                { channelId, standupId: null },
                defaultSetup(zone),
                command.channel_name,
              ),
            });
          }
          await learnStandupChannel(client, ctx, channelId, context.botUserId);
          return;
        }
        case 'history': {
          const mention = rest.join(' ').trim();
          const memberId = mention === '' ? userId : MENTION.exec(mention)?.[1];
          if (!memberId) {
            throw new UserFacingError('Name one person: `/standup history @kenji`.');
          }
          const history = standupHistory(ctx, {
            viewerId: userId,
            memberId,
            channelId: /^D/.test(channelId) ? null : channelId,
          });
          await replyEphemeral(respond, historyMessage(history.memberId, history.entries));
          return;
        }
        case 'answer': {
          const next = nextAnswerable(ctx, userId);
          if (!next) throw new UserFacingError('No standup is waiting for your answer.');
          const form = answerFormFor(ctx, { userId, ...next });
          await openModal(client, ctx, {
            userId: command.user_id,
            triggerId: command.trigger_id,
            view: answerModal(form),
          });
          return;
        }
        default:
          await replyEphemeral(respond, standupHelp(sub === 'help' ? undefined : sub));
      }
    } catch (error) {
      logFailure(logger, '/standup', error);
      await replyEphemeral(respond, failureMessage(error));
    }
  });
}
