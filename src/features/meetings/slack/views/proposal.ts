import type { KnownBlock } from '@slack/types';
import { formatInTimeZone } from 'date-fns-tz';
import {
  actions,
  type ButtonSpec,
  context,
  type Message,
  section,
} from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, quote, truncate } from '../../../../core/slack/views/mrkdwn.js';
import type { MeetingKind } from '../../domain/meeting-kind.js';
import { votersOf } from '../../domain/meetings.js';
import type { MeetingView } from '../../services/view.js';
import {
  dayAndTime,
  durationLabel,
  outsideSentence,
  outsideText,
  slotForEveryone,
  withWhom,
} from './format.js';
import { MEET_ACTIONS } from './ids.js';

const other = (kind: MeetingKind): MeetingKind =>
  kind === 'transactional' ? 'social' : 'transactional';

export function headline(view: MeetingView): string {
  const m = view.meeting;
  const zone = view.requester.timeZone;
  const who = withWhom(view, m.requesterId);
  const poll = m.pollChannelId
    ? ` (${votersOf(m).length} people: they vote in one poll in <#${m.pollChannelId}>)`
    : '';
  return `*${escapeMrkdwn(m.topic)}*\nWith ${who}${poll} · ${durationLabel(m.durationMinutes)} · ${windowText(m.windowStart, m.windowEnd, zone)}`;
}

/**
 * "on Fri 13 Mar, your time" for one whole day, "Mon 16 Mar to Sun 22 Mar" for several, else
 * with the times; in the requester's zone.
 */
function windowText(start: number, end: number, zone: string): string {
  const atMidnight = (instant: number) => formatInTimeZone(instant, zone, 'HH:mm') === '00:00';
  if (atMidnight(start) && atMidnight(end)) {
    const day = (instant: number) => formatInTimeZone(instant, zone, 'EEE d MMM');
    if (day(start) === day(end - 1)) return `on ${day(start)}, your time`;
    return `${day(start)} to ${day(end - 1)}`;
  }
  return `between ${dayAndTime(start, zone)} and ${dayAndTime(end, zone)} your time`;
}

export function kindLine(view: MeetingView): string {
  const m = view.meeting;
  const why = m.kindReasons.map(escapeMrkdwn).join('; ');
  if (m.kind === m.suggestedKind) {
    return `Mailroom reads this as *${m.kind}* (${why}).`;
  }
  return `You made this *${m.kind}*; Mailroom had read it as ${m.suggestedKind} (${why}).`;
}

function kindMeaning(kind: MeetingKind): string {
  return kind === 'transactional'
    ? 'A transactional meeting exists to reach an outcome: it needs an agenda, stays short, and is proposed only inside everyone’s working hours when they overlap.'
    : 'A social meeting is for the team: its times fall in as many people’s working hours as possible, and the inconvenience rotates between meetings.';
}

const ROUTE_LABELS = {
  thread: '*A thread with the agenda*',
  decision: '*`/decision`*',
  ask: '*`/ask`*',
} as const;

export function offerLines(view: MeetingView): string {
  const lines = view.offers.map((offer) => `• ${ROUTE_LABELS[offer.route]}: ${offer.why}.`);
  return `*Maybe it need not be a meeting.*\n${lines.join('\n')}`;
}

function agendaBlocks(view: MeetingView): KnownBlock[] {
  const m = view.meeting;
  const blocks: KnownBlock[] = [];
  if (m.agenda) blocks.push(section(`*Agenda*\n${quote(m.agenda, 1400)}`));
  if (m.outcome) blocks.push(section(`*Expected outcome*\n${quote(m.outcome, 600)}`));
  return blocks;
}

/** The proposed slots in everyone's own time, with what they mean for the people outside their hours. */
export function slotBlocks(view: MeetingView): KnownBlock[] {
  const m = view.meeting;
  if (m.slots.length === 0) {
    return [
      section(
        'No time is left in this window once everyone has had a day to vote. Ask again with later days.',
      ),
    ];
  }
  const blocks: KnownBlock[] = [];
  const everyoneInside = m.slots.every((slot) => slot.outside.length === 0);
  if (m.kind === 'transactional' && !everyoneInside) {
    blocks.push(
      section(
        m.sharedMinutes === 0
          ? `:warning: *You never all work at the same time* in this window. The least-bad times, each placing the burden differently:`
          : `:warning: *No ${durationLabel(m.durationMinutes)} stretch falls in everyone’s working hours* in this window. The least-bad times, each placing the burden differently:`,
      ),
    );
  } else if (everyoneInside) {
    blocks.push(section('*Times inside everyone’s working hours*:'));
  } else {
    blocks.push(
      section(
        '*Times that place the burden differently*, fairest first: each says who is outside their hours.',
      ),
    );
  }
  m.slots.forEach((slot, i) => {
    const pays = everyoneInside
      ? ''
      : `\n      _Who pays: ${outsideSentence(view, slot) || 'nobody, inside everyone’s hours'}_`;
    blocks.push(section(`${i + 1}. ${slotForEveryone(view, slot, m.requesterId)}${pays}`));
  });
  if (view.ledger.length > 0) {
    const lines = view.ledger
      .slice(0, 5)
      .map(
        (e) =>
          `${escapeMrkdwn(e.name)} ${outsideText(e.minutes)} in ${e.meetings} past social meeting${e.meetings === 1 ? '' : 's'}`,
      );
    blocks.push(
      context(
        `Fairness: ${lines.join('; ')}. These times spare whoever bore the most. \`/meet ledger\` shows the whole ledger.`,
      ),
    );
  }
  return blocks;
}

export function cardButtons(view: MeetingView): ButtonSpec[] {
  const m = view.meeting;
  const id = String(m.id);
  const buttons: ButtonSpec[] = [];
  if (view.needsAgenda) {
    buttons.push({
      text: 'Add agenda and outcome',
      actionId: MEET_ACTIONS.addAgenda,
      value: id,
      style: 'primary',
    });
  } else if (m.slots.length > 0) {
    const voters = votersOf(m).length;
    buttons.push({
      text: m.pollChannelId
        ? 'Post the poll'
        : `Send for votes to ${voters} ${voters === 1 ? 'person' : 'people'}`,
      actionId: MEET_ACTIONS.send,
      value: id,
      style: 'primary',
    });
  }
  if (m.kind === 'transactional') {
    buttons.push({
      text: 'Write it in a thread instead',
      actionId: MEET_ACTIONS.writeInstead,
      value: id,
    });
  }
  buttons.push({
    text: `Make it ${other(m.kind)}`,
    actionId: MEET_ACTIONS.switchKind,
    value: `${id}:${other(m.kind)}`,
  });
  buttons.push({ text: 'Cancel', actionId: MEET_ACTIONS.cancel, value: id, style: 'danger' });
  return buttons;
}

/** What the requester sees of a draft: the kind and why, the async route, the agenda, the times. */
export function draftBlocks(view: MeetingView): KnownBlock[] {
  const blocks: KnownBlock[] = [section(headline(view)), section(kindLine(view))];
  blocks.push(context(kindMeaning(view.meeting.kind)));
  if (view.offers.length > 0) blocks.push(section(offerLines(view)));
  if (view.needsAgenda) {
    blocks.push(
      section(
        '*Before I propose times:* what is the agenda, and what should the meeting produce (a decision, a plan, owners for next steps)?',
      ),
    );
  } else {
    blocks.push(...agendaBlocks(view), ...slotBlocks(view));
  }
  if (view.away.length > 0) blocks.push(context(awayLine(view)));
  return blocks;
}

function awayLine(view: MeetingView): string {
  const zone = view.requester.timeZone;
  const each = view.away.map((a) =>
    a.until === null
      ? `${escapeMrkdwn(a.name)} is away, with no end date in their Slack status`
      : `${escapeMrkdwn(a.name)} is away until ${dayAndTime(a.until, zone)} your time, so no time before that is proposed`,
  );
  return `:palm_tree: ${each.join('; ')}.`;
}

/** The ephemeral reply to `/meet …`: the draft with its buttons. */
export function meetingCard(view: MeetingView): Message {
  const m = view.meeting;
  const blocks = [...draftBlocks(view), actions(`meet_card:${m.id}`, cardButtons(view))];
  if (!view.needsAgenda && m.slots.length > 0) {
    blocks.push(
      context(
        'Each person votes (works / could do / can’t) in their own working hours. The vote closes once everyone has voted, or after two of their working days, and at the latest 4 hours before the first time; you then pick the time.',
      ),
    );
  }
  return { text: `Meeting: ${escapeMrkdwn(truncate(m.topic, 200))}`, blocks };
}

/** The card once the draft was sent, called off, or written up instead. */
export function meetingCardAfter(view: MeetingView, note: string): Message {
  return {
    text: note,
    blocks: [section(headline(view)), section(note)],
  };
}

export function sentNote(view: MeetingView): string {
  const m = view.meeting;
  if (m.pollChannelId) {
    return `Posted the poll in <#${m.pollChannelId}>. The vote closes ${m.closesAt ? dayAndTime(m.closesAt, view.requester.timeZone) : 'soon'} your time; then you pick the time.`;
  }
  const voters = votersOf(m).length;
  return `Sent to ${voters} ${voters === 1 ? 'person' : 'people'}: each gets the vote in their own working hours. It closes when everyone has voted, or ${m.closesAt ? dayAndTime(m.closesAt, view.requester.timeZone) : 'soon'} your time at the latest. You then get the result and pick the time.`;
}
