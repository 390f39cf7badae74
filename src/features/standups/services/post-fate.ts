import type { QueueItem } from '../../../core/domain/queue.js';
import { conversationGoneIn, purposeOf } from '../../../core/services/posts.js';
import type { StandupsContext } from '../context.js';
import { pauseForChannel, recordStandupPost } from './days.js';
import { StandupChannelGone, type StandupTexts, standupPostPurposeSchema } from './ports.js';

/** A standup's channel message is in Slack: where it is, for what follows. */
export function standupPostPosted(
  ctx: Pick<StandupsContext, 'standups'>,
  item: QueueItem,
  ts: string,
): void {
  const purpose = purposeOf(standupPostPurposeSchema, item);
  if (purpose) recordStandupPost(ctx, purpose, ts);
}

/** Its channel refused a standup's message for good: the standup pauses (its owner is told). */
export async function standupPostRefused(
  ctx: Parameters<typeof pauseForChannel>[0],
  texts: Pick<StandupTexts, 'pausedForChannel'>,
  item: QueueItem,
  reason: string,
): Promise<void> {
  const purpose = purposeOf(standupPostPurposeSchema, item);
  const code = conversationGoneIn(reason);
  if (!purpose || !code) return;
  const standupId =
    purpose.kind === 'standup_answer'
      ? ctx.standups.entry(purpose.entryId)?.standupId
      : purpose.standupId;
  const standup = standupId === undefined ? undefined : ctx.standups.get(standupId);
  if (standup) await pauseForChannel(ctx, texts, standup, new StandupChannelGone(code));
}
