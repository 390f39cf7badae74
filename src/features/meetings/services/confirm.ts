import { canReceive } from '../../../core/domain/member.js';
import { OPEN_STATES } from '../../../core/domain/queue.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { enqueuePost } from '../../../core/services/posts.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import { votersOf } from '../domain/meetings.js';
import { authorizeMeeting } from './authorization.js';
import type { MeetingNotifier } from './notifier.js';
import { type MeetingContext, type MeetingView, meetingViewOf } from './view.js';
import {
  meetingConfirmedKey,
  meetingResultKey,
  meetingVoteKey,
  settleMeetingItems,
} from './vote.js';

/**
 * The requester picks the slot (usually once the votes are in; earlier ends the vote). Each
 * voter gets the meeting in their own time with add-to-calendar links, in their working hours,
 * and the channel it concerns sees it posted. A social meeting's out-of-hours minutes now count
 * in the group's fairness ledger.
 */
export async function confirmMeeting(
  ctx: MeetingContext,
  notifier: MeetingNotifier,
  input: { meetingId: number; userId: string; slotIndex: number },
): Promise<MeetingView> {
  const meeting = authorizeMeeting(ctx, input.userId, input.meetingId, 'confirm');
  const slot = meeting.slots[input.slotIndex];
  if (!slot) throw new UserFacingError('I can’t find that time in this meeting.');
  const now = ctx.clock();
  if (slot.start <= now) throw new UserFacingError('That time has passed: pick another one.');
  const confirmed = ctx.meetings.update(
    meeting.id,
    ['voting', 'closed'],
    { state: 'confirmed', confirmedSlot: input.slotIndex, expiresAt: slot.end },
    now,
  );
  if (!confirmed) throw new UserFacingError('That meeting moved on in the meantime.');
  await settleMeetingItems(ctx, notifier, confirmed, 'votes');
  const result = ctx.queue.findByKey(meetingResultKey(confirmed.id));
  if (result && OPEN_STATES.includes(result.state) && result.state !== 'sending') {
    ctx.queue.transition(result, 'done', now);
  }
  const view = meetingViewOf(ctx, confirmed);
  if (!confirmed.pollChannelId) {
    for (const voterId of votersOf(confirmed)) {
      const member = ctx.members.get(voterId);
      if (!member || !canReceive(member)) continue;
      enqueueForRecipient(ctx, {
        kind: 'meeting_confirmed',
        recipientId: voterId,
        requesterId: confirmed.requesterId,
        channelId: confirmed.channelId,
        payload: { meetingId: confirmed.id },
        idempotencyKey: meetingConfirmedKey(confirmed.id, voterId),
      });
    }
  }
  const channelId = confirmed.pollChannelId ?? confirmed.channelId;
  if (channelId) {
    enqueuePost(ctx, {
      channelId,
      message: notifier.confirmedPost(view),
      key: `meeting-confirmed:${confirmed.id}`,
    });
  }
  return view;
}

/**
 * The requester calls the meeting off: what is still in people's queues is withdrawn, and
 * everyone already asked (or told the time) hears that it is off, in their working hours.
 */
export async function cancelMeeting(
  ctx: MeetingContext,
  notifier: MeetingNotifier,
  input: { meetingId: number; userId: string },
): Promise<MeetingView> {
  const meeting = authorizeMeeting(ctx, input.userId, input.meetingId, 'cancel');
  const now = ctx.clock();
  const cancelled = ctx.meetings.update(
    meeting.id,
    ['draft', 'voting', 'closed', 'confirmed'],
    { state: 'cancelled' },
    now,
  );
  if (!cancelled) throw new UserFacingError('That meeting moved on in the meantime.');
  await settleMeetingItems(ctx, notifier, cancelled, 'all');
  if (meeting.state === 'draft' || cancelled.pollChannelId) return meetingViewOf(ctx, cancelled);
  const voted = new Set(ctx.meetings.votes(cancelled.id).map((v) => v.voterId));
  for (const voterId of votersOf(cancelled)) {
    const vote = ctx.queue.findByKey(meetingVoteKey(cancelled.id, voterId));
    const confirmation = ctx.queue.findByKey(meetingConfirmedKey(cancelled.id, voterId));
    if (
      confirmation &&
      !confirmation.deliveredTs &&
      OPEN_STATES.includes(confirmation.state) &&
      confirmation.state !== 'sending'
    ) {
      ctx.queue.transition(confirmation, 'expired', now, { lastError: 'meeting cancelled' });
    }
    // Only people who heard of it hear that it is off.
    const heard = Boolean(vote?.deliveredTs || confirmation?.deliveredTs) || voted.has(voterId);
    const member = ctx.members.get(voterId);
    if (!heard || !member || !canReceive(member)) continue;
    enqueueForRecipient(ctx, {
      kind: 'notice',
      recipientId: voterId,
      requesterId: cancelled.requesterId,
      payload: {
        text: `${notifier.naming.person(cancelled.requesterId)} called off this meeting${meeting.state === 'confirmed' ? '; remove it from your calendar if you added it' : ''}:`,
        quote: cancelled.topic,
      },
      idempotencyKey: `meeting-cancelled:${cancelled.id}:${voterId}`,
    });
  }
  return meetingViewOf(ctx, cancelled);
}
