import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../services/context.js';
import { publishHome } from '../../home.js';

export function registerAppHomeOpened(app: App, ctx: ServiceContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    // Remembered so that the Home tab is kept current while the person looks at it.
    ctx.members.markHomeOpened(event.user, ctx.clock());
    await publishHome(client, ctx, event.user);
  });
}
