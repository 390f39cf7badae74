import { parsePayload, type QueueItem } from '../domain/queue.js';
import type { ServiceContext } from './context.js';
import { pauseForChannel, recordStandupPost } from './standups/days.js';
import { StandupChannelGone, standupPostPurposeSchema } from './standups/ports.js';

/** What a post is for (its payload's purpose), when a feature must act on its fate. */
function standupPurposeOf(item: QueueItem) {
  if (item.kind !== 'post') return undefined;
  const parsed = standupPostPurposeSchema.safeParse(parsePayload('post', item.payload).purpose);
  return parsed.success ? parsed.data : undefined;
}

/** A post is in Slack: its feature records where (a standup's daily message, answer, report). */
export function recordPurposeOf(ctx: ServiceContext, item: QueueItem, ts: string): void {
  const standup = standupPurposeOf(item);
  if (standup) recordStandupPost(ctx, standup, ts);
}

const CHANNEL_GONE = /\b(is_archived|not_in_channel|channel_not_found)\b/;

/** A standup's post its channel refused for good: the standup pauses, and its owner is told. */
export async function pauseStandupOfPost(
  ctx: ServiceContext,
  item: QueueItem,
  reason: string,
): Promise<void> {
  const purpose = standupPurposeOf(item);
  const code = CHANNEL_GONE.exec(reason)?.[1] as StandupChannelGone['code'] | undefined;
  if (!purpose || !code) return;
  const standupId =
    purpose.kind === 'standup_answer'
      ? ctx.standups.entry(purpose.entryId)?.standupId
      : purpose.standupId;
  const standup = standupId === undefined ? undefined : ctx.standups.get(standupId);
  if (standup) await pauseForChannel(ctx, standup, new StandupChannelGone(code));
}
