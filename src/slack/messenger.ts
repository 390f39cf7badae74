import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Member } from '../domain/member.js';
import type { QueueItem, QueueItemKind } from '../domain/queue.js';
import {
  type DeliveryContext,
  DeliveryError,
  type Messenger,
  type PostedMessage,
} from '../services/ports.js';
import { isUnreachable, slackErrorCode } from './slack-errors.js';
import { type QueueItemRenderer, withDeliveryNotes } from './views/queue-item-message.js';

/** Every DM Mailroom posts for a queue item carries this metadata, so a lost outcome can be found again. */
export const QUEUE_ITEM_EVENT_TYPE = 'mailroom_queue_item';

const historySchema = z.looseObject({
  messages: z
    .array(
      z.looseObject({
        ts: z.string(),
        metadata: z
          .looseObject({
            event_type: z.string().optional(),
            event_payload: z.record(z.string(), z.unknown()).optional(),
          })
          .optional(),
      }),
    )
    .default([]),
});

export function slackMessenger(
  client: WebClient,
  renderers: Partial<Record<QueueItemKind, QueueItemRenderer>>,
): Messenger {
  return {
    async deliver(item: QueueItem, ctx: DeliveryContext): Promise<PostedMessage> {
      const render = renderers[item.kind];
      if (!render)
        throw new DeliveryError(`no renderer for queue items of kind ${item.kind}`, true);
      const message = withDeliveryNotes(render(item, ctx), ctx);
      try {
        const result = await client.chat.postMessage({
          channel: item.recipientId,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          metadata: {
            event_type: QUEUE_ITEM_EVENT_TYPE,
            event_payload: { item_id: item.id, idempotency_key: item.idempotencyKey },
          },
        });
        return { channel: String(result.channel), ts: String(result.ts) };
      } catch (error) {
        if (isUnreachable(error)) {
          throw new DeliveryError(
            `Slack cannot reach ${item.recipientId}: ${slackErrorCode(error)}`,
            true,
          );
        }
        throw error;
      }
    },

    async findDelivered(item: QueueItem, recipient: Member, since: number) {
      const channel = recipient.dmChannelId ?? (await openDm(client, recipient.id));
      const oldest = (Math.max(0, since) / 1000).toFixed(6);
      for await (const page of client.paginate('conversations.history', {
        channel,
        oldest,
        include_all_metadata: true,
        limit: 200,
      })) {
        const found = historySchema
          .parse(page)
          .messages.find(
            (m) =>
              m.metadata?.event_type === QUEUE_ITEM_EVENT_TYPE &&
              m.metadata.event_payload?.idempotency_key === item.idempotencyKey,
          );
        if (found) return { channel, ts: found.ts };
      }
      return null;
    },
  };
}

/** Only for recovery, where the DM channel was never learned: conversations.open is Tier 3. */
async function openDm(client: WebClient, userId: string): Promise<string> {
  const result = await client.conversations.open({ users: userId });
  const id = result.channel?.id;
  if (!id) throw new Error(`conversations.open returned no channel for ${userId}`);
  return id;
}
