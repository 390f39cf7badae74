import { describe, expect, it } from 'vitest';
import { RateBuckets } from '../../../src/core/domain/pace.js';

describe('RateBuckets', () => {
  const oneASecond = { perMinute: 60, burst: 3 };

  it('allows a burst, then one call a second', () => {
    const buckets = new RateBuckets(oneASecond);
    for (let i = 0; i < 3; i++) {
      expect(buckets.waitMs('C1', 0)).toBe(0);
      buckets.take('C1', 0);
    }
    expect(buckets.waitMs('C1', 0)).toBe(1000);
    expect(buckets.waiting(0)).toEqual(new Map([['C1', 1000]]));
    expect(buckets.waitMs('C2', 0)).toBe(0); // another conversation has its own pace
    expect(buckets.waitMs('C1', 1000)).toBe(0);
    expect(buckets.waiting(1000).size).toBe(0);
  });

  it('holds a key until Retry-After has passed, then allows one call, not a burst', () => {
    const buckets = new RateBuckets(oneASecond);
    buckets.holdUntil('chat.postMessage', 30_000);
    expect(buckets.waitMs('chat.postMessage', 29_999)).toBe(1);
    expect(buckets.waitMs('chat.postMessage', 30_000)).toBe(0);
    buckets.take('chat.postMessage', 30_000);
    expect(buckets.waitMs('chat.postMessage', 30_000)).toBe(1000);
  });
});
