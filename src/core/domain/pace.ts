/**
 * Sending at Slack's pace: token buckets keyed by what Slack limits (a method across the
 * workspace, or one conversation), plus the holds a 429's Retry-After imposes. Pure: every
 * instant is passed in, in milliseconds of a monotonic timer.
 */
export interface Rate {
  /** Sustained calls a minute. */
  perMinute: number;
  /** Calls allowed at once after a quiet spell. */
  burst: number;
}

/** Slack's published limits for what the delivery worker calls (see rate_limit_tiers.json). */
export const SLACK_RATES = {
  /** chat.postMessage into one conversation: about one message a second, short bursts allowed. */
  postsPerConversation: { perMinute: 60, burst: 3 },
  /** chat.postMessage across the workspace: "several hundred messages a minute". */
  postsPerWorkspace: { perMinute: 600, burst: 60 },
  /** Tier 3 (conversations.history, conversations.open): 50 or more a minute. */
  tier3: { perMinute: 50, burst: 10 },
} as const satisfies Record<string, Rate>;

const PRUNE_AT = 10_000;

interface Bucket {
  tokens: number;
  at: number;
  heldUntil: number;
}

export class RateBuckets {
  private readonly buckets = new Map<string, Bucket>();
  /** Keys that may have to wait: emptied or held. Only these are looked at by `waiting`. */
  private readonly short = new Set<string>();
  private readonly perMs: number;
  private pruneAt = PRUNE_AT;

  constructor(readonly rate: Rate) {
    this.perMs = rate.perMinute / 60_000;
  }

  /** How long until `key` may make a call (0: now). */
  waitMs(key: string, now: number): number {
    const bucket = this.refilled(key, now);
    const held = Math.max(0, bucket.heldUntil - now);
    const refill = bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / this.perMs);
    return Math.max(held, refill);
  }

  /** Spends one call for `key`; the caller checked waitMs first. */
  take(key: string, now: number): void {
    const bucket = this.refilled(key, now);
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) this.short.add(key);
    if (this.buckets.size > this.pruneAt) this.prune(now);
  }

  /** Slack answered 429 with Retry-After: no call for `key` before `until`. */
  holdUntil(key: string, until: number): void {
    const bucket = this.buckets.get(key);
    const heldUntil = Math.max(bucket?.heldUntil ?? 0, until);
    // One call when the hold ends, then the sustained rate: no burst straight after a 429.
    this.buckets.set(key, { tokens: 1, at: heldUntil, heldUntil });
    this.short.add(key);
  }

  /** Keys that must wait now, with how long. */
  waiting(now: number): Map<string, number> {
    const result = new Map<string, number>();
    for (const key of this.short) {
      const wait = this.waitMs(key, now);
      if (wait > 0) result.set(key, wait);
      else this.short.delete(key);
    }
    return result;
  }

  /** Forgets buckets that have refilled: they are the same as new ones. */
  private prune(now: number): void {
    for (const key of this.buckets.keys()) {
      if (!this.short.has(key) && this.refilled(key, now).tokens >= this.rate.burst) {
        this.buckets.delete(key);
      }
    }
    this.pruneAt = Math.max(PRUNE_AT, 2 * this.buckets.size);
  }

  private refilled(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: this.rate.burst, at: now, heldUntil: 0 };
    const from = Math.max(bucket.at, Math.min(now, bucket.heldUntil));
    const elapsed = Math.max(0, now - from);
    return {
      tokens: Math.min(this.rate.burst, bucket.tokens + elapsed * this.perMs),
      at: Math.max(now, bucket.at),
      heldUntil: bucket.heldUntil,
    };
  }
}
