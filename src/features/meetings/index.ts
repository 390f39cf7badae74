import type { Capability, CapabilityDeps } from '../../core/capability.js';
import { SLACK_NAMING } from '../../core/slack/naming.js';
import type { MeetingsContext } from './context.js';
import { proposedMeetingsOf } from './services/home-section.js';
import { meetingPollPosted, meetingPollRefused } from './services/poll-fate.js';
import { closeDueMeetings } from './services/vote.js';
import { registerMeetCommand } from './slack/listeners/meet-command.js';
import { registerMeetModals } from './slack/listeners/meet-modals.js';
import { registerMeetingActions } from './slack/listeners/meeting-actions.js';
import { slackMeetingNotifier } from './slack/notifier.js';
import { meetingItemDescriber, meetingItemRenderers } from './slack/renderers.js';
import { MEET_HELP_LINES } from './slack/views/help.js';
import { proposedMeetingsBlocks } from './slack/views/home-section.js';

/** `/meet`: proposals sorted by kind, times fair to every zone, votes in working hours. */
export function meetingsCapability(ctx: MeetingsContext, deps: CapabilityDeps): Capability {
  const notifier = slackMeetingNotifier(deps.client, ctx.logger);
  return {
    name: 'meetings',
    listen(app) {
      registerMeetCommand(app, ctx);
      registerMeetModals(app, ctx);
      registerMeetingActions(app, ctx, deps.publishHome);
    },
    renderers: meetingItemRenderers(ctx),
    describe: meetingItemDescriber(ctx),
    home: [
      {
        place: 'after_queue',
        blocks: (userId, zone) => proposedMeetingsBlocks(proposedMeetingsOf(ctx, userId), zone),
      },
    ],
    helpLines: MEET_HELP_LINES,
    // Votes close and times pass whether or not Slack takes messages now; results wait in the
    // queue. Rewriting the closed votes and polls waits on Slack, so it runs beside the tick.
    tick(run) {
      run.background('meetings', () => closeDueMeetings(ctx, notifier));
      return {};
    },
    delivery: {
      onPosted: (item, posted) => meetingPollPosted(ctx, item, posted.ts),
      onUndeliverable: (item) => meetingPollRefused(ctx, SLACK_NAMING, item),
    },
  };
}
