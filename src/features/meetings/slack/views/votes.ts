import type { KnownBlock } from '@slack/types';
import {
  actions,
  type ButtonSpec,
  context,
  type Message,
  section,
} from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, quote, truncate } from '../../../../core/slack/views/mrkdwn.js';
import {
  type MeetingSlot,
  VOTE_CHOICES,
  VOTE_LABELS,
  type VoteChoice,
  votersOf,
} from '../../domain/meetings.js';
import type { MeetingView } from '../../services/view.js';
import {
  dayAndTime,
  durationLabel,
  kindLabel,
  outsideSentence,
  shortTime,
  slackDate,
  slackRange,
  slotForEveryone,
  slotRange,
  withWhom,
} from './format.js';
import { confirmActionId, MEET_ACTIONS, voteActionId } from './ids.js';

const CHOICE_EMOJI: Record<VoteChoice, string> = {
  works: ':white_check_mark:',
  could: ':large_yellow_circle:',
  cannot: ':x:',
};

/** Who proposes what; `recipientId`: whose DM it is, left out of "with". */
function about(view: MeetingView, recipientId: string): string {
  const m = view.meeting;
  return `<@${m.requesterId}> proposes a ${m.kind} meeting: *${escapeMrkdwn(m.topic)}*\n${durationLabel(m.durationMinutes)}, with ${withWhom(view, recipientId)}`;
}

function agenda(view: MeetingView): KnownBlock[] {
  const m = view.meeting;
  const blocks: KnownBlock[] = [];
  if (m.agenda) blocks.push(section(`*Agenda*\n${quote(m.agenda, 1400)}`));
  if (m.outcome) blocks.push(section(`*Expected outcome*\n${quote(m.outcome, 600)}`));
  return blocks;
}

/** The buttons for one slot, as a voter sees them: their current vote marked. */
export function voteButtons(
  meetingId: number,
  slotIndex: number,
  current: VoteChoice | undefined,
  label?: string,
): ButtonSpec[] {
  return VOTE_CHOICES.map((choice) => ({
    text: `${label ? `${label}: ` : ''}${current === choice ? '✓ ' : ''}${VOTE_LABELS[choice]}`,
    actionId: voteActionId(slotIndex, choice),
    value: `${meetingId}:${slotIndex}:${choice}`,
    ...(current === choice ? { style: 'primary' as const } : {}),
  }));
}

function myVote(view: MeetingView, voterId: string, slotIndex: number): VoteChoice | undefined {
  return view.votes.find((v) => v.voterId === voterId && v.slotIndex === slotIndex)?.choice;
}

/**
 * A participant's vote, in their DM: each slot in their own time and everyone else's, with
 * works / could do / can't. Passed slots are left out.
 */
export function voteMessage(view: MeetingView, voterId: string): Message {
  const m = view.meeting;
  const me = view.people.find((p) => p.id === voterId);
  const zone = me?.timeZone ?? view.requester.timeZone;
  const blocks: KnownBlock[] = [section(about(view, voterId)), ...agenda(view)];
  if (m.state !== 'voting') {
    blocks.push(section(closedNote(view)));
    return { text: `Vote closed: ${escapeMrkdwn(truncate(m.topic, 150))}`, blocks };
  }
  blocks.push(section('*Which of these times work for you?*'));
  m.slots.forEach((slot, i) => {
    if (slot.start <= view.now) return;
    blocks.push(section(slotForEveryone(view, slot, voterId)));
    blocks.push(actions(`meet_vote:${m.id}:${i}`, voteButtons(m.id, i, myVote(view, voterId, i))));
  });
  if (m.closesAt) {
    blocks.push(
      context(
        `The vote closes ${dayAndTime(m.closesAt, zone)} your time, or once everyone has voted. You can change your vote until then.`,
      ),
    );
  }
  return {
    text: `${escapeMrkdwn(view.requester.name)} proposes a meeting: ${escapeMrkdwn(truncate(m.topic, 150))}. Which times work for you?`,
    blocks,
  };
}

function closedNote(view: MeetingView): string {
  switch (view.meeting.state) {
    case 'confirmed':
      return 'The vote has closed and the time is set: you get it with calendar links.';
    case 'cancelled':
      return 'This meeting was called off.';
    case 'expired':
      return 'Every time proposed has passed.';
    default:
      return 'The vote has closed. Thank you: the time is picked from everyone’s votes.';
  }
}

/** A vote DM once the vote is over: what the person voted, no more buttons. */
export function voteClosedMessage(view: MeetingView, voterId: string): Message {
  const me = view.people.find((p) => p.id === voterId);
  const zone = me?.timeZone ?? view.requester.timeZone;
  const mine = view.meeting.slots
    .map((slot, i) => {
      const choice = myVote(view, voterId, i);
      return `• ${slotRange(slot, zone)}: ${choice ? `${CHOICE_EMOJI[choice]} ${VOTE_LABELS[choice]}` : 'no vote'}`;
    })
    .join('\n');
  return {
    text: `Vote closed: ${escapeMrkdwn(truncate(view.meeting.topic, 150))}`,
    blocks: [
      section(about(view, voterId)),
      section(`${closedNote(view)}\n*Your votes*, your time:\n${mine}`),
    ],
  };
}

function tallyLine(view: MeetingView, index: number): string {
  const t = view.tally.find((each) => each.index === index);
  if (!t) return 'passed';
  const parts = [
    `${CHOICE_EMOJI.works} ${t.works.length}`,
    `${CHOICE_EMOJI.could} ${t.could.length}`,
    `${CHOICE_EMOJI.cannot} ${t.cannot.length}`,
  ];
  return `${parts.join('  ')}${t.silent.length > 0 ? `  · ${t.silent.length} not voted` : ''}`;
}

function names(view: MeetingView, ids: readonly string[]): string {
  const byId = new Map(view.people.map((p) => [p.id, p.name]));
  const list = ids.slice(0, 8).map((id) => escapeMrkdwn(byId.get(id) ?? id));
  return ids.length > 8 ? `${list.join(', ')} and ${ids.length - 8} more` : list.join(', ');
}

/** The requester's result: the slots still ahead, best first by the votes, each with Confirm. */
export function resultMessage(view: MeetingView): Message {
  const m = view.meeting;
  const voted = new Set(view.votes.map((v) => v.voterId)).size;
  const voters = votersOf(m).length;
  const blocks: KnownBlock[] = [
    section(
      `*The votes are in* for *${escapeMrkdwn(m.topic)}*: ${voted} of ${voters} voted. Best first:`,
    ),
  ];
  if (view.tally.length === 0 || (m.state !== 'closed' && m.state !== 'voting')) {
    blocks.push(
      section(
        m.state === 'confirmed'
          ? 'You confirmed a time already.'
          : m.state === 'cancelled'
            ? 'You called this meeting off.'
            : 'Every time proposed has passed. Use `/meet` again for new times.',
      ),
    );
    return { text: `Votes on ${escapeMrkdwn(truncate(m.topic, 150))}`, blocks };
  }
  const buttons: ButtonSpec[] = [];
  for (const t of view.tally) {
    const detail = [
      t.works.length > 0 ? `works for ${names(view, t.works)}` : '',
      t.could.length > 0 ? `could do: ${names(view, t.could)}` : '',
      t.cannot.length > 0 ? `*can’t: ${names(view, t.cannot)}*` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    blocks.push(
      section(
        `${slotForEveryone(view, t.slot, m.requesterId, 4)}\n${tallyLine(view, t.index)}${detail ? `\n${detail}` : ''}`,
      ),
    );
    buttons.push({
      text: `Confirm ${shortTime(t.slot.start, view.requester.timeZone)}`,
      actionId: confirmActionId(t.index),
      value: `${m.id}:${t.index}`,
      ...(buttons.length === 0 ? { style: 'primary' as const } : {}),
    });
  }
  buttons.push({
    text: 'Call it off',
    actionId: MEET_ACTIONS.cancel,
    value: String(m.id),
    style: 'danger',
  });
  blocks.push(actions(`meet_result:${m.id}`, buttons));
  blocks.push(
    context(
      'Confirming sends everyone the time in their own zone, with add-to-calendar links, in their working hours.',
    ),
  );
  return { text: `The votes are in: ${escapeMrkdwn(truncate(m.topic, 150))}`, blocks };
}

/** A big group's poll in its channel: `<!date>` shows each reader their own time. */
export function pollMessage(view: MeetingView): Message {
  const m = view.meeting;
  const voters = votersOf(m).length;
  const voted = new Set(view.votes.map((v) => v.voterId)).size;
  const blocks: KnownBlock[] = [
    section(
      `<@${m.requesterId}> proposes a ${m.kind} meeting for the ${voters + 1} people of this channel: *${escapeMrkdwn(m.topic)}* (${durationLabel(m.durationMinutes)})`,
    ),
    ...agenda(view),
  ];
  const open = m.state === 'voting';
  m.slots.forEach((slot, i) => {
    if (slot.start <= view.now && open) return;
    const outside = outsideSentence(view, slot);
    blocks.push(
      section(
        `${slackRange(slot)} (shown in your time)\n${tallyLine(view, i)}${outside ? `\n_${outside}_` : ''}`,
      ),
    );
    if (open) blocks.push(actions(`meet_poll:${m.id}:${i}`, voteButtons(m.id, i, undefined)));
  });
  blocks.push(
    context(
      open
        ? `${voted} of ${voters} voted. Vote with the buttons; the vote closes ${m.closesAt ? slackDate(m.closesAt) : 'soon'}.`
        : closedNote(view),
    ),
  );
  return {
    text: `${kindLabel(m.kind)} meeting proposed: ${escapeMrkdwn(truncate(m.topic, 150))}`,
    blocks,
  };
}

/** The Home tab's vote buttons for one slot, labelled with the slot in the voter's own time. */
export function homeVoteButtons(view: MeetingView, voterId: string): ButtonSpec[] {
  const me = view.people.find((p) => p.id === voterId);
  const zone = me?.timeZone ?? view.requester.timeZone;
  return view.meeting.slots.flatMap((slot: MeetingSlot, i) =>
    slot.start <= view.now
      ? []
      : voteButtons(view.meeting.id, i, myVote(view, voterId, i), shortTime(slot.start, zone)),
  );
}
