import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { ServiceContext } from '../../../../core/services/context.js';
import { problemsOf } from '../../../../core/slack/failures.js';
import type { HomeTab } from '../publish-home.js';

const homeOpened = z.looseObject({ user: z.string().min(1), tab: z.string().optional() });

export function registerAppHomeOpened(app: App, ctx: ServiceContext, home: HomeTab): void {
  app.event('app_home_opened', async ({ event, client, logger }) => {
    const parsed = homeOpened.safeParse(event);
    if (!parsed.success)
      return logger.info(`app_home_opened unreadable: ${problemsOf(parsed.error)}`);
    const { user, tab } = parsed.data;
    if (tab !== 'home') return;
    // Remembered so that the Home tab is kept current while the person looks at it.
    ctx.members.markHomeOpened(user, ctx.clock());
    await home.publish(client, user);
  });
}
