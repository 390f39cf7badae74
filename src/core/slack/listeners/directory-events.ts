import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.js';
import { applyProfile } from '../../services/directory.js';
import { ownerLeft } from '../../services/ownership.js';
import { scheduleChanged, welcomeNewMember } from '../../services/people.js';
import { slackUserSchema, toMemberProfile } from '../directory-source.js';
import { problemsOf } from '../failures.js';

/** user_change and team_join keep the directory current between daily syncs. */
export function registerDirectoryEvents(app: App, ctx: ServiceContext): void {
  app.event('user_change', async ({ event, logger }) => {
    const user = slackUserSchema.safeParse(event.user);
    if (!user.success)
      return logger.warn(`user_change without a readable user: ${problemsOf(user.error)}`);
    const profile = toMemberProfile(user.data);
    const left = applyProfile(ctx, profile);
    // What someone who left owned alone is offered to whoever may take it over.
    if (left) ownerLeft(ctx, profile.id);
    // A new time zone or an away status moves their queue and standup prompts (a deactivation
    // stops them).
    scheduleChanged(ctx, profile.id);
  });

  app.event('team_join', async ({ event, logger }) => {
    const user = slackUserSchema.safeParse(event.user);
    if (!user.success)
      return logger.warn(`team_join without a readable user: ${problemsOf(user.error)}`);
    const profile = toMemberProfile(user.data);
    applyProfile(ctx, profile);
    welcomeNewMember(ctx, profile);
  });
}
