import type { KnownBlock } from '@slack/types';
import { actions, divider, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn } from '../../../../core/slack/views/mrkdwn.js';
import type { ProposedMeeting } from '../../services/home-section.js';
import { dayAndTime } from './format.js';
import { MEET_ACTIONS } from './ids.js';

/** The Home tab's "Meetings you proposed": where each stands, and Call it off. */
export function proposedMeetingsBlocks(
  meetings: readonly ProposedMeeting[],
  timeZone: string,
): KnownBlock[] {
  if (meetings.length === 0) return [];
  const blocks: KnownBlock[] = [divider(), section(`*Meetings you proposed (${meetings.length})*`)];
  for (const { meeting, voted, voters } of meetings) {
    const at = (instant: number) => dayAndTime(instant, timeZone);
    const slot = meeting.confirmedSlot === null ? undefined : meeting.slots[meeting.confirmedSlot];
    const where =
      meeting.state === 'draft'
        ? 'not sent yet'
        : meeting.state === 'voting'
          ? `voting: ${voted} of ${voters} voted${meeting.closesAt ? `, closes ${at(meeting.closesAt)}` : ''}`
          : meeting.state === 'closed'
            ? `the votes are in (${voted} of ${voters}): pick the time`
            : slot
              ? `confirmed for ${at(slot.start)}`
              : meeting.state;
    blocks.push(
      section(`*${escapeMrkdwn(meeting.topic)}* (${meeting.kind})\n_${where}_`),
      actions(`home_meeting:${meeting.id}`, [
        { text: 'Call it off', actionId: MEET_ACTIONS.cancel, value: String(meeting.id) },
      ]),
    );
  }
  return blocks;
}
