import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../core/services/context.js';
import { registerAskCommand } from '../../../features/ask/slack/listeners/ask-command.js';
import { registerDecisionCommand } from '../../../features/decisions/slack/listeners/decision-command.js';
import { registerMailroomCommand } from '../../../features/home/slack/listeners/mailroom-command.js';
import { registerMeetCommand } from '../../../features/meetings/slack/listeners/meet-command.js';
import { registerStandupCommand } from '../../../features/standups/slack/listeners/standup-command.js';

export function register(app: App, ctx: ServiceContext): void {
  registerAskCommand(app, ctx);
  registerMailroomCommand(app, ctx);
  registerStandupCommand(app, ctx);
  registerDecisionCommand(app, ctx);
  registerMeetCommand(app, ctx);
}
