import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../core/services/context.js';
import { registerChannelEvents } from '../../../core/slack/listeners/channel-events.js';
import { registerDirectoryEvents } from '../../../core/slack/listeners/directory-events.js';
import { registerAppMention } from '../../../features/ask/slack/listeners/app-mention.js';
import { registerAppHomeOpened } from '../../../features/home/slack/listeners/app-home-opened.js';

export function register(app: App, ctx: ServiceContext): void {
  registerDirectoryEvents(app, ctx);
  registerAppHomeOpened(app, ctx);
  registerChannelEvents(app, ctx);
  registerAppMention(app, ctx);
}
