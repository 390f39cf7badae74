import type { MeetingsContext } from '../context.js';
import { type Meeting, votersOf } from '../domain/meetings.js';

export interface ProposedMeeting {
  meeting: Meeting;
  /** Voters who have voted on at least one slot. */
  voted: number;
  voters: number;
}

/** The Home tab's "meetings you proposed": open ones and confirmed ones still ahead. */
export function proposedMeetingsOf(
  ctx: Pick<MeetingsContext, 'meetings' | 'clock'>,
  userId: string,
  limit = 5,
): ProposedMeeting[] {
  return ctx.meetings.proposedBy(userId, ctx.clock(), limit).map((meeting) => ({
    meeting,
    voted: new Set(ctx.meetings.votes(meeting.id).map((v) => v.voterId)).size,
    voters: votersOf(meeting).length,
  }));
}
