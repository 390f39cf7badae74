import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../services/context.js';
import { registerAskCommand } from './ask.js';
import { registerDecisionCommand } from './decision.js';
import { registerMailroomCommand } from './mailroom.js';
import { registerMeetCommand } from './meet.js';
import { registerStandupCommand } from './standup.js';

export function register(app: App, ctx: ServiceContext): void {
  registerAskCommand(app, ctx);
  registerMailroomCommand(app, ctx);
  registerStandupCommand(app, ctx);
  registerDecisionCommand(app, ctx);
  registerMeetCommand(app, ctx);
}
