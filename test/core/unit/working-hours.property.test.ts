import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IsoWeekday, offsetAt } from '../../../src/core/domain/local-time.js';
import {
  addWorkingTime,
  isWorkingAt,
  nextStretchStart,
  nextWorkingInstant,
  validateWorkingHours,
  type WorkingHours,
  type WorkWindow,
  workingStretchAt,
} from '../../../src/core/domain/working-hours.js';

const MIN = 60_000;
const STEP = 15 * MIN;
const DAY = 24 * 60 * MIN;

/**
 * Zones with the transitions that break naive code: DST at 02:00 (New York), at 01:00 UTC
 * (London), a 30-minute shift (Lord Howe), odd offsets (Kathmandu, St John's, Chatham), a
 * skipped day (Apia 2011), and gaps or overlaps at or across local midnight (Nuuk, Santiago,
 * Havana, Beirut, Cairo).
 */
const ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Pacific/Chatham',
  'Pacific/Apia',
  'America/Nuuk',
  'America/Santiago',
  'America/Havana',
  'Asia/Beirut',
  'Africa/Cairo',
  'UTC',
] as const;

const FROM = Date.parse('2011-01-01T00:00:00Z');
const TO = Date.parse('2027-01-01T00:00:00Z');

/** Every offset change of `zone` between FROM and TO, to the minute (found by bisection). */
function transitionsOf(zone: string): number[] {
  const found: number[] = [];
  let previous = offsetAt(FROM, zone);
  for (let t = FROM + DAY; t < TO; t += DAY) {
    const offset = offsetAt(t, zone);
    if (offset === previous) continue;
    let lo = t - DAY;
    let hi = t;
    while (hi - lo > MIN) {
      const mid = lo + Math.floor((hi - lo) / 2 / MIN) * MIN;
      if (offsetAt(mid, zone) === previous) lo = mid;
      else hi = mid;
    }
    found.push(hi);
    previous = offset;
  }
  return found;
}

const TRANSITIONS = new Map(ZONES.map((zone) => [zone, transitionsOf(zone)]));

/** Whole quarter hours: every window edge and every transition falls on one. */
const quarter = (t: number) => Math.floor(t / STEP) * STEP;

/** An instant anywhere in the years covered, or within two days of one of the zone's transitions. */
function instantNear(zone: string): fc.Arbitrary<number> {
  const transitions = TRANSITIONS.get(zone as (typeof ZONES)[number]) ?? [];
  const anywhere = fc.integer({ min: FROM, max: TO }).map(quarter);
  if (transitions.length === 0) return anywhere;
  const near = fc
    .tuple(
      fc.constantFrom(...transitions),
      fc.integer({ min: -2 * 24 * 4, max: 2 * 24 * 4 }).map((q) => q * STEP),
    )
    .map(([t, shift]) => quarter(t + shift));
  return fc.oneof({ arbitrary: near, weight: 3 }, { arbitrary: anywhere, weight: 1 });
}

const day = fc.integer({ min: 1, max: 7 }).map((d) => d as IsoWeekday);
/** A window of 15 minutes to 16 hours starting on any quarter hour, often across midnight. */
const window: fc.Arbitrary<WorkWindow> = fc
  .record({
    day,
    startMinute: fc.oneof(
      fc.integer({ min: 0, max: 95 }).map((q) => q * 15),
      fc.constantFrom(22 * 60, 23 * 60, 23 * 60 + 30, 0, 30, 60),
    ),
    length: fc.integer({ min: 1, max: 64 }).map((q) => q * 15),
  })
  .map(({ day, startMinute, length }) => ({
    day,
    startMinute,
    endMinute: startMinute + length,
  }));

const workingHours: fc.Arbitrary<WorkingHours> = fc
  .tuple(fc.constantFrom(...ZONES), fc.array(window, { minLength: 1, maxLength: 6 }))
  .map(([timeZone, windows]) => ({ timeZone, windows }))
  .filter((hours) => {
    try {
      validateWorkingHours(hours);
      return true;
    } catch {
      return false;
    }
  });

const casesWithInstant = workingHours.chain((hours) =>
  fc.tuple(fc.constant(hours), instantNear(hours.timeZone)),
);

const SEED = 20261201;
const RUNS = 200;

describe('working hours: isWorkingAt, nextWorkingInstant and addWorkingTime agree', () => {
  it('nextWorkingInstant returns a working instant, with nothing working before it', () => {
    fc.assert(
      fc.property(casesWithInstant, ([hours, t]) => {
        const next = nextWorkingInstant(hours, t);
        expect(next).toBeGreaterThanOrEqual(t);
        expect(isWorkingAt(hours, next)).toBe(true);
        if (isWorkingAt(hours, t)) {
          expect(next).toBe(t);
        } else {
          expect(isWorkingAt(hours, next - 1)).toBe(false);
          // Off all the way from t to next (edges are on quarter hours, so these samples suffice).
          for (let q = t; q < next; q += STEP) expect(isWorkingAt(hours, q)).toBe(false);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('addWorkingTime counts only working minutes', () => {
    const duration = fc.integer({ min: 0, max: 16 }).map((q) => q * STEP);
    fc.assert(
      fc.property(casesWithInstant, duration, ([hours, t], ms) => {
        const end = addWorkingTime(hours, t, ms);
        expect(end).toBeGreaterThanOrEqual(t);
        let worked = 0;
        for (let q = t; q < end; q += STEP) if (isWorkingAt(hours, q)) worked += STEP;
        expect(worked).toBe(ms);
        if (ms > 0) expect(isWorkingAt(hours, end - 1)).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('working stretches agree with isWorkingAt, and the next one starts after an off instant', () => {
    fc.assert(
      fc.property(casesWithInstant, ([hours, t]) => {
        const stretch = workingStretchAt(hours, t);
        expect(stretch !== undefined).toBe(isWorkingAt(hours, t));
        if (stretch) {
          expect(isWorkingAt(hours, stretch.start)).toBe(true);
          expect(isWorkingAt(hours, stretch.start - 1)).toBe(false);
          expect(isWorkingAt(hours, stretch.end - 1)).toBe(true);
          expect(isWorkingAt(hours, stretch.end)).toBe(false);
        }
        const next = nextStretchStart(hours, t);
        expect(next).toBeGreaterThanOrEqual(t);
        expect(isWorkingAt(hours, next)).toBe(true);
        expect(isWorkingAt(hours, next - 1)).toBe(false);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a night shift belongs to the day it starts on', () => {
    const hours: WorkingHours = {
      timeZone: 'Europe/London',
      windows: [{ day: 7, startMinute: 22 * 60, endMinute: 30 * 60 }],
    };
    // Sunday 2026-06-07 22:00 BST to Monday 06:00 BST.
    expect(isWorkingAt(hours, Date.parse('2026-06-07T20:59:00Z'))).toBe(false);
    expect(isWorkingAt(hours, Date.parse('2026-06-07T21:00:00Z'))).toBe(true);
    expect(isWorkingAt(hours, Date.parse('2026-06-08T04:59:00Z'))).toBe(true);
    expect(isWorkingAt(hours, Date.parse('2026-06-08T05:00:00Z'))).toBe(false);
    expect(new Date(nextWorkingInstant(hours, Date.parse('2026-06-08T05:00:00Z')))).toEqual(
      new Date('2026-06-14T21:00:00Z'),
    );
  });

  it('Nuuk’s spring gap across midnight: the next working instant is working (no week lost)', () => {
    // 2024-03-30: at 22:00 local (-02:00) the clock jumps to 23:00 (-01:00)… and in 2023, from
    // Saturday 23:00 to Sunday 00:00. A window at 23:00–01:00 on Saturday starts inside the gap.
    const hours: WorkingHours = {
      timeZone: 'America/Nuuk',
      windows: [{ day: 6, startMinute: 23 * 60, endMinute: 25 * 60 }],
    };
    for (const zoneTransition of TRANSITIONS.get('America/Nuuk') ?? []) {
      const from = zoneTransition - DAY;
      const next = nextWorkingInstant(hours, from);
      expect(isWorkingAt(hours, next)).toBe(true);
      expect(next - from).toBeLessThan(8 * DAY);
    }
  });
});
