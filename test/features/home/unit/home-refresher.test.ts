import { describe, expect, it } from 'vitest';
import { HomeRefresher } from '../../../../src/features/home/slack/home-refresher.js';
import { captureLogger } from '../../../support/harness.js';

/** A clock and sleep that move only as the refresher sleeps, so pacing is exact. */
function virtualTime() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      await Promise.resolve();
      now += ms;
    },
  };
}

function refresher(visitors: string[], publishes: { userId: string; at: number }[]) {
  const time = virtualTime();
  const logs = captureLogger();
  const home = new HomeRefresher({
    publish: async (userId) => {
      if (userId === 'UBROKEN') throw new Error('views.publish failed');
      publishes.push({ userId, at: time.now() });
    },
    visitors: (ids) => ids.filter((id) => visitors.includes(id)),
    logger: logs.logger,
    debounceMs: 2000,
    intervalMs: 700,
    ...time,
  });
  return { home, logs };
}

describe('HomeRefresher', () => {
  it('publishes once per person after a burst of changes, only for recent visitors', async () => {
    const publishes: { userId: string; at: number }[] = [];
    const { home } = refresher(['UA', 'UB'], publishes);
    for (let i = 0; i < 50; i++) home.changed(['UA', 'UNEVER']);
    home.changed(['UB']);
    await home.idle();
    expect(publishes.map((p) => p.userId)).toEqual(['UA', 'UB']);
    expect(publishes[0]?.at).toBe(2000);
  });

  it('paces publishes at the interval, however many people changed at once', async () => {
    const publishes: { userId: string; at: number }[] = [];
    const ids = Array.from({ length: 100 }, (_, i) => `U${i}`);
    const { home } = refresher(ids, publishes);
    home.changed(ids);
    await home.idle();
    expect(publishes).toHaveLength(100);
    const gaps = publishes.slice(1).map((p, i) => p.at - (publishes[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(700);
  });

  it('goes on after a failed publish, and logs it', async () => {
    const publishes: { userId: string; at: number }[] = [];
    const { home, logs } = refresher(['UBROKEN', 'UA'], publishes);
    home.changed(['UBROKEN', 'UA']);
    await home.idle();
    expect(publishes.map((p) => p.userId)).toEqual(['UA']);
    expect(logs.entries.some((e) => String(e.args[0]).includes('UBROKEN'))).toBe(true);
  });

  it('does nothing once stopped', async () => {
    const publishes: { userId: string; at: number }[] = [];
    const { home } = refresher(['UA'], publishes);
    home.stop();
    home.changed(['UA']);
    await home.idle();
    expect(publishes).toEqual([]);
  });
});
