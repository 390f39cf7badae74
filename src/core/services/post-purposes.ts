import { z } from 'zod';
import { pollRefused, recordPollPosted } from '../../features/meetings/services/vote.js';
import { pauseForChannel, recordStandupPost } from '../../features/standups/services/days.js';
import {
  StandupChannelGone,
  standupPostPurposeSchema,
} from '../../features/standups/services/ports.js';
import { parsePayload, type QueueItem } from '../domain/queue.js';
import type { ServiceContext } from './context.js';

const meetingPollSchema = z.object({ kind: z.literal('meeting_poll'), meetingId: z.number() });

/** What a post is for (its payload's purpose), when a feature must act on its fate. */
function purposeOf<T>(schema: z.ZodType<T>, item: QueueItem): T | undefined {
  if (item.kind !== 'post') return undefined;
  const parsed = schema.safeParse(parsePayload('post', item.payload).purpose);
  return parsed.success ? parsed.data : undefined;
}

const standupPurposeOf = (item: QueueItem) => purposeOf(standupPostPurposeSchema, item);

/**
 * A post is in Slack: its feature records where (a standup's daily message, answer or report,
 * a meeting's poll).
 */
export function recordPurposeOf(ctx: ServiceContext, item: QueueItem, ts: string): void {
  const standup = standupPurposeOf(item);
  if (standup) recordStandupPost(ctx, standup, ts);
  const poll = purposeOf(meetingPollSchema, item);
  if (poll) recordPollPosted(ctx, poll.meetingId, ts);
}

const CHANNEL_GONE = /\b(is_archived|not_in_channel|channel_not_found)\b/;

/**
 * A post its conversation refused for good: a standup pauses (its owner is told), a meeting's
 * poll puts the meeting back to a draft (its requester is told).
 */
export async function refusedPost(
  ctx: ServiceContext,
  item: QueueItem,
  reason: string,
): Promise<void> {
  const code = CHANNEL_GONE.exec(reason)?.[1] as StandupChannelGone['code'] | undefined;
  const poll = purposeOf(meetingPollSchema, item);
  if (poll) pollRefused(ctx, poll.meetingId);
  const purpose = standupPurposeOf(item);
  if (!purpose || !code) return;
  const standupId =
    purpose.kind === 'standup_answer'
      ? ctx.standups.entry(purpose.entryId)?.standupId
      : purpose.standupId;
  const standup = standupId === undefined ? undefined : ctx.standups.get(standupId);
  if (standup) await pauseForChannel(ctx, standup, new StandupChannelGone(code));
}
