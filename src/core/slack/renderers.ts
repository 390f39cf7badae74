import {
  answerMessage,
  QUESTION_ACTIONS,
  questionItemMessage,
} from '../../features/ask/slack/views/question.js';
import {
  decisionItemRenderers,
  describeDecisionQueueItem,
} from '../../features/decisions/slack/renderers.js';
import type { DescribeItem } from '../../features/home/slack/views/home-tab.js';
import {
  type MeetingContext,
  type MeetingView,
  meetingViewOf,
} from '../../features/meetings/services/view.js';
import { confirmedMessage } from '../../features/meetings/slack/views/confirmed.js';
import { shortTime } from '../../features/meetings/slack/views/format.js';
import { confirmActionId, MEET_ACTIONS } from '../../features/meetings/slack/views/ids.js';
import {
  homeVoteButtons,
  resultMessage,
  voteMessage,
} from '../../features/meetings/slack/views/votes.js';
import {
  describeStandupItem,
  standupItemRenderers,
} from '../../features/standups/slack/renderers.js';
import type { QueueItem, QueueItemKind } from '../domain/queue.js';
import { parsePayload } from '../domain/queue.js';
import type { ServiceContext } from '../services/context.js';
import { escapeMrkdwn, truncate } from './views/mrkdwn.js';
import { type QueueItemRenderer, renderNotice } from './views/queue-item-message.js';

/** How each kind of queue item looks in its recipient's DM. */
export function queueItemRenderers(
  ctx: Pick<ServiceContext, 'questions' | 'decisions' | 'standups' | 'settings'> & MeetingContext,
): Partial<Record<QueueItemKind, QueueItemRenderer>> {
  const meeting = meetingOf(ctx);
  return {
    ...standupItemRenderers(ctx),
    notice: renderNotice,
    question: questionItemMessage,
    answer: (item) => {
      const { questionId } = parsePayload('answer', item.payload);
      const question = ctx.questions.get(questionId);
      if (!question)
        throw new Error(`answer item ${item.id} names a missing question ${questionId}`);
      return answerMessage(question);
    },
    ...decisionItemRenderers(ctx),
    meeting_vote: (item) => voteMessage(meeting(item), item.recipientId),
    meeting_result: (item) => resultMessage(meeting(item)),
    meeting_confirmed: (item) => confirmedMessage(meeting(item), item.recipientId),
  };
}

/** The meeting an item is about, as its views show it. */
function meetingOf(ctx: MeetingContext) {
  return (item: QueueItem): MeetingView => {
    const { meetingId } = parsePayload(item.kind as 'meeting_vote', item.payload);
    const found = ctx.meetings.get(meetingId);
    if (!found) throw new Error(`queue item ${item.id} names a missing meeting ${meetingId}`);
    return meetingViewOf(ctx, found);
  };
}

/** How each kind of queue item is summed up on the Home tab, in one line, with its own buttons. */
export function homeItemDescriber(
  ctx: Pick<ServiceContext, 'questions' | 'decisions' | 'standups' | 'settings'> & MeetingContext,
): DescribeItem {
  const oneLine = (text: string, max = 160) =>
    escapeMrkdwn(truncate(text.replace(/\s+/g, ' '), max));
  const meeting = meetingOf(ctx);
  return (item) => {
    const standup = describeStandupItem(ctx, item);
    if (standup) return standup;
    switch (item.kind) {
      case 'question': {
        const { text } = parsePayload('question', item.payload);
        const id = String(item.id);
        return {
          label: 'Question',
          summary: oneLine(text),
          actions: [
            { text: 'Answer', actionId: QUESTION_ACTIONS.answer, value: id, style: 'primary' },
            { text: 'Reassign', actionId: QUESTION_ACTIONS.reassign, value: id },
          ],
        };
      }
      case 'answer': {
        const { questionId } = parsePayload('answer', item.payload);
        const question = ctx.questions.get(questionId);
        return {
          label: 'Answer to a question you asked',
          summary: question ? oneLine(question.text) : 'an earlier question',
        };
      }
      case 'notice': {
        const { text } = parsePayload('notice', item.payload);
        return { label: 'Note', summary: oneLine(text) };
      }
      case 'decision_input':
      case 'decision_follow_up':
      case 'decision_revisit':
        return describeDecisionQueueItem(ctx, item) ?? { label: 'Decision', summary: '' };
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
      default: {
        const text = typeof item.payload.text === 'string' ? oneLine(item.payload.text) : '';
        return { label: humanizeKind(item.kind), summary: text || 'no details' };
      }
    }
  };
}

function humanizeKind(kind: string): string {
  const words = kind.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
