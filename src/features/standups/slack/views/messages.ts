import type { KnownBlock } from '@slack/types';
import { formatInTimeZone } from 'date-fns-tz';
import type { StandupNoteList } from '../../../../core/services/standup-notes.js';
import { actions, context, type Message, section } from '../../../../core/slack/views/blocks.js';
import {
  escapeMrkdwn,
  oneLine,
  quote,
  truncate,
  userText,
} from '../../../../core/slack/views/mrkdwn.js';
import { parseDateKey } from '../../domain/schedule.js';
import type { PromptOutcome } from '../../services/ports.js';
import type { Standup } from '../../store/standup-repository.js';

/**
 * The standup's DMs (the prompt, its reminder, the blocker) and what every standup view shares:
 * the ids of its buttons and forms, and how a day, a standup's name and a button look. The
 * channel's posts are in channel-posts.ts, the replies to `/standup` in command-replies.ts, the
 * answer and "Not me" forms in answer-modals.ts.
 */

export const STANDUP_ACTIONS = {
  answer: 'standup_answer',
  skip: 'standup_skip',
  away: 'standup_away',
  resolve: 'standup_blocker_resolved',
  notMe: 'standup_blocker_not_me',
  edit: 'standup_edit',
  pause: 'standup_pause',
  resume: 'standup_resume',
  delete: 'standup_delete',
  create: 'standup_new',
} as const;

export const STANDUP_VIEWS = {
  answer: 'standup_answer_modal',
  pass: 'standup_blocker_pass',
} as const;

export const ANSWER_FORM = {
  question: (i: number) => `standup_q${i}`,
  questionAction: 'value',
  blocker: 'standup_blocker',
  blockerAction: 'value',
  blockerOwner: 'standup_blocker_owner',
  blockerOwnerAction: 'value',
} as const;

export const PASS_FORM = { block: 'standup_pass_to', action: 'value' } as const;

/** A prompt's buttons carry `<standup id>:<date>`; the listeners check it is the clicker's. */
export const promptValue = (standupId: number, date: string) => `${standupId}:${date}`;

export const plain = (text: string, max = 150) => ({
  type: 'plain_text' as const,
  text: truncate(text, max),
  emoji: true,
});

/** 'Tue 10 Mar' for '2026-03-10'. */
export function dayLabel(date: string): string {
  const d = parseDateKey(date);
  if (!d) return date;
  return formatInTimeZone(Date.UTC(d.year, d.month - 1, d.day, 12), 'UTC', 'EEE d MMM');
}

/** A standup's name, in bold. */
export const nameOf = (standup: Pick<Standup, 'name'>) => `*${escapeMrkdwn(standup.name)}*`;

export function button(
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
) {
  return {
    type: 'button' as const,
    text: plain(text, 75),
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

// ---------------------------------------------------------------- DMs

/** How many notes of one list a prompt shows, and how many lists: the rest are elsewhere. */
export const MAX_NOTES_SHOWN = 5;
const MAX_NOTE_LISTS = 5;

/**
 * What other capabilities mention under a prompt (a plan's tasks due soon): one section per
 * list, its first notes, each cut so the section stays within Slack's 3,000 characters, and
 * how many more there are and where to see them.
 */
export function standupNotesBlocks(lists: readonly StandupNoteList[]): KnownBlock[] {
  return lists
    .filter((list) => list.notes.length > 0)
    .slice(0, MAX_NOTE_LISTS)
    .map((list) => {
      const lines = list.notes.slice(0, MAX_NOTES_SHOWN).map((note) => {
        const from = oneLine(note.from.title, 80);
        const linked = note.from.link ? `<${note.from.link}|${from}>` : `“${from}”`;
        const mark = note.attention ? '⚠️' : '•';
        return `${mark} *${oneLine(note.title, 150)}* · ${linked} · ${oneLine(note.detail, 120)}`;
      });
      const more = list.notes.length - MAX_NOTES_SHOWN;
      if (more > 0) lines.push(`…and ${more} more ${oneLine(list.seeAll, 40)}`);
      return section(`*${oneLine(list.heading, 80)}*\n${lines.join('\n')}`);
    });
}

/** The prompt (or its reminder) in the member's DM. */
export function promptMessage(input: {
  standup: Standup;
  date: string;
  memberZone: string;
  reminder: boolean;
  /** When answering (and editing) closes: the member's next prompt. */
  closesAt: number | null;
  /** What other capabilities mention to the member in this standup. */
  notes?: readonly StandupNoteList[];
}): Message {
  const { standup, date } = input;
  const lead = input.reminder
    ? `A reminder: ${nameOf(standup)} in <#${standup.channelId}> is waiting for your answer (for ${dayLabel(date)}).`
    : `Time for ${nameOf(standup)} in <#${standup.channelId}> (for ${dayLabel(date)}).`;
  const where =
    standup.destination === 'thread'
      ? 'Your answer goes to the day’s thread'
      : 'Your answer goes into the day’s summary';
  const until =
    input.closesAt === null
      ? ''
      : `; you can answer or edit it until your next prompt, ${formatInTimeZone(input.closesAt, input.memberZone, 'EEE d MMM HH:mm')} your time`;
  const value = promptValue(standup.id, date);
  return {
    text: input.reminder
      ? `A reminder: ${standup.name} is waiting for your answer.`
      : `Time for ${standup.name}.`,
    blocks: [
      section(lead),
      ...standupNotesBlocks(input.notes ?? []),
      {
        type: 'actions',
        block_id: `standup_prompt:${value}`,
        elements: [
          button('Answer', STANDUP_ACTIONS.answer, value, 'primary'),
          button('Skip today', STANDUP_ACTIONS.skip, value),
          {
            type: 'datepicker',
            action_id: STANDUP_ACTIONS.away,
            placeholder: plain('I’m away until…'),
          },
        ],
      },
      context(`${where}${until}. Away? Pick the day you are back: you are not asked meanwhile.`),
    ],
  };
}

/** A prompt's DM once it needs nothing more. */
export function settledPromptMessage(outcome: PromptOutcome): Message {
  const { standup, entry } = outcome;
  const what = `${nameOf(standup)} in <#${standup.channelId}> for ${dayLabel(entry.date)}`;
  const value = promptValue(standup.id, entry.date);
  switch (outcome.kind) {
    case 'answered': {
      const buttons = [{ text: 'Edit answer', actionId: STANDUP_ACTIONS.answer, value }];
      if (outcome.nextDate) {
        buttons.push({
          text: `Answer ${dayLabel(outcome.nextDate)} now`,
          actionId: STANDUP_ACTIONS.answer,
          value: promptValue(standup.id, outcome.nextDate),
        });
      }
      return {
        text: `Answered: ${userText(standup.name, 150)}`,
        blocks: [
          section(`:white_check_mark: You answered ${what}. Thank you!`),
          actions(`standup_answered:${value}`, buttons),
        ],
      };
    }
    case 'skipped':
      return {
        text: `Skipped: ${userText(standup.name, 150)}`,
        blocks: [section(`You skipped ${what}.`)],
      };
    case 'away':
      return {
        text: `Away: ${userText(standup.name, 150)}`,
        blocks: [
          section(
            `You are away until ${dayLabel(outcome.backOn)}: not asked ${what}, nor until you are back. \`/mailroom back\` ends it sooner.`,
          ),
        ],
      };
    case 'closed':
      return {
        text: `Closed: ${userText(standup.name, 150)}`,
        blocks: [
          section(
            entry.status === 'answered'
              ? `:white_check_mark: You answered ${what}. That day has closed: your next prompt came.`
              : `${what} has closed: your next prompt came with no answer for it.`,
          ),
        ],
      };
  }
}

/** A blocker in the queue of the person who can unblock it. */
export function blockerMessage(input: {
  blockerId: number;
  text: string;
  fromUserId: string;
  standup: Standup | undefined;
}): Message {
  const from = `<@${input.fromUserId}>`;
  const where = input.standup
    ? ` (from ${nameOf(input.standup)} in <#${input.standup.channelId}>)`
    : '';
  const value = String(input.blockerId);
  return {
    text: `${from} is blocked: ${userText(input.text, 200)}`,
    blocks: [
      section(`${from} is blocked and thinks you can unblock it${where}:\n${quote(input.text)}`),
      actions(`standup_blocker:${value}`, [
        { text: 'Resolved', actionId: STANDUP_ACTIONS.resolve, value, style: 'primary' },
        { text: 'Not me', actionId: STANDUP_ACTIONS.notMe, value },
      ]),
      context('It stays in the standup’s report until it is resolved.'),
    ],
  };
}

export function blockerSettledMessage(text: string, note: string): Message {
  return { text: note, blocks: [section(`${quote(text, 1500)}\n${note}`)] };
}
