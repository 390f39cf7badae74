import type { Member } from '../../src/core/domain/member.js';
import type { ClaimedItem, QueueItem } from '../../src/core/domain/queue.js';
import type { PaceTimer } from '../../src/core/services/delivery.js';
import {
  type DeliveryContext,
  DeliveryError,
  type InterruptedItem,
  type Messenger,
  type PostedMessage,
  type PostTarget,
} from '../../src/core/services/ports.js';

/** An in-memory Slack: remembers what it posted, can fail, hang, or "crash" after posting. */
export class MemoryMessenger implements Messenger {
  posted: { item: QueueItem; ctx: DeliveryContext; ts: string; at: number }[] = [];
  lookups: { recipientId: string; items: InterruptedItem[] }[] = [];
  failWith: Error | undefined;
  /** Posts, then fails as if the answer had been lost. */
  loseAnswerWith: Error | undefined;
  tokenWorks = true;
  /** A send that does not return until released. */
  hold: Promise<void> | undefined;
  inFlight = 0;
  maxInFlightPerRecipient = 0;
  private perRecipient = new Map<string, number>();

  constructor(private readonly timer?: PaceTimer) {}

  async deliver(item: QueueItem, ctx: DeliveryContext): Promise<PostedMessage> {
    const busy = (this.perRecipient.get(item.recipientId) ?? 0) + 1;
    this.perRecipient.set(item.recipientId, busy);
    this.maxInFlightPerRecipient = Math.max(this.maxInFlightPerRecipient, busy);
    this.inFlight += 1;
    try {
      if (this.hold) await this.hold;
      if (this.failWith) throw this.failWith;
      const ts = `${1000 + this.posted.length}.000100`;
      this.posted.push({ item, ctx, ts, at: this.timer?.now() ?? 0 });
      if (this.loseAnswerWith) throw this.loseAnswerWith;
      return { channel: `D${item.recipientId}`, ts };
    } finally {
      this.inFlight -= 1;
      this.perRecipient.set(item.recipientId, busy - 1);
    }
  }

  digests: { items: ClaimedItem[]; ts: string }[] = [];

  /** A digest is one post; each item it carries is remembered with its own first claim. */
  async deliverDigest(items: ClaimedItem[], ctx: DeliveryContext): Promise<PostedMessage> {
    if (this.hold) await this.hold;
    if (this.failWith) throw this.failWith;
    const ts = `${1000 + this.posted.length}.000100`;
    this.digests.push({ items, ts });
    for (const item of items) {
      this.posted.push({
        item,
        ctx: { ...ctx, firstClaimedAt: item.firstClaimedAt },
        ts,
        at: this.timer?.now() ?? 0,
      });
    }
    if (this.loseAnswerWith) throw this.loseAnswerWith;
    return { channel: `D${ctx.recipient.id}`, ts };
  }

  async findDelivered(recipient: Member, items: InterruptedItem[]) {
    this.lookups.push({ recipientId: recipient.id, items });
    const found = new Map<number, PostedMessage>();
    for (const { item, firstClaimedAt } of items) {
      const post = this.posted.find(
        (p) =>
          p.item.idempotencyKey === item.idempotencyKey && p.ctx.firstClaimedAt === firstClaimedAt,
      );
      if (post) found.set(item.id, { channel: `D${item.recipientId}`, ts: post.ts });
    }
    return found;
  }

  /** Posts into conversations (post items), with the target each went to. */
  posts: { item: ClaimedItem; target: PostTarget; ts: string }[] = [];
  postLookups: { target: PostTarget; items: InterruptedItem[] }[] = [];

  async post(item: ClaimedItem, target: PostTarget): Promise<PostedMessage> {
    if (this.hold) await this.hold;
    if (this.failWith) throw this.failWith;
    const ts = `${2000 + this.posts.length}.000100`;
    this.posts.push({ item, target, ts });
    if (this.loseAnswerWith) throw this.loseAnswerWith;
    return { channel: target.channelId, ts };
  }

  async findPosted(target: PostTarget, items: InterruptedItem[]) {
    this.postLookups.push({ target, items });
    const found = new Map<number, PostedMessage>();
    for (const { item, firstClaimedAt } of items) {
      const post = this.posts.find(
        (p) =>
          p.item.idempotencyKey === item.idempotencyKey &&
          p.item.firstClaimedAt === firstClaimedAt &&
          p.target.channelId === target.channelId &&
          p.target.threadTs === target.threadTs,
      );
      if (post) found.set(item.id, { channel: target.channelId, ts: post.ts });
    }
    return found;
  }

  /** auth.test gets no answer either (Slack is down). */
  probeFails = false;
  probes = 0;

  async checkToken() {
    this.probes += 1;
    if (this.probeFails) throw new DeliveryError('auth.test: ECONNREFUSED', 'not-sent');
    if (!this.tokenWorks)
      throw new DeliveryError('auth.test: token_revoked', 'token', { code: 'token_revoked' });
  }
}

/** Pacing time that passes only when the worker waits, so pace tests take no real time. */
export function virtualTimer(): PaceTimer & { elapsed(): number } {
  let now = 0;
  return {
    now: () => now,
    elapsed: () => now,
    sleep: async (ms) => {
      await new Promise((resolve) => setImmediate(resolve));
      now += ms;
    },
  };
}
