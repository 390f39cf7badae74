import { z } from 'zod';
import type { QueueItem } from '../../../core/domain/queue.js';
import type { Naming } from '../../../core/services/naming.js';
import { purposeOf } from '../../../core/services/posts.js';
import type { MeetingContext } from './view.js';
import { pollRefused, recordPollPosted } from './vote.js';

const meetingPollSchema = z.object({ kind: z.literal('meeting_poll'), meetingId: z.number() });

/** A meeting's poll is in its channel: later votes and the result rewrite it there. */
export function meetingPollPosted(ctx: MeetingContext, item: QueueItem, ts: string): void {
  const poll = purposeOf(meetingPollSchema, item);
  if (poll) recordPollPosted(ctx, poll.meetingId, ts);
}

/** Its channel would not take a meeting's poll: the meeting is a draft again. */
export function meetingPollRefused(ctx: MeetingContext, naming: Naming, item: QueueItem): void {
  const poll = purposeOf(meetingPollSchema, item);
  if (poll) pollRefused(ctx, naming, poll.meetingId);
}
