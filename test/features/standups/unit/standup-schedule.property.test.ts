import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  type IsoWeekday,
  isoWeekdayOf,
  type LocalDate,
  offsetAt,
  toLocal,
  wallTimeToInstant,
} from '../../../../src/core/domain/local-time.js';
import { DEFAULT_WORK_WINDOWS } from '../../../../src/core/domain/working-hours.js';
import {
  dateKey,
  nextPrompt,
  type StandupTiming,
} from '../../../../src/features/standups/domain/schedule.js';

const MIN = 60_000;
const STEP = 15 * MIN;
const DAY = 24 * 60 * MIN;

/** Every zone this Node knows (400 and more), and the ones whose transitions break naive code. */
const ALL_ZONES = Intl.supportedValuesOf('timeZone');
const TRICKY = [
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
];

const FROM = Date.parse('2011-01-01T00:00:00Z');
const TO = Date.parse('2027-01-01T00:00:00Z');

function transitionsOf(zone: string): number[] {
  const found: number[] = [];
  let previous = offsetAt(FROM, zone);
  for (let t = FROM + DAY; t < TO; t += DAY) {
    const offset = offsetAt(t, zone);
    if (offset !== previous) found.push(t);
    previous = offset;
  }
  return found;
}
const TRANSITIONS = new Map(
  TRICKY.map((zone) => [zone, transitionsOf(zone)] as const).filter(([, t]) => t.length > 0),
);

const quarter = (t: number) => Math.floor(t / STEP) * STEP;

/** A zone, and an instant anywhere in 2011–2026 or within days of one of its transitions. */
const zoneAndInstant = fc.oneof(
  fc.tuple(fc.constantFrom(...ALL_ZONES), fc.integer({ min: FROM, max: TO }).map(quarter)),
  fc.constantFrom(...TRANSITIONS.keys()).chain((zone) =>
    fc.tuple(
      fc.constant(zone),
      fc
        .tuple(
          fc.constantFrom(...(TRANSITIONS.get(zone) ?? [FROM])),
          fc.integer({ min: -3 * 96, max: 2 * 96 }),
        )
        .map(([t, q]) => quarter(t + q * STEP)),
    ),
  ),
);

const days = fc
  .subarray([1, 2, 3, 4, 5, 6, 7] as IsoWeekday[], { minLength: 1 })
  .map((d) => [...d].sort());
/** Quarter hours (every transition in these years falls on one), often near midnight or 02:00. */
const minute = fc.oneof(
  fc.integer({ min: 0, max: 95 }).map((q) => q * 15),
  fc.constantFrom(0, 15, 60, 90, 120, 135, 150, 1410, 1425),
);

const sameDate = (a: LocalDate, b: LocalDate) => dateKey(a) === dateKey(b);

/**
 * The first instant on the quarter-hour grid at which `zone`'s wall clock shows `minuteOfDay`
 * on `date`, found by looking at every quarter hour around it: the oracle, independent of how
 * the schedule computes it. Undefined when that wall time does not exist (a gap).
 */
function firstShowing(zone: string, date: LocalDate, minuteOfDay: number): number | undefined {
  const midnight = Date.UTC(date.year, date.month - 1, date.day);
  for (let t = midnight - 15 * 60 * MIN; t <= midnight + DAY + 15 * 60 * MIN; t += STEP) {
    const local = toLocal(t, zone);
    if (sameDate(local, date) && local.minuteOfDay === minuteOfDay) return t;
  }
  return undefined;
}

const SEED = 20260309;

describe('standup prompts over every zone: the configured local time, on a configured weekday', () => {
  it('a member-zone prompt shows the configured time in the member’s zone (or the gap’s forward shift)', () => {
    fc.assert(
      fc.property(zoneAndInstant, days, minute, ([zone, after], weekdays, promptMinute) => {
        const timing: StandupTiming = {
          days: weekdays,
          promptMode: 'member_zone',
          promptMinute,
          teamZone: 'UTC',
          reportMinute: 1439,
        };
        const next = nextPrompt(
          timing,
          { timeZone: zone, windows: DEFAULT_WORK_WINDOWS },
          after,
          null,
        );
        if (!next) throw new Error('a member-zone standup always has a next prompt');
        expect(next.at).toBeGreaterThan(after);
        expect(weekdays).toContain(isoWeekdayOf(next.date));
        const showing = firstShowing(zone, next.date, promptMinute);
        if (showing !== undefined) {
          expect(next.at).toBe(showing);
        } else {
          // In a spring-forward gap: later on the clock by exactly the length of the gap.
          const shift = offsetAt(next.at, zone) - offsetAt(next.at - DAY, zone);
          expect(shift).toBeGreaterThan(0);
          const shown = toLocal(next.at, zone);
          const shownMinutes = shown.minuteOfDay + (sameDate(shown, next.date) ? 0 : 24 * 60);
          expect(shownMinutes - promptMinute).toBe(shift / MIN);
        }
        // No configured weekday between `after` and the prompt was left out.
        const start: LocalDate = toLocal(after, zone);
        for (let d = start; dateKey(d) < dateKey(next.date); d = addDays(d, 1)) {
          if (!weekdays.includes(isoWeekdayOf(d))) continue;
          const dayStart = wallTimeToInstant(zone, d, 0);
          if (!sameDate(toLocal(dayStart, zone), d)) continue; // a date the zone skipped
          expect(wallTimeToInstant(zone, d, promptMinute)).toBeLessThanOrEqual(after);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('a team-zone prompt shows the configured time in the team zone, the same instant for everyone', () => {
    fc.assert(
      fc.property(
        zoneAndInstant,
        fc.constantFrom(...ALL_ZONES),
        days,
        minute,
        ([teamZone, after], memberZone, weekdays, promptMinute) => {
          const timing: StandupTiming = {
            days: weekdays,
            promptMode: 'team_zone',
            promptMinute,
            teamZone,
            reportMinute: 1439,
          };
          const member = { timeZone: memberZone, windows: DEFAULT_WORK_WINDOWS };
          const next = nextPrompt(timing, member, after, null);
          const utc = nextPrompt(timing, { ...member, timeZone: 'UTC' }, after, null);
          if (!next) throw new Error('a team-zone standup always has a next prompt');
          expect(next).toEqual(utc);
          expect(weekdays).toContain(isoWeekdayOf(next.date));
          const showing = firstShowing(teamZone, next.date, promptMinute);
          if (showing !== undefined) expect(next.at).toBe(showing);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('asks each date once, dates strictly increasing, from one prompt to the next', () => {
    fc.assert(
      fc.property(zoneAndInstant, days, minute, ([zone, after], weekdays, promptMinute) => {
        const timing: StandupTiming = {
          days: weekdays,
          promptMode: 'member_zone',
          promptMinute,
          teamZone: 'UTC',
          reportMinute: 1439,
        };
        const member = { timeZone: zone, windows: DEFAULT_WORK_WINDOWS };
        let last: ReturnType<typeof nextPrompt> = null;
        let at = after;
        for (let i = 0; i < 10; i++) {
          const next = nextPrompt(timing, member, at, last?.date ?? null);
          if (!next) throw new Error('no next prompt');
          expect(next.at).toBeGreaterThan(at);
          if (last) expect(dateKey(next.date) > dateKey(last.date)).toBe(true);
          at = next.at;
          last = next;
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
