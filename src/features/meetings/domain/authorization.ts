import {
  ALLOWED,
  isIn,
  refuse,
  type Verdict,
  type Viewer,
} from '../../../core/domain/authorization.js';
import type { MeetingState } from './meetings.js';

/**
 * Who may do what with a meeting: the one rule for its kind. The viewer, the verdicts and which
 * facts come from Slack are the kernel's: see the top of core/domain/authorization.ts.
 */

export interface MeetingFacts {
  requesterId: string;
  /** Everyone taking part, the requester included. */
  participantIds: readonly string[];
  state: MeetingState;
  /** The channel a big group's poll was posted in, if any. */
  pollChannelId: string | null;
}

/**
 * `vote`: works / could do / can't on a slot. `switch_kind`, `edit` (the agenda and outcome)
 * and `send` (out for votes) shape the proposal before anyone is asked; `confirm` picks the
 * slot; `cancel` calls it off.
 */
export type MeetingAction = 'see' | 'vote' | 'switch_kind' | 'edit' | 'send' | 'confirm' | 'cancel';

const MEETING_ACTIONABLE: Record<
  Exclude<MeetingAction, 'see' | 'vote'>,
  readonly MeetingState[]
> = {
  switch_kind: ['draft'],
  edit: ['draft'],
  send: ['draft'],
  confirm: ['voting', 'closed'],
  cancel: ['draft', 'voting', 'closed', 'confirmed'],
};

/**
 * A meeting is for the people in it: its requester and participants see it, and so do the
 * members of the channel its poll was posted in. Only participants other than the requester
 * vote, and only while the vote is open; everything else is the requester's.
 */
export function meetingVerdict(
  viewer: Viewer,
  meeting: MeetingFacts,
  action: MeetingAction,
): Verdict {
  const isRequester = viewer.userId === meeting.requesterId;
  const isParticipant = meeting.participantIds.includes(viewer.userId);
  if (!isRequester && !isParticipant && !isIn(viewer, meeting.pollChannelId)) {
    return refuse('unknown');
  }
  if (action === 'see') return ALLOWED;
  if (action === 'vote') {
    if (isRequester || !isParticipant) return refuse('not_yours');
    return meeting.state === 'voting' ? ALLOWED : refuse('settled');
  }
  if (!isRequester) return refuse('not_yours');
  return MEETING_ACTIONABLE[action].includes(meeting.state) ? ALLOWED : refuse('settled');
}
