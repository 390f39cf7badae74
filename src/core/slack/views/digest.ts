import type { KnownBlock } from '@slack/types';
import type { QueueItem } from '../../domain/queue.js';
import { actions, context, type Message, section } from './blocks.js';
import type { DescribeItem } from './queue-item-message.js';

/** Slack allows 50 blocks in a message: a digest shows this many items, and counts the rest. */
export const DIGEST_SHOWN = 20;

/**
 * One message for what arrived while the person was off: each item in a line, with its own
 * buttons; beyond what fits, a count and the way to the rest (the Home tab).
 */
export function digestMessage(items: QueueItem[], describe: DescribeItem): Message {
  const shown = items.slice(0, DIGEST_SHOWN);
  const rest = items.length - shown.length;
  const lead = `*While you were off: ${items.length} request${items.length === 1 ? '' : 's'}*`;
  const blocks: KnownBlock[] = [section(lead)];
  for (const item of shown) {
    const about = describe(item);
    const from = item.requesterId ? ` from <@${item.requesterId}>` : '';
    blocks.push(section(`*${about.label}*${from}: ${about.summary}`));
    if (about.actions && about.actions.length > 0) {
      blocks.push(actions(`digest_item:${item.id}`, about.actions));
    }
  }
  blocks.push(
    context(
      rest > 0
        ? `…and ${rest} more: they are all on Mailroom's Home tab, most overdue first.`
        : "All of them are also on Mailroom's Home tab, where you can snooze or finish each.",
    ),
  );
  return { text: `While you were off: ${items.length} requests`, blocks };
}
