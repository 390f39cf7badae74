import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { problemsOf } from '../failures.js';

const membershipSchema = z.looseObject({ user: z.string(), channel: z.string() });
const channelSchema = z.looseObject({ channel: z.string() });

/**
 * Keeps what Mailroom knows about conversations current: who joins and leaves (only for
 * conversations it already knows: search visibility rests on them), and which are archived
 * or deleted.
 */
export function registerChannelEvents(app: App, ctx: ServiceContext): void {
  app.event('member_joined_channel', async ({ event, logger }) => {
    const parsed = membershipSchema.safeParse(event);
    if (!parsed.success)
      return logger.warn(`member_joined_channel unreadable: ${problemsOf(parsed.error)}`);
    const { user, channel } = parsed.data;
    if (!ctx.channels.get(channel)) return;
    ctx.channels.addMember(channel, user, ctx.clock());
    ctx.hooks.membersChanged(channel);
  });

  app.event('member_left_channel', async ({ event, logger, context }) => {
    const parsed = membershipSchema.safeParse(event);
    if (!parsed.success)
      return logger.warn(`member_left_channel unreadable: ${problemsOf(parsed.error)}`);
    const { user, channel } = parsed.data;
    if (!ctx.channels.get(channel)) return;
    ctx.channels.removeMember(channel, user);
    // Standups asking everyone there follow; one Mailroom can no longer post in pauses.
    ctx.hooks.membersChanged(channel);
    if (user === context.botUserId) await ctx.hooks.conversationGone(channel, 'not_in_channel');
  });

  const onChannel =
    (type: string, apply: (channelId: string) => void) =>
    async ({ event, logger }: { event: unknown; logger: { warn(...args: unknown[]): void } }) => {
      const parsed = channelSchema.safeParse(event);
      if (!parsed.success) return logger.warn(`${type} unreadable: ${problemsOf(parsed.error)}`);
      // The repository changes only channels it has a row for; others are ignored.
      apply(parsed.data.channel);
    };

  const archive = (archived: boolean) => (id: string) => {
    ctx.channels.setArchived(id, archived, ctx.clock());
    if (archived)
      ctx.work.start('pausing what posts there', ctx.hooks.conversationGone(id, 'is_archived'));
  };
  const remove = (id: string) => {
    ctx.channels.markDeleted(id, ctx.clock());
    ctx.work.start('pausing what posts there', ctx.hooks.conversationGone(id, 'channel_not_found'));
  };

  app.event('channel_archive', onChannel('channel_archive', archive(true)));
  app.event('group_archive', onChannel('group_archive', archive(true)));
  app.event('channel_unarchive', onChannel('channel_unarchive', archive(false)));
  app.event('group_unarchive', onChannel('group_unarchive', archive(false)));
  app.event('channel_deleted', onChannel('channel_deleted', remove));
  app.event('group_deleted', onChannel('group_deleted', remove));
}
