import type { MemberOverview } from '../../services/people.js';
import { context, type Message, section } from './blocks.js';
import { escapeMrkdwn } from './mrkdwn.js';

export function mailroomHelp(unknownSubcommand?: string): Message {
  const lines = [
    "*Mailroom* is the team's queue for people: it answers from what the team wrote down, and otherwise delivers your request to the right person in their working hours.",
    '• `/ask <question>`: search the docs, then ask an expert.',
    '• `/mailroom me`: your working hours, time zone and queue.',
    '• `/mailroom hours 9-17 mon-thu; fri 9-13`: set your working hours, in your Slack time zone (split days `9-12, 14-18`, night shifts `22-06 sun-thu`).',
    '• `/mailroom experts`: who answers what (admins change it with `/mailroom experts add billing @priya`).',
    '• *Save to Mailroom* (on any message’s ⋮ menu) and *Write a doc* (shortcuts): add to the team’s docs.',
  ];
  const text = unknownSubcommand
    ? `I don't know \`${escapeMrkdwn(unknownSubcommand)}\`. ${lines.join('\n')}`
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
  const text = `${lead} *${overview.hoursText}*, ${escapeMrkdwn(zone)}. ${state} ${overview.openItems.length} open item(s) in your queue.`;
  return {
    text,
    blocks: [section(text), context('Change them with `/mailroom hours 09:00-17:00 mon-fri`.')],
  };
}
