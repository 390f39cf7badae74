import type { QueueItem } from '../../domain/queue.js';
import { parsePayload } from '../../domain/queue.js';
import type { DeliveryContext } from '../../services/ports.js';
import { context, type Message, section } from './blocks.js';
import { quote } from './mrkdwn.js';

/** Renders one queue item as the DM its recipient receives. One renderer per kind. */
export type QueueItemRenderer = (item: QueueItem, ctx: DeliveryContext) => Message;

export function renderNotice(item: QueueItem): Message {
  const { text, quote: quoteText } = parsePayload('notice', item.payload);
  const blocks = [section(text)];
  if (quoteText) blocks.push(section(quote(quoteText)));
  return { text, blocks };
}

/** A line added to every DM for someone whose Slack profile has no time zone. */
export function defaultTimeZoneNote(ctx: DeliveryContext): string | undefined {
  if (!ctx.usesDefaultTimeZone) return undefined;
  return `Your Slack profile has no time zone, so Mailroom uses the team's (${ctx.defaultTimeZone}) for your working hours. Set yours in Slack, or with \`/mailroom hours\`.`;
}

export function withDeliveryNotes(message: Message, ctx: DeliveryContext): Message {
  const note = defaultTimeZoneNote(ctx);
  return note ? { ...message, blocks: [...message.blocks, context(note)] } : message;
}
