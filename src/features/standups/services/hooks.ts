import type { StandupsContext } from '../context.js';
import { pauseStandupsIn } from './days.js';
import type { StandupTexts } from './ports.js';
import { rescheduleMember } from './schedule.js';
import { followChannelMembers } from './setup.js';

/**
 * What standups do when the core says so: prompts follow their member's hours, standups that
 * ask everyone in a channel follow who is in it, and one whose channel is gone pauses.
 */
export function connectStandups(ctx: StandupsContext, texts: StandupTexts): void {
  ctx.hooks.onScheduleChanged((userId) => rescheduleMember(ctx, userId));
  ctx.hooks.onMembersChanged((channelId) => followChannelMembers(ctx, channelId));
  ctx.hooks.onConversationGone((channelId, why) => pauseStandupsIn(ctx, texts, channelId, why));
}
