import { formatInTimeZone } from 'date-fns-tz';
import type { Away } from '../../../../core/domain/member.js';
import type { HoursChange, MemberOverview } from '../../../../core/services/people.js';
import { actions, context, type Message, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn } from '../../../../core/slack/views/mrkdwn.js';

/** What `/mailroom help` says about Mailroom itself and its own subcommands. */
const HOME_HELP_LINES = [
  '• `/mailroom me`: your working hours, time zone and queue.',
  '• `/mailroom hours 9-17 mon-thu; fri 9-13`: set your working hours, in your time zone (split days `9-12, 14-18`, days of their own `mon-thu 8-16, fri 8-12`, night shifts `22-06 sun-thu`).',
  '• `/mailroom away until fri`: nothing is delivered until you are back on Friday; `/mailroom back` ends it. A vacation or sick status in Slack counts too.',
  '• `/mailroom settings`: time zone, hours, how requests reach you (as they come, or in a daily digest), away.',
  '• `/mailroom experts`: who answers what; admins change it with `/mailroom experts add billing, refunds @priya` and `/mailroom experts remove billing @priya`.',
  '• `/mailroom glossary`: the team’s terms and what they mean, so `/ask` finds “WFH” in a doc that says “working from home” (and back); admins change it with `/mailroom glossary add WFH = working from home` and `/mailroom glossary remove WFH`.',
  '• `/mailroom audit`: for admins, who changed experts, the glossary or the team settings, and when, and each export or erasure of a member’s data; `/mailroom audit 2` goes further back.',
  '• Your *Home* tab in Mailroom: your queue (today’s standup prompt and blockers waiting for you included), what you are waiting for, and your settings.',
];

/** `/mailroom help`: what Mailroom is, then each capability's lines, then its own. */
export function mailroomHelp(
  capabilityLines: readonly string[],
  unknownSubcommand?: string,
): Message {
  const lines = [
    "*Mailroom* is the team's queue for people: it answers from what the team wrote down, and otherwise delivers your request to the right person in their working hours.",
    ...capabilityLines,
    ...HOME_HELP_LINES,
  ];
  const text = unknownSubcommand
    ? `I don't know \`${escapeMrkdwn(unknownSubcommand)}\`. Here is what I understand:\n${lines.join('\n')}`
    : lines.join('\n');
  return { text, blocks: [section(text)] };
}

export function memberSummary(overview: MemberOverview, change?: 'updated'): Message {
  const zone = overview.usesDefaultTimeZone
    ? `${overview.timeZone} (the team's; your Slack profile has no time zone)`
    : overview.timeZone;
  const lead =
    change === 'updated' ? 'Saved. Your working hours are now' : 'Your working hours are';
  const state = overview.workingNow
    ? 'You are working now.'
    : `You are off now; requests wait until ${overview.nextStartLocal} your time.`;
  const away = overview.away ? ` ${awayLine(overview.away, overview.timeZone)}` : '';
  const text = `${lead} *${overview.hoursText}*, ${escapeMrkdwn(zone)}. ${state}${away} ${overview.openItems.length} open item(s) in your queue.`;
  return {
    text,
    blocks: [
      section(text),
      context('Change them with `/mailroom hours 9-17 mon-fri` or `/mailroom settings`.'),
    ],
  };
}

export const HOURS_ACTIONS = { save: 'hours_reading_save', edit: 'hours_reading_edit' } as const;

/** What the Save and Edit buttons of a reading carry: who it was shown to, and the reading. */
export const hoursReadingValue = (userId: string, reading: string) =>
  JSON.stringify({ for: userId, hours: reading });

/** Hours whose clock was in doubt (`9-1, 2-6`): the reading, to save as shown or to edit first. */
export function hoursReading(userId: string, reading: string): Message {
  const text = `I read this as *${escapeMrkdwn(reading)}*. Save it as shown, or edit it first.`;
  const value = hoursReadingValue(userId, reading);
  return {
    text,
    blocks: [
      section(text),
      actions('hours_reading', [
        { text: 'Save', actionId: HOURS_ACTIONS.save, value, style: 'primary' },
        { text: 'Edit', actionId: HOURS_ACTIONS.edit, value },
      ]),
      context('With am/pm or 24-hour times (`9am-1pm, 2pm-6pm`, `09-13, 14-18`) I save at once.'),
    ],
  };
}

/** After `/mailroom hours …` or Save on a reading: saved, or the reading to confirm. */
export function hoursChangeMessage(userId: string, change: HoursChange): Message {
  return change.kind === 'saved'
    ? memberSummary(change.overview, 'updated')
    : hoursReading(userId, change.reading);
}

/** Until when someone is away, and whether Slack's status or `/mailroom away` says so. */
function awayLine(away: Away, timeZone: string): string {
  const until =
    away.until === null
      ? 'with no end date'
      : `until ${formatInTimeZone(away.until, timeZone, 'EEE d MMM HH:mm')} your time`;
  return away.source === 'slack'
    ? `You are away ${until}, from your Slack status “${escapeMrkdwn(away.why)}”: nothing is delivered to you until ${away.until === null ? 'you clear it' : 'then'}.`
    : `You are away ${until}, set with \`/mailroom away\`: nothing is delivered to you meanwhile; \`/mailroom back\` ends it.`;
}

/** After `/mailroom away …` or `/mailroom back`. */
export function awaySummary(overview: MemberOverview): Message {
  const away = overview.away;
  const text = away
    ? `Away (${escapeMrkdwn(away.why)})${away.until === null ? ' until you clear your Slack status' : ` until ${formatInTimeZone(away.until, overview.timeZone, 'EEE d MMM HH:mm')} your time`}. Nothing is delivered to you meanwhile; people who ask you something are told. \`/mailroom back\` ends it.`
    : `Welcome back. Requests reach you again in your working hours (${overview.hoursText}).`;
  return { text, blocks: [section(text)] };
}
