import type { Refusal } from '../../../core/domain/authorization.js';
import { authorized, type ViewerContext, viewerOf } from '../../../core/services/authorization.js';
import { type MeetingAction, meetingVerdict } from '../domain/authorization.js';
import type { Meeting } from '../domain/meetings.js';
import type { MeetingRepository } from '../store/meeting-repository.js';

/**
 * The meeting rule of domain/authorization.ts with its facts looked up, on the kernel of
 * core/services/authorization.ts: every use case that names a meeting goes through
 * `authorizeMeeting`.
 */

/**
 * The meeting, if `userId` may do `action` with it; otherwise a refusal that says nothing about
 * it (not its topic, not who is in it).
 */
export function authorizeMeeting(
  ctx: ViewerContext & { meetings: MeetingRepository },
  userId: string,
  meetingId: number,
  action: MeetingAction,
): Meeting {
  return authorized(
    ctx.meetings.get(meetingId),
    (meeting) => meetingVerdict(viewerOf(ctx, userId), meeting, action),
    (refusal, meeting) => meetingRefusal(action, refusal, meeting, userId),
  );
}

function meetingRefusal(
  action: MeetingAction,
  refusal: Refusal,
  meeting: Meeting | undefined,
  userId: string,
): string {
  if (refusal === 'unknown' || !meeting) return 'I can’t find that meeting.';
  if (refusal === 'not_yours') {
    if (action !== 'vote') return 'Only the person who proposed this meeting can do that.';
    return meeting.requesterId === userId
      ? 'You proposed this meeting: the others vote, and you pick the time once their votes are in.'
      : 'This vote is for the people invited to the meeting.';
  }
  const over =
    meeting.state === 'cancelled'
      ? 'That meeting was called off.'
      : meeting.state === 'expired'
        ? 'Every time proposed for that meeting has passed.'
        : undefined;
  switch (action) {
    case 'vote':
      return over ?? 'The vote on this meeting has closed.';
    case 'confirm':
      return over ?? 'That meeting is already confirmed.';
    case 'cancel':
      return over ?? 'That meeting is already over.';
    default:
      return over ?? 'That meeting was already sent out for votes.';
  }
}
