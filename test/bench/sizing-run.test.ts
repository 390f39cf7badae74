import { describe, expect, it } from 'vitest';
import { measureSize, sizingTable } from '../../bench/sizing.js';

describe('the sizing bench, run at a tiny size', () => {
  it('syncs, fills a year, searches, ticks and delivers the morning’s wave through the real process', async () => {
    const measured = await measureSize(12, { searchRuns: 1, searchQueries: 20 });

    expect(measured.members).toBe(12);
    expect(measured.directoryPages).toBe(1);
    // Ten members in the one standup are asked at 09:30, the other two have an item waiting.
    expect(measured.waveItems).toBe(12);
    expect(measured.searchQueries).toBe(20);
    for (const value of [
      measured.databaseMiB,
      measured.directorySyncMs,
      measured.searchP50Ms,
      measured.quietTickMs,
      measured.waveTickMs,
      measured.waveSeconds,
      measured.rssMiB,
      measured.heapMiB,
    ]) {
      expect(Number.isFinite(value) && value > 0).toBe(true);
    }
    expect(measured.heapMiB).toBeLessThan(measured.rssMiB);
    expect(measured.rssMiB).toBeLessThanOrEqual(measured.peakRssMiB);
    const [, , row] = sizingTable([measured]);
    expect(row).toMatch(/^\| 12 \| \d+ MiB \|/);
  }, 180_000);
});
