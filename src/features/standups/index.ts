import type { Capability, CapabilityDeps } from '../../core/capability.js';
import type { StandupsContext } from './context.js';
import { standupPostPosted, standupPostRefused } from './services/post-fate.js';
import { pruneStandupAnswers } from './services/retention.js';
import { askDueStandups, postStandupDays } from './services/run.js';
import { registerStandupActions } from './slack/listeners/standup-actions.js';
import { registerStandupCommand } from './slack/listeners/standup-command.js';
import { registerStandupModals } from './slack/listeners/standup-modals.js';
import { slackStandupPoster } from './slack/poster.js';
import { describeStandupItem, standupItemRenderers } from './slack/renderers.js';
import { STANDUP_HELP_LINES } from './slack/views/help.js';
import { standupTexts } from './slack/views/texts.js';

/** `/standup`: each member asked at their own time, answers gathered in the channel, blockers queued. */
export function standupsCapability(ctx: StandupsContext, deps: CapabilityDeps): Capability {
  const poster = slackStandupPoster(deps.client, ctx);
  return {
    name: 'standups',
    listen(app) {
      registerStandupCommand(app, ctx);
      registerStandupActions(app, ctx, deps.publishHome);
      registerStandupModals(app, ctx, deps.publishHome);
    },
    renderers: standupItemRenderers(ctx),
    describe: (item) => describeStandupItem(ctx, item),
    helpLines: STANDUP_HELP_LINES,
    async tick(run) {
      // Prompts due now are queued first (waking the worker batch by batch): they go out at
      // their minute. The channel posts wait on Slack, so they run beside the tick.
      const standups = await askDueStandups(ctx, run.wake);
      if (run.delivering) run.background('standups', () => postStandupDays(ctx, poster));
      const now = ctx.clock();
      run.background('standup retention', () => pruneStandupAnswers(ctx, now));
      return { standups };
    },
    delivery: {
      onPosted: (item, posted) => standupPostPosted(ctx, item, posted.ts),
      onUndeliverable: (item, reason) => standupPostRefused(ctx, standupTexts, item, reason),
    },
  };
}
