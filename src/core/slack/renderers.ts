import type { Capability } from '../capability.js';
import { parsePayload, type QueueItemKind } from '../domain/queue.js';
import { oneLine } from './views/mrkdwn.js';
import {
  type DescribeItem,
  type QueueItemRenderer,
  renderNotice,
} from './views/queue-item-message.js';

/** How each kind of queue item looks in its recipient's DM: notices here, the rest by their capability. */
export function queueItemRenderers(
  capabilities: readonly Capability[],
): Partial<Record<QueueItemKind, QueueItemRenderer>> {
  const renderers: Partial<Record<QueueItemKind, QueueItemRenderer>> = { notice: renderNotice };
  for (const capability of capabilities) Object.assign(renderers, capability.renderers);
  return renderers;
}

/** How each kind of queue item is summed up on the Home tab, in one line, with its own buttons. */
export function homeItemDescriber(capabilities: readonly Capability[]): DescribeItem {
  return (item) => {
    for (const capability of capabilities) {
      const description = capability.describe?.(item);
      if (description) return description;
    }
    if (item.kind === 'notice') {
      const { text } = parsePayload('notice', item.payload);
      return { label: 'Note', summary: oneLine(text) };
    }
    const text = typeof item.payload.text === 'string' ? oneLine(item.payload.text) : '';
    return { label: humanizeKind(item.kind), summary: text || 'no details' };
  };
}

function humanizeKind(kind: string): string {
  const words = kind.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
