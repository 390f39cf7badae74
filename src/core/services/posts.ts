import type { z } from 'zod';
import { parsePayload, type QueueItem } from '../domain/queue.js';
import type { QueueRepository } from '../store/queue-repository.js';
import type { ServiceContext } from './context.js';
import type { ConversationGone } from './hooks.js';
import type { PostTarget } from './ports.js';

/** A rendered message, as the Slack views build it. */
export interface PostMessage {
  text: string;
  blocks?: readonly unknown[];
}

export interface PostRequest {
  /** A channel id, or a user id for their DM. */
  channelId: string;
  /** The thread to reply in, when its ts is known. */
  threadTs?: string | null;
  /** The post to reply under, by key, when its ts is not known yet: this one waits for it. */
  parentKey?: string;
  message: PostMessage;
  /** Unique per post: the same key queues it once, however often it is asked for. */
  key: string;
  /** What the posted message is, for its capability when it is posted or refused (see purposeOf). */
  purpose?: Record<string, unknown>;
  /** When the conversation will not take it (Mailroom is not in it), this goes to the person's DM. */
  orElse?: { userId: string; message: PostMessage };
}

const blocksOf = (message: PostMessage) => [...(message.blocks ?? [])] as Record<string, unknown>[];

/**
 * The one way to post into a conversation: a `post` item the delivery worker sends at once
 * (pacing aside), exactly once, with the same claim, metadata and look-up as every DM.
 */
export function enqueuePost(
  ctx: Pick<ServiceContext, 'queue' | 'clock'>,
  request: PostRequest,
): { item: QueueItem; created: boolean } {
  const now = ctx.clock();
  return ctx.queue.enqueue(
    {
      kind: 'post',
      recipientId: request.channelId,
      channelId: request.channelId,
      threadTs: request.threadTs ?? null,
      payload: {
        text: request.message.text,
        blocks: blocksOf(request.message),
        ...(request.parentKey ? { parentKey: request.parentKey } : {}),
        ...(request.purpose ? { purpose: request.purpose } : {}),
        ...(request.orElse
          ? {
              orElse: {
                userId: request.orElse.userId,
                text: request.orElse.message.text,
                blocks: blocksOf(request.orElse.message),
              },
            }
          : {}),
      },
      deliverAfter: now,
      idempotencyKey: `post:${request.key}`,
    },
    now,
  );
}

/** The key `enqueuePost` stores a post under, for a reply's `parentKey`. */
export function postKey(key: string): string {
  return `post:${key}`;
}

export type ResolvedTarget =
  | { kind: 'ready'; target: PostTarget }
  | { kind: 'waiting'; until: number }
  | { kind: 'gone'; reason: string };

/** Where a post item goes now: a reply needs the ts of the post it goes under. */
export function postTargetOf(
  queue: Pick<QueueRepository, 'findByKey'>,
  item: QueueItem,
): ResolvedTarget {
  const { parentKey } = parsePayload('post', item.payload);
  const channelId = item.channelId ?? item.recipientId;
  if (!parentKey) {
    return {
      kind: 'ready',
      target: { channelId, ...(item.threadTs ? { threadTs: item.threadTs } : {}) },
    };
  }
  const parent = queue.findByKey(parentKey);
  if (parent?.deliveredTs)
    return { kind: 'ready', target: { channelId, threadTs: parent.deliveredTs } };
  if (
    !parent ||
    parent.state === 'skipped' ||
    parent.state === 'expired' ||
    parent.state === 'done'
  ) {
    return { kind: 'gone', reason: 'the message it replies under was never posted' };
  }
  return { kind: 'waiting', until: parent.deliverAfter };
}

/**
 * A post its conversation would not take: the person it was really for gets it in their DM,
 * once (a post item to their user id).
 */
export function redirectUndeliverablePost(
  ctx: Pick<ServiceContext, 'queue' | 'clock'>,
  item: QueueItem,
): void {
  if (item.kind !== 'post') return;
  const { orElse } = parsePayload('post', item.payload);
  if (!orElse) return;
  enqueuePost(ctx, {
    channelId: orElse.userId,
    message: { text: orElse.text, blocks: orElse.blocks },
    key: `${item.idempotencyKey}:else`,
  });
}

/** What a post is for (its payload's purpose), when its capability must act on its fate. */
export function purposeOf<T>(schema: z.ZodType<T>, item: QueueItem): T | undefined {
  if (item.kind !== 'post') return undefined;
  const parsed = schema.safeParse(parsePayload('post', item.payload).purpose);
  return parsed.success ? parsed.data : undefined;
}

const CONVERSATION_GONE = /\b(is_archived|not_in_channel|channel_not_found)\b/;

/** Whether Slack's refusal says Mailroom can no longer post in the conversation, and why. */
export function conversationGoneIn(reason: string): ConversationGone | undefined {
  return CONVERSATION_GONE.exec(reason)?.[1] as ConversationGone | undefined;
}
