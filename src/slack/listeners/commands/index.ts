import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../services/context.js';
import { registerMailroomCommand } from './mailroom.js';

export function register(app: App, ctx: ServiceContext): void {
  registerMailroomCommand(app, ctx);
}
