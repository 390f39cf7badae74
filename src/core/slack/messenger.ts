import type { MessageMetadata } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Member } from '../domain/member.js';
import {
  type ClaimedItem,
  parsePayload,
  type QueueItem,
  type QueueItemKind,
} from '../domain/queue.js';
import {
  type DeliveryContext,
  DeliveryError,
  type InterruptedItem,
  type Messenger,
  type PostedMessage,
  type PostTarget,
} from '../services/ports.js';
import { deliveryErrorOf } from './slack-errors.js';
import type { Message } from './views/blocks.js';
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
  renderDigest: (items: QueueItem[], ctx: DeliveryContext) => Message,
): Messenger {
  /** Posts into a conversation (a user id: their DM), with the metadata that lets recovery find it again. */
  const post = async (
    recipientId: string,
    message: Message,
    payload: MessageMetadata['event_payload'],
    what: string,
    threadTs?: string,
  ): Promise<PostedMessage> => {
    try {
      const result = await client.chat.postMessage({
        channel: recipientId,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        metadata: { event_type: QUEUE_ITEM_EVENT_TYPE, event_payload: payload },
      });
      return { channel: String(result.channel), ts: String(result.ts) };
    } catch (error) {
      throw deliveryErrorOf(error, `chat.postMessage (${what}) to ${recipientId}`);
    }
  };

  return {
    async deliverDigest(items: ClaimedItem[], ctx: DeliveryContext): Promise<PostedMessage> {
      const message = withDeliveryNotes(renderDigest(items, ctx), ctx);
      // Every item it carries, each with its own first claim: recovery finds them all.
      const payload = {
        digest: true,
        items: items.map((item) => ({
          item_id: item.id,
          claim: claimKey(item.idempotencyKey, item.firstClaimedAt),
        })),
      };
      return post(ctx.recipient.id, message, payload, 'a digest');
    },

    async deliver(item: QueueItem, ctx: DeliveryContext): Promise<PostedMessage> {
      const render = renderers[item.kind];
      if (!render)
        throw new DeliveryError(`no renderer for queue items of kind ${item.kind}`, 'unreachable');
      const message = withDeliveryNotes(render(item, ctx), ctx);
      return post(
        item.recipientId,
        message,
        itemMetadata(item, ctx.firstClaimedAt),
        `queue item ${item.id}`,
      );
    },

    async findDelivered(recipient: Member, items: InterruptedItem[]) {
      try {
        const channel = recipient.dmChannelId ?? (await openDm(client, recipient.id));
        return await findInConversation(client, { channelId: channel }, items);
      } catch (error) {
        throw deliveryErrorOf(error, `reading the DM of ${recipient.id}`);
      }
    },

    post(item: ClaimedItem, target: PostTarget) {
      const { text, blocks } = parsePayload('post', item.payload);
      const message = { text, blocks: blocks as unknown as Message['blocks'] };
      return post(
        target.channelId,
        message,
        itemMetadata(item, item.firstClaimedAt),
        `queue item ${item.id}`,
        target.threadTs,
      );
    },

    async findPosted(target: PostTarget, items: InterruptedItem[]) {
      try {
        // A person's DM by user id: history needs the DM's own id.
        const channelId = /^[UW]/.test(target.channelId)
          ? await openDm(client, target.channelId)
          : target.channelId;
        return await findInConversation(client, { ...target, channelId }, items);
      } catch (error) {
        throw deliveryErrorOf(error, `reading ${target.channelId}`);
      }
    },

    async checkToken() {
      try {
        await client.auth.test();
      } catch (error) {
        throw deliveryErrorOf(error, 'auth.test');
      }
    },
  };
}

/** What every message for one item carries: recovery matches the key and the first claim. */
function itemMetadata(item: QueueItem, firstClaimedAt: number): MessageMetadata['event_payload'] {
  return {
    item_id: item.id,
    idempotency_key: item.idempotencyKey,
    first_claimed_at: firstClaimedAt,
  };
}

/**
 * Reads a conversation (conversations.history) or a thread (conversations.replies) once, from
 * the earliest first claim on, for the messages posted for `items`.
 */
async function findInConversation(
  client: WebClient,
  where: PostTarget,
  items: InterruptedItem[],
): Promise<Map<number, PostedMessage>> {
  const found = new Map<number, PostedMessage>();
  if (items.length === 0) return found;
  const channel = where.channelId;
  const since = Math.min(...items.map((i) => i.firstClaimedAt)) - CLOCK_SKEW_MS;
  const wanted = new Map(
    items.map((i) => [claimKey(i.item.idempotencyKey, i.firstClaimedAt), i.item]),
  );
  const byKey = new Map(items.map((i) => [i.item.idempotencyKey, i.item]));
  const query = {
    channel,
    oldest: (Math.max(0, since) / 1000).toFixed(6),
    include_all_metadata: true,
    limit: 200,
  };
  const pages = where.threadTs
    ? client.paginate('conversations.replies', { ...query, ts: where.threadTs })
    : client.paginate('conversations.history', query);
  for await (const page of pages) {
    for (const message of historySchema.parse(page).messages) {
      if (message.metadata?.event_type !== QUEUE_ITEM_EVENT_TYPE) continue;
      const payload = message.metadata.event_payload ?? {};
      if (payload.digest === true && Array.isArray(payload.items)) {
        for (const entry of payload.items as { claim?: unknown }[]) {
          const carried = wanted.get(String(entry?.claim));
          if (carried) found.set(carried.id, { channel, ts: message.ts });
        }
        continue;
      }
      const key = String(payload.idempotency_key);
      // Messages posted before the claim time was sent along match on the key alone.
      const item =
        payload.first_claimed_at === undefined
          ? byKey.get(key)
          : wanted.get(claimKey(key, Number(payload.first_claimed_at)));
      if (item) found.set(item.id, { channel, ts: message.ts });
    }
    if (found.size === items.length) break;
  }
  return found;
}

/** Slack's clock and Mailroom's may differ a little; the claim time in the metadata is exact. */
const CLOCK_SKEW_MS = 60_000;

/**
 * A message belongs to one sending of an item: the same item sent again later (after a snooze)
 * has a new first claim, so an old message never stands in for a new one.
 */
function claimKey(idempotencyKey: string, firstClaimedAt: number): string {
  return `${firstClaimedAt}:${idempotencyKey}`;
}

/** Only for recovery, where the DM channel was never learned: conversations.open is Tier 3. */
async function openDm(client: WebClient, userId: string): Promise<string> {
  const result = await client.conversations.open({ users: userId });
  const id = result.channel?.id;
  if (!id) throw new Error(`conversations.open returned no channel for ${userId}`);
  return id;
}
