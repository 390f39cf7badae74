import { parsePayload, type QueueItem, type QueueItemKind } from '../../../core/domain/queue.js';
import { oneLine } from '../../../core/slack/views/mrkdwn.js';
import type {
  ItemDescription,
  QueueItemRenderer,
} from '../../../core/slack/views/queue-item-message.js';
import { type MeetingContext, type MeetingView, meetingViewOf } from '../services/view.js';
import { confirmedMessage } from './views/confirmed.js';
import { shortTime } from './views/format.js';
import { confirmActionId, MEET_ACTIONS } from './views/ids.js';
import { homeVoteButtons, resultMessage, voteMessage } from './views/votes.js';

/** The meeting an item is about, as its views show it. */
function meetingOf(ctx: MeetingContext) {
  return (item: QueueItem): MeetingView => {
    const { meetingId } = parsePayload(item.kind as 'meeting_vote', item.payload);
    const found = ctx.meetings.get(meetingId);
    if (!found) throw new Error(`queue item ${item.id} names a missing meeting ${meetingId}`);
    return meetingViewOf(ctx, found);
  };
}

/** How a meeting's vote, result and confirmation look in their recipient's DM. */
export function meetingItemRenderers(
  ctx: MeetingContext,
): Partial<Record<QueueItemKind, QueueItemRenderer>> {
  const meeting = meetingOf(ctx);
  return {
    meeting_vote: (item) => voteMessage(meeting(item), item.recipientId),
    meeting_result: (item) => resultMessage(meeting(item)),
    meeting_confirmed: (item) => confirmedMessage(meeting(item), item.recipientId),
  };
}

/** A meeting's items on the Home tab and in a digest, with their own buttons while they apply. */
export function meetingItemDescriber(
  ctx: MeetingContext,
): (item: QueueItem) => ItemDescription | undefined {
  const meeting = meetingOf(ctx);
  return (item) => {
    switch (item.kind) {
      case 'meeting_vote': {
        const view = meeting(item);
        return {
          label: 'Meeting vote',
          summary: `${oneLine(view.meeting.topic)} · which times work for you?`,
          actions: view.meeting.state === 'voting' ? homeVoteButtons(view, item.recipientId) : [],
        };
      }
      case 'meeting_result': {
        const view = meeting(item);
        const zone = view.requester.timeZone;
        const open = view.meeting.state === 'voting' || view.meeting.state === 'closed';
        return {
          label: 'Meeting to confirm',
          summary: `${oneLine(view.meeting.topic)} · the votes are in`,
          actions: open
            ? [
                ...view.tally.map((t) => ({
                  text: `Confirm ${shortTime(t.slot.start, zone)}`,
                  actionId: confirmActionId(t.index),
                  value: `${view.meeting.id}:${t.index}`,
                })),
                {
                  text: 'Call it off',
                  actionId: MEET_ACTIONS.cancel,
                  value: String(view.meeting.id),
                  style: 'danger' as const,
                },
              ]
            : [],
        };
      }
      case 'meeting_confirmed': {
        const view = meeting(item);
        const slot = view.meeting.slots[view.meeting.confirmedSlot ?? -1];
        const zone = view.people.find((p) => p.id === item.recipientId)?.timeZone ?? 'UTC';
        return {
          label: 'Meeting confirmed',
          summary: `${oneLine(view.meeting.topic)}${slot ? ` · ${shortTime(slot.start, zone)} your time` : ''}`,
        };
      }
      default:
        return undefined;
    }
  };
}
