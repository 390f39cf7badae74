import type { HomeView } from '@slack/types';
import type { QueueItem } from '../../domain/queue.js';
import type { MemberOverview } from '../../services/people.js';
import { context, divider, header, section } from './blocks.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

const STATE_LABEL: Record<string, string> = {
  queued: 'waiting for your working hours',
  sending: 'on its way',
  delivered: 'in your DMs',
  snoozed: 'snoozed',
};

const KIND_LABEL: Record<string, string> = {
  question: 'Question',
  answer: 'An answer to a question you asked',
  notice: 'Note',
};

function itemLine(item: QueueItem): string {
  const label = KIND_LABEL[item.kind] ?? item.kind;
  const from = item.kind === 'question' && item.requesterId ? ` from <@${item.requesterId}>` : '';
  const text =
    typeof item.payload.text === 'string'
      ? `: ${escapeMrkdwn(truncate(item.payload.text.replace(/\s+/g, ' '), 140))}`
      : '';
  return `• ${label}${from}${text} _(${STATE_LABEL[item.state] ?? item.state})_`;
}

/** The App Home tab: your queue, your hours, and how to use Mailroom. */
export function homeView(overview: MemberOverview): HomeView {
  const items = overview.openItems;
  const zoneNote = overview.usesDefaultTimeZone
    ? ` (the team's time zone: your Slack profile has none)`
    : '';
  return {
    type: 'home',
    blocks: [
      header('Your Mailroom'),
      section(
        `*Working hours:* ${overview.hoursText}, ${escapeMrkdwn(overview.timeZone)}${zoneNote}\n` +
          (overview.workingNow
            ? 'You are working now: queued requests reach you as they come.'
            : `You are off now: requests wait until ${overview.nextStartLocal} your time.`),
      ),
      context('Change them with `/mailroom hours 09:00-17:00 mon-fri`.'),
      divider(),
      section(
        items.length === 0
          ? '*Your queue is empty.* Nothing is waiting for you.'
          : `*Your queue (${items.length}):*\n${items.slice(0, 20).map(itemLine).join('\n')}`,
      ),
      divider(),
      section(
        '*How to use Mailroom*\n' +
          "• `/ask <question>`: searches the team's docs first, then asks the right person in their working hours.\n" +
          '• `/mailroom help`: everything else.',
      ),
    ],
  };
}
