import type { KnownBlock } from '@slack/types';
import { formatInTimeZone } from 'date-fns-tz';
import { context, type Message, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, quote, truncate } from '../../../../core/slack/views/mrkdwn.js';
import type { Meeting, MeetingSlot } from '../../domain/meetings.js';
import type { MeetingView } from '../../services/view.js';
import {
  durationLabel,
  outsideSentence,
  slackRange,
  slotForEveryone,
  slotRange,
  withWhom,
} from './format.js';

/** The event's description in a calendar: the agenda and the expected outcome, as plain text. */
function details(meeting: Meeting): string {
  return [
    meeting.agenda ? `Agenda:\n${meeting.agenda}` : '',
    meeting.outcome ? `Expected outcome: ${meeting.outcome}` : '',
    'Set up with Mailroom.',
  ]
    .filter(Boolean)
    .join('\n\n');
}

const compactUtc = (instant: number) => formatInTimeZone(instant, 'UTC', "yyyyMMdd'T'HHmmss'Z'");
const isoUtc = (instant: number) => formatInTimeZone(instant, 'UTC', "yyyy-MM-dd'T'HH:mm:ss'Z'");

/** Add-to-calendar links: Google's and Outlook's event templates need no scope and no login here. */
export function calendarLinks(
  meeting: Meeting,
  slot: MeetingSlot,
): { google: string; outlook: string } {
  const title = truncate(meeting.topic, 200);
  const body = truncate(details(meeting), 1500);
  const google = new URL('https://calendar.google.com/calendar/render');
  google.searchParams.set('action', 'TEMPLATE');
  google.searchParams.set('text', title);
  google.searchParams.set('dates', `${compactUtc(slot.start)}/${compactUtc(slot.end)}`);
  google.searchParams.set('details', body);
  const outlook = new URL('https://outlook.office.com/calendar/0/deeplink/compose');
  outlook.searchParams.set('path', '/calendar/action/compose');
  outlook.searchParams.set('rru', 'addevent');
  outlook.searchParams.set('subject', title);
  outlook.searchParams.set('startdt', isoUtc(slot.start));
  outlook.searchParams.set('enddt', isoUtc(slot.end));
  outlook.searchParams.set('body', body);
  return { google: google.toString(), outlook: outlook.toString() };
}

function calendarLine(meeting: Meeting, slot: MeetingSlot): string {
  const links = calendarLinks(meeting, slot);
  return `Add it to your calendar: <${links.google}|Google Calendar> · <${links.outlook}|Outlook>`;
}

function agenda(meeting: Meeting): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (meeting.agenda) blocks.push(section(`*Agenda*\n${quote(meeting.agenda, 1400)}`));
  if (meeting.outcome) blocks.push(section(`*Expected outcome*\n${quote(meeting.outcome, 600)}`));
  return blocks;
}

function confirmedSlot(view: MeetingView): MeetingSlot | undefined {
  const { meeting } = view;
  return meeting.confirmedSlot === null ? undefined : meeting.slots[meeting.confirmedSlot];
}

/** The confirmed meeting in one participant's DM: their own time first, everyone else's after. */
export function confirmedMessage(view: MeetingView, recipientId: string): Message {
  const m = view.meeting;
  const slot = confirmedSlot(view);
  if (!slot || m.state !== 'confirmed') {
    const text = `The meeting *${escapeMrkdwn(m.topic)}* ${m.state === 'cancelled' ? 'was called off' : 'is no longer planned'}.`;
    return {
      text: `Meeting off: ${escapeMrkdwn(truncate(m.topic, 150))}`,
      blocks: [section(text)],
    };
  }
  const me = view.people.find((p) => p.id === recipientId);
  const zone = me?.timeZone ?? view.requester.timeZone;
  const outside = outsideSentence(view, slot);
  return {
    text: `Meeting confirmed: ${escapeMrkdwn(truncate(m.topic, 150))}, ${slotRange(slot, zone)} your time`,
    blocks: [
      section(
        `:calendar: *${escapeMrkdwn(m.topic)}* is confirmed by <@${m.requesterId}>: ${durationLabel(m.durationMinutes)}, with ${withWhom(view, recipientId)}.`,
      ),
      section(slotForEveryone(view, slot, recipientId)),
      ...agenda(m),
      section(calendarLine(m, slot)),
      ...(outside ? [context(`Outside their working hours for this one: ${outside}.`)] : []),
    ],
  };
}

/** The confirmed meeting in its channel: `<!date>` shows each reader their own time. */
export function confirmedChannelPost(view: MeetingView): Message {
  const m = view.meeting;
  const slot = confirmedSlot(view);
  if (!slot) return { text: 'Meeting confirmed', blocks: [section('Meeting confirmed.')] };
  const outside = outsideSentence(view, slot);
  return {
    text: `Meeting confirmed: ${escapeMrkdwn(truncate(m.topic, 150))}`,
    blocks: [
      section(
        `:calendar: <@${m.requesterId}> confirmed *${escapeMrkdwn(m.topic)}*: ${slackRange(slot)} (shown in your time), ${durationLabel(m.durationMinutes)}.`,
      ),
      ...agenda(m),
      section(calendarLine(m, slot)),
      ...(outside ? [context(`Outside their working hours for this one: ${outside}.`)] : []),
    ],
  };
}

/** The async route: the agenda in a channel, for written answers instead of a meeting. */
export function threadStarter(view: MeetingView): Message {
  const m = view.meeting;
  const others = m.participantIds.filter((id) => id !== m.requesterId);
  const mentions =
    m.channelId && others.length > 8
      ? `everyone in <#${m.channelId}>`
      : others.map((id) => `<@${id}>`).join(' ');
  return {
    text: `Instead of a meeting: ${escapeMrkdwn(truncate(m.topic, 150))}`,
    blocks: [
      section(
        `<@${m.requesterId}> would rather settle this in writing than in a meeting: *${escapeMrkdwn(m.topic)}*\n${mentions}, please answer in this thread, in your own working hours.`,
      ),
      ...agenda(m),
      context('A reply here is as good as a word in a meeting, and the next person can read it.'),
    ],
  };
}
