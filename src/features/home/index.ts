import type { Capability } from '../../core/capability.js';
import type { HomeContext } from './context.js';
import { registerAppHomeOpened } from './slack/listeners/app-home-opened.js';
import { registerHomeActions } from './slack/listeners/home-actions.js';
import { registerHoursActions } from './slack/listeners/hours-actions.js';
import { registerMailroomCommand } from './slack/listeners/mailroom-command.js';
import {
  registerSettingsModal,
  registerTeamSettingsModal,
} from './slack/listeners/settings-modal.js';
import type { HomeTab } from './slack/publish-home.js';

/**
 * The Home tab, `/mailroom` and the settings: the person's queue, working hours and away,
 * with each other capability's items, sections, subcommands and help lines from what it
 * registered (`others`). It imports no other capability.
 */
export function homeCapability(
  ctx: HomeContext,
  tab: HomeTab,
  others: readonly Capability[],
): Capability {
  return {
    name: 'home',
    listen(app) {
      registerAppHomeOpened(app, ctx, tab);
      registerHomeActions(app, ctx, tab);
      registerHoursActions(app, ctx, tab);
      registerSettingsModal(app, ctx, tab);
      registerTeamSettingsModal(app, ctx);
      registerMailroomCommand(app, ctx, tab, {
        commands: Object.assign({}, ...others.map((c) => c.mailroomCommands ?? {})),
        helpLines: others.flatMap((c) => c.helpLines ?? []),
      });
    },
  };
}
