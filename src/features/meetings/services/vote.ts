import { canReceive, scheduleOf } from '../../../core/domain/member.js';
import { canTransition, OPEN_STATES, type QueueItem } from '../../../core/domain/queue.js';
import { UserFacingError } from '../../../core/services/errors.js';
import type { Naming } from '../../../core/services/naming.js';
import { enqueuePost } from '../../../core/services/posts.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import {
  everyoneVoted,
  MEETING_LIMITS,
  type Meeting,
  type VoteChoice,
  voteClosesAt,
  votersOf,
} from '../domain/meetings.js';
import { authorizeMeeting } from './authorization.js';
import type { MeetingNotifier } from './notifier.js';
import { plan } from './request.js';
import { type MeetingContext, type MeetingView, meetingViewOf, needsAgenda } from './view.js';

const HOUR = 60 * 60 * 1000;

export const meetingVoteKey = (meetingId: number, voterId: string) =>
  `meeting-vote:${meetingId}:${voterId}`;
export const meetingResultKey = (meetingId: number) => `meeting-result:${meetingId}`;
export const meetingConfirmedKey = (meetingId: number, participantId: string) =>
  `meeting-confirmed:${meetingId}:${participantId}`;

/**
 * "Send for votes": each voter gets a vote in their queue, delivered in their working hours and
 * due when the vote closes; a big group gets one poll in its channel instead.
 */
export async function sendForVotes(
  ctx: MeetingContext,
  notifier: MeetingNotifier,
  input: { meetingId: number; userId: string },
): Promise<MeetingView> {
  let meeting = authorizeMeeting(ctx, input.userId, input.meetingId, 'send');
  if (needsAgenda(meeting)) {
    throw new UserFacingError(
      'Add the agenda and the expected outcome first: people decide whether to come on what the meeting is for.',
    );
  }
  const now = ctx.clock();
  const soonest = Math.min(...meeting.slots.map((s) => s.start));
  // Times shown a while ago may have come too close for a vote: propose them again.
  if (meeting.slots.length === 0 || soonest < now + MEETING_LIMITS.closeBeforeFirstSlotMs + HOUR) {
    meeting = plan(ctx, meeting);
  }
  if (meeting.slots.length === 0) {
    throw new UserFacingError(
      'No time is left in this window once everyone has had a day to vote. Ask again for later days.',
    );
  }
  const first = Math.min(...meeting.slots.map((s) => s.start));
  const voters = votersOf(meeting).flatMap((id) => {
    const member = ctx.members.get(id);
    return member && canReceive(member) ? [member] : [];
  });
  if (voters.length === 0) {
    throw new UserFacingError('Nobody invited can receive a vote any more: they have all left.');
  }
  const closesAt = voteClosesAt(
    now,
    first,
    voters.map((m) => scheduleOf(m, ctx.settings.defaultTimeZone).hours),
  );
  const voting = ctx.meetings.update(meeting.id, ['draft'], { state: 'voting', closesAt }, now);
  if (!voting) throw new UserFacingError('That meeting was already sent out for votes.');

  if (voting.pollChannelId) {
    // Its ts is recorded once it is posted (recordMeetingPost); a channel that refuses it
    // puts the meeting back to a draft, and its requester is told (meetingPollRefused).
    enqueuePost(ctx, {
      channelId: voting.pollChannelId,
      message: notifier.pollPost(meetingViewOf(ctx, voting)),
      key: `meeting-poll:${voting.id}:${now}`,
      purpose: { kind: 'meeting_poll', meetingId: voting.id },
    });
    return meetingViewOf(ctx, voting);
  }
  for (const voter of voters) {
    enqueueForRecipient(ctx, {
      kind: 'meeting_vote',
      recipientId: voter.id,
      requesterId: voting.requesterId,
      channelId: voting.channelId,
      payload: { meetingId: voting.id },
      dueBy: closesAt,
      idempotencyKey: meetingVoteKey(voting.id, voter.id),
    });
  }
  return meetingViewOf(ctx, voting);
}

/**
 * Works / could do / can't on one slot, from the vote DM, the Home tab or a channel poll. A
 * later vote replaces an earlier one. The vote closes as soon as everyone has voted.
 */
export async function castVote(
  ctx: MeetingContext,
  notifier: MeetingNotifier,
  input: { meetingId: number; userId: string; slotIndex: number; choice: VoteChoice },
): Promise<{ view: MeetingView; closed: boolean }> {
  const meeting = authorizeMeeting(ctx, input.userId, input.meetingId, 'vote');
  const slot = meeting.slots[input.slotIndex];
  if (!slot) throw new UserFacingError('I can’t find that time in this meeting.');
  const now = ctx.clock();
  if (slot.start <= now) throw new UserFacingError('That time has passed: vote on the others.');
  ctx.meetings.recordVote(
    meeting.id,
    { voterId: input.userId, slotIndex: input.slotIndex, choice: input.choice },
    now,
  );
  const votes = ctx.meetings.votes(meeting.id);
  const mine = new Set(votes.filter((v) => v.voterId === input.userId).map((v) => v.slotIndex));
  if (meeting.slots.every((s, i) => s.start <= now || mine.has(i))) {
    // Their part is done; the DM keeps its buttons, so they can still change their mind.
    const item = ctx.queue.findByKey(meetingVoteKey(meeting.id, input.userId));
    if (item && item.state !== 'sending' && canTransition(item.state, 'done')) {
      ctx.queue.transition(item, 'done', now);
    }
  }
  if (everyoneVoted(meeting, votes, now)) {
    const closed = await closeVote(ctx, notifier, meeting);
    if (closed) return { view: meetingViewOf(ctx, closed), closed: true };
  }
  const view = meetingViewOf(ctx, meeting);
  if (meeting.pollChannelId) await quietly(ctx, 'update the poll', notifier.updatePoll(view));
  return { view, closed: false };
}

/**
 * Ends the vote (everyone voted, or time ran out): the votes still waiting are withdrawn, their
 * DMs stop inviting a vote, and the requester gets the result to confirm, in their working hours.
 */
export async function closeVote(
  ctx: MeetingContext,
  notifier: MeetingNotifier,
  meeting: Meeting,
): Promise<Meeting | undefined> {
  const closed = ctx.meetings.update(meeting.id, ['voting'], { state: 'closed' }, ctx.clock());
  if (!closed) return undefined;
  // Queued before any call to Slack, so that a process stopped halfway still delivers it.
  try {
    enqueueForRecipient(ctx, {
      kind: 'meeting_result',
      recipientId: closed.requesterId,
      payload: { meetingId: closed.id },
      idempotencyKey: meetingResultKey(closed.id),
    });
  } catch (error) {
    ctx.logger.warn(`the result of meeting ${closed.id} cannot reach its requester`, error);
  }
  await settleMeetingItems(ctx, notifier, closed, 'votes');
  return closed;
}

/**
 * From the minute tick: votes whose time is up close, and open meetings whose every slot has
 * passed expire. One meeting that fails holds up no other.
 */
export async function closeDueMeetings(
  ctx: MeetingContext,
  notifier: MeetingNotifier,
): Promise<{ closed: number; expired: number }> {
  const counts = { closed: 0, expired: 0 };
  const now = ctx.clock();
  for (const meeting of ctx.meetings.dueToClose(now)) {
    try {
      if (await closeVote(ctx, notifier, meeting)) counts.closed += 1;
    } catch (error) {
      ctx.logger.error(`closing the vote of meeting ${meeting.id} failed`, error);
    }
  }
  for (const meeting of ctx.meetings.dueToExpire(now)) {
    try {
      if (await expireMeeting(ctx, notifier, meeting)) counts.expired += 1;
    } catch (error) {
      ctx.logger.error(`expiring meeting ${meeting.id} failed`, error);
    }
  }
  return counts;
}

async function expireMeeting(
  ctx: MeetingContext,
  notifier: MeetingNotifier,
  meeting: Meeting,
): Promise<boolean> {
  const expired = ctx.meetings.update(
    meeting.id,
    ['draft', 'voting', 'closed'],
    { state: 'expired' },
    ctx.clock(),
  );
  if (!expired) return false;
  await settleMeetingItems(ctx, notifier, expired, 'all');
  if (meeting.state !== 'draft') {
    try {
      enqueueForRecipient(ctx, {
        kind: 'notice',
        recipientId: expired.requesterId,
        payload: {
          text: 'Every time proposed for your meeting has passed before one was confirmed. Use `/meet` again for new times.',
          quote: expired.topic,
        },
        idempotencyKey: `meeting-expired:${expired.id}`,
      });
    } catch (error) {
      ctx.logger.warn(`meeting ${expired.id} expired; its requester cannot be told`, error);
    }
  }
  return true;
}

/**
 * Withdraws what the meeting still has in people's queues (`votes`: the votes; `all`: the
 * result too) and rewrites the vote DMs already delivered and the channel poll, so that
 * nothing invites a vote that would be refused.
 */
export async function settleMeetingItems(
  ctx: MeetingContext,
  notifier: MeetingNotifier,
  meeting: Meeting,
  which: 'votes' | 'all',
): Promise<void> {
  const now = ctx.clock();
  const view = meetingViewOf(ctx, meeting);
  const delivered: QueueItem[] = [];
  for (const voterId of votersOf(meeting)) {
    const item = ctx.queue.findByKey(meetingVoteKey(meeting.id, voterId));
    if (!item) continue;
    if (OPEN_STATES.includes(item.state) && item.state !== 'sending') {
      ctx.queue.transition(item, 'expired', now, { lastError: `meeting ${meeting.state}` });
    }
    if (item.deliveredTs) delivered.push(item);
  }
  if (which === 'all') {
    const result = ctx.queue.findByKey(meetingResultKey(meeting.id));
    if (result && OPEN_STATES.includes(result.state) && result.state !== 'sending') {
      ctx.queue.transition(result, 'expired', now, { lastError: `meeting ${meeting.state}` });
    }
  }
  for (const item of delivered) {
    await quietly(ctx, `close the vote DM ${item.id}`, notifier.closeVote(item, view));
  }
  if (meeting.pollChannelId && meeting.pollTs) {
    await quietly(ctx, 'update the poll', notifier.updatePoll(view));
  }
}

/** The poll is in its channel: later votes and the result rewrite it there. */
export function recordPollPosted(ctx: MeetingContext, meetingId: number, pollTs: string): void {
  const states = ['voting', 'closed', 'confirmed', 'cancelled', 'expired'] as const;
  ctx.meetings.update(meetingId, states, { pollTs }, ctx.clock());
}

/** The poll's channel would not take it: the meeting is a draft again, and its requester hears why. */
export function pollRefused(ctx: MeetingContext, naming: Naming, meetingId: number): void {
  const meeting = ctx.meetings.get(meetingId);
  const draft =
    meeting &&
    ctx.meetings.update(meetingId, ['voting'], { state: 'draft', closesAt: null }, ctx.clock());
  if (!meeting || !draft) return;
  enqueueForRecipient(ctx, {
    kind: 'notice',
    recipientId: meeting.requesterId,
    payload: {
      text: `I couldn’t post the poll in ${naming.channel(meeting.pollChannelId ?? '')}. Invite Mailroom to the channel (\`/invite @Mailroom\`) and send it again.`,
      quote: meeting.topic,
    },
    idempotencyKey: `meeting-poll-refused:${meetingId}:${draft.updatedAt}`,
  });
}

/** Slack-side touches after the fact are cosmetic: the store is already right. */
export async function quietly(
  ctx: Pick<MeetingContext, 'logger'>,
  what: string,
  work: Promise<unknown>,
): Promise<void> {
  try {
    await work;
  } catch (error) {
    ctx.logger.warn(`could not ${what}`, error);
  }
}
