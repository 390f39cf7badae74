import type { ExpertListing } from '../../../../core/services/experts.js';
import { EXPERTS_USAGE } from '../../../../core/services/experts.js';
import { context, type Message, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn } from '../../../../core/slack/views/mrkdwn.js';

function line(entry: ExpertListing): string {
  const topic = entry.kind === 'channel' ? `<#${entry.topic}>` : `“${escapeMrkdwn(entry.topic)}”`;
  return `• ${topic}: ${entry.people.map(escapeMrkdwn).join(', ')}`;
}

export function expertsList(entries: ExpertListing[]): Message {
  const text =
    entries.length === 0
      ? 'No experts are set yet, so questions go to the people who wrote the closest docs, then to the channel’s creator.'
      : `*Who answers what:*\n${entries.map(line).join('\n')}`;
  return { text, blocks: [section(text), context(EXPERTS_USAGE)] };
}

export function expertsChanged(
  action: 'add' | 'remove',
  count: number,
  entries: ExpertListing[],
): Message {
  const lead =
    action === 'add'
      ? count === 0
        ? 'Those experts were already set.'
        : `Added ${count} expert assignment${count === 1 ? '' : 's'}.`
      : count === 0
        ? 'Nothing matched, so nothing was removed.'
        : `Removed ${count} expert assignment${count === 1 ? '' : 's'}.`;
  const list = expertsList(entries);
  return { text: `${lead} ${list.text}`, blocks: [section(lead), ...list.blocks] };
}
