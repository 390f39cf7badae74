import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../services/context.js';
import { applyProfile } from '../../../services/directory.js';
import { welcomeNewMember } from '../../../services/people.js';
import { slackUserSchema, toMemberProfile } from '../../directory-source.js';

/** user_change and team_join keep the directory current between daily syncs. */
export function registerDirectoryEvents(app: App, ctx: ServiceContext): void {
  app.event('user_change', async ({ event, logger }) => {
    const user = slackUserSchema.safeParse(event.user);
    if (!user.success)
      return logger.warn('user_change without a readable user', user.error.message);
    applyProfile(ctx, toMemberProfile(user.data));
  });

  app.event('team_join', async ({ event, logger }) => {
    const user = slackUserSchema.safeParse(event.user);
    if (!user.success) return logger.warn('team_join without a readable user', user.error.message);
    const profile = toMemberProfile(user.data);
    applyProfile(ctx, profile);
    welcomeNewMember(ctx, profile);
  });
}
