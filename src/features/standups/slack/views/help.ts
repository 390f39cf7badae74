import { context, type Message, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn } from '../../../../core/slack/views/mrkdwn.js';

/** What `/standup help` says; also the `/mailroom help` lines about standups. */
export const STANDUP_HELP_LINES = [
  '• `/standup` in a channel: set up its standup (questions, days, the time each member is asked in their own time zone, who, where the answers go, the report, days off, every week or every other week), or edit, pause, resume and delete the ones it has. `/standup new` adds another.',
  '• `/standup answer`: answer your standup now (a day stays open until your next prompt), or the next one ahead of time. `/standup history @kenji`: their recent answers.',
];

export function standupHelp(unknownSubcommand?: string): Message {
  const lead = unknownSubcommand
    ? `I don't know \`${escapeMrkdwn(unknownSubcommand)}\`. Here is what \`/standup\` does:`
    : '*Standups*: each member is asked in a DM at their own local time; the answers gather in the channel, one thread a day (or one summary), and the report sums the day up; a late answer still counts until the next prompt.';
  const text = [lead, ...STANDUP_HELP_LINES].join('\n');
  return {
    text,
    blocks: [
      section(text),
      context(
        'A blocker goes to the queue of whoever can unblock it, in their working hours, and stays in the report until it is resolved.',
      ),
    ],
  };
}
