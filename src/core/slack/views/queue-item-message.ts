import type { QueueItem } from '../../domain/queue.js';
import { parsePayload } from '../../domain/queue.js';
import type { DeliveryContext } from '../../services/ports.js';
import { type ButtonSpec, context, type Message, section } from './blocks.js';
import { quote } from './mrkdwn.js';

/** Renders one queue item as the DM its recipient receives. One renderer per kind. */
export type QueueItemRenderer = (item: QueueItem, ctx: DeliveryContext) => Message;

/** What the Home tab and a digest say about one queue item; each kind describes its own. */
export interface ItemDescription {
  /** "Question", "Answer to your question", "Note" … */
  label: string;
  /** One line, already safe mrkdwn. */
  summary: string;
  /**
   * The kind's own buttons for its recipient (Answer, Reassign …), the same as in its DM, so
   * one listener serves both. Done and Snooze until… are added for every kind that takes them.
   */
  actions?: ButtonSpec[];
}
export type DescribeItem = (item: QueueItem) => ItemDescription;

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
