import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../services/context.js';
import { registerAppHomeOpened } from './app-home-opened.js';
import { registerAppMention } from './app-mention.js';
import { registerChannelEvents } from './channel-events.js';
import { registerDirectoryEvents } from './directory-events.js';

export function register(app: App, ctx: ServiceContext): void {
  registerDirectoryEvents(app, ctx);
  registerAppHomeOpened(app, ctx);
  registerChannelEvents(app, ctx);
  registerAppMention(app, ctx);
}
