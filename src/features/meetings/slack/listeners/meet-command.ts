import type { App } from '@slack/bolt';
import { UserFacingError } from '../../../../core/services/errors.js';
import { learnChannel } from '../../../../core/slack/conversations.js';
import { logFailure } from '../../../../core/slack/failures.js';
import { openModal } from '../../../../core/slack/modals.js';
import { failureMessage, replyEphemeral } from '../../../../core/slack/reply.js';
import type { MeetingsContext } from '../../context.js';
import { groupLedger } from '../../services/ledger.js';
import { MEET_USAGE, requestMeeting } from '../../services/request.js';
import { meetingChannel } from '../channel-members.js';
import { parseMeetCommand } from '../meet-text.js';
import { ledgerMessage } from '../views/ledger.js';
import { meetFormModal } from '../views/modals.js';
import { meetingCard } from '../views/proposal.js';

/**
 * `/meet <what> with @a @b #channel [for 30m] [tomorrow | on Friday | 13 Mar | next week]`: the draft comes back to
 * the requester alone, with Mailroom's reading of its kind. `/meet` alone opens the form;
 * `/meet ledger #channel` shows who social meetings put outside their hours.
 */
export function registerMeetCommand(app: App, ctx: MeetingsContext): void {
  app.command('/meet', async ({ command, ack, respond, client, logger }) => {
    await ack();
    const parsed = parseMeetCommand(command.text);
    try {
      if (parsed.action === 'form' || parsed.action === 'request') {
        // Slack itself names the conversation a command was used in: a membership fact.
        ctx.channels.addMember(command.channel_id, command.user_id, ctx.clock());
      }
      switch (parsed.action) {
        case 'form':
          await openModal(client, ctx, {
            userId: command.user_id,
            triggerId: command.trigger_id,
            view: meetFormModal(command.channel_id),
          });
          return;
        case 'help':
          await replyEphemeral(respond, MEET_USAGE);
          return;
        case 'ledger': {
          const [channelId, ...more] = parsed.channelIds;
          if (more.length > 0) throw new UserFacingError('One channel at a time, please.');
          if (channelId) await learnChannel(client, ctx, channelId);
          const ledger = groupLedger(ctx, {
            userId: command.user_id,
            channelId,
            personIds: parsed.personIds,
          });
          await replyEphemeral(respond, ledgerMessage(ledger));
          return;
        }
        case 'request': {
          const { request } = parsed;
          if (request.problems.length > 0) {
            throw new UserFacingError(`${request.problems.join(' ')} ${MEET_USAGE}`);
          }
          const [channelId, ...more] = request.channelIds;
          if (more.length > 0) {
            throw new UserFacingError('Name one channel at most; add other people one by one.');
          }
          const channel = channelId
            ? await meetingChannel(client, ctx, channelId, command.user_id)
            : undefined;
          const view = requestMeeting(ctx, {
            requesterId: command.user_id,
            topic: request.topic,
            personIds: request.personIds,
            unresolved: request.unresolved,
            channel,
            durationMinutes: request.durationMinutes,
            window: request.window,
            originChannelId: command.channel_id,
          });
          await replyEphemeral(respond, meetingCard(view));
          return;
        }
      }
    } catch (error) {
      logFailure(logger, '/meet', error);
      await replyEphemeral(respond, failureMessage(error, `/meet ${command.text}`));
    }
  });
}
