import { describe, expect, it } from 'vitest';
import { dailyWindows, type WorkingHours } from '../../../src/core/domain/working-hours.js';
import {
  type AwayPeriod,
  layWindow,
  workingDeadline,
  workingTimeBetween,
} from '../../../src/core/domain/working-time.js';

const at = (iso: string): number => Date.parse(iso);
const HOUR = 60 * 60_000;
const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7] as const;

/** 09:00–17:00 local on `days`. */
const nineToFive = (timeZone: string, days: readonly (1 | 2 | 3 | 4 | 5 | 6 | 7)[] = WEEKDAYS) =>
  ({ timeZone, windows: dailyWindows(9 * 60, 17 * 60, days) }) satisfies WorkingHours;

const AUCKLAND = nineToFive('Pacific/Auckland');
const KOLKATA = nineToFive('Asia/Kolkata');
const NEW_YORK = nineToFive('America/New_York');

function endOf(hours: WorkingHours, away: AwayPeriod[], start: string, workingHours: number) {
  const deadline = workingDeadline(hours, away, at(start), workingHours * HOUR);
  if (deadline.kind !== 'at') throw new Error('expected the window to end');
  return {
    startsAt: new Date(deadline.startsAt).toISOString(),
    endsAt: new Date(deadline.endsAt).toISOString(),
  };
}

describe('workingDeadline: a window of working hours in the person’s own hours', () => {
  it('Auckland, across a weekend and the end of daylight time (Sun 5 April 2026)', () => {
    // Fri 3 April 15:00 NZDT (UTC+13) = 02:00Z. Friday gives 2 h (to 17:00 NZDT = 04:00Z).
    // The weekend does not count, and the clock goes back an hour on Sunday: Monday is NZST
    // (UTC+12), so Mon 6 April 09:00 = Sun 5 April 21:00Z, and Monday gives 8 h (10 so far).
    // Tue 7 April 09:00 NZST = Mon 21:00Z, plus the last 6 h = Tue 03:00Z (15:00 local).
    expect(endOf(AUCKLAND, [], '2026-04-03T02:00:00Z', 16)).toEqual({
      startsAt: '2026-04-03T02:00:00.000Z',
      endsAt: '2026-04-07T03:00:00.000Z',
    });
    // Half of it, 8 h: Fri 2 h, then 6 h of Monday: Mon 15:00 NZST = 03:00Z Monday.
    expect(endOf(AUCKLAND, [], '2026-04-03T02:00:00Z', 8).endsAt).toBe('2026-04-06T03:00:00.000Z');
  });

  it('Auckland, a 23-hour working day (daylight time begins Sun 27 September 2026) counts 8 h', () => {
    const everyDay = nineToFive('Pacific/Auckland', EVERY_DAY);
    // Sat 26 Sep 09:00 NZST (UTC+12) = Fri 25 Sep 21:00Z; Saturday gives 8 h (to 05:00Z).
    // Sunday is 23 hours long (02:00 → 03:00), but 09:00–17:00 NZDT (UTC+13) is still 8 h:
    // 09:00 NZDT = Sat 20:00Z, so the 16 h end at 17:00 NZDT = Sun 27 Sep 04:00Z, 31 real
    // hours after the start though the wall clock moved 32.
    expect(endOf(everyDay, [], '2026-09-25T21:00:00Z', 16)).toEqual({
      startsAt: '2026-09-25T21:00:00.000Z',
      endsAt: '2026-09-27T04:00:00.000Z',
    });
    // And back: the whole weekend, local midnight to midnight, holds 16 working hours.
    expect(
      workingTimeBetween(everyDay, [], at('2026-09-25T12:00:00Z'), at('2026-09-27T11:00:00Z')),
    ).toBe(16 * HOUR);
  });

  it('Kolkata (no clock changes), across a weekend', () => {
    // Fri 6 March 2026 16:00 IST (UTC+5:30) = 10:30Z: 1 h on Friday (to 11:30Z).
    // Mon 9 March 09:00 IST = 03:30Z: 8 h (to 11:30Z), 9 so far; Tue 10 March 03:30Z + 7 h =
    // 10:30Z (16:00 IST).
    expect(endOf(KOLKATA, [], '2026-03-06T10:30:00Z', 16).endsAt).toBe('2026-03-10T10:30:00.000Z');
    // Half: 1 h Friday + 7 h Monday = Mon 16:00 IST = 10:30Z.
    expect(endOf(KOLKATA, [], '2026-03-06T10:30:00Z', 8).endsAt).toBe('2026-03-09T10:30:00.000Z');
  });

  it('New York, across a weekend and the start of daylight time (Sun 8 March 2026)', () => {
    // Fri 6 March 13:00 EST (UTC-5) = 18:00Z: 4 h on Friday (to 22:00Z). The clock goes
    // forward on Sunday; Mon 9 March 09:00 EDT (UTC-4) = 13:00Z: 8 h (to 21:00Z), 12 so far.
    // Tue 10 March 13:00Z + 4 h = 17:00Z (13:00 EDT). Counting in EST would say 18:00Z.
    expect(endOf(NEW_YORK, [], '2026-03-06T18:00:00Z', 16).endsAt).toBe('2026-03-10T17:00:00.000Z');
  });

  it('New York, a night shift through the end of daylight time (Sun 1 November 2026)', () => {
    // Sat 22:00 → Sun 06:00 every night. On Sat 31 Oct 22:00 EDT = Sun 1 Nov 02:00Z; 06:00
    // EST (the clock went back at 02:00) = 11:00Z: that night is 9 real hours, all worked.
    const nights = {
      timeZone: 'America/New_York',
      windows: dailyWindows(22 * 60, 30 * 60, EVERY_DAY),
    };
    expect(
      workingTimeBetween(nights, [], at('2026-11-01T00:00:00Z'), at('2026-11-01T12:00:00Z')),
    ).toBe(9 * HOUR);
    // 8 working hours from the start of that shift end at 05:00 EST = 10:00Z.
    expect(endOf(nights, [], '2026-11-01T02:00:00Z', 8).endsAt).toBe('2026-11-01T10:00:00.000Z');
  });

  it('a start outside working hours opens the window at the next working instant', () => {
    // Sat 7 March, New York: the window opens Mon 9 March 09:00 EDT = 13:00Z.
    expect(endOf(NEW_YORK, [], '2026-03-07T15:00:00Z', 16)).toEqual({
      startsAt: '2026-03-09T13:00:00.000Z',
      endsAt: '2026-03-10T21:00:00.000Z',
    });
  });

  it('an away period with an end: the window starts when they are back', () => {
    // Kolkata, away from the start until Tue 10 March 00:00 IST (Mon 18:30Z): the window
    // opens Tue 09:00 IST = 03:30Z; Tuesday 8 h, Wednesday 8 h → Wed 11 March 11:30Z.
    const away = [{ from: at('2026-03-06T10:30:00Z'), until: at('2026-03-09T18:30:00Z') }];
    expect(endOf(KOLKATA, away, '2026-03-06T10:30:00Z', 16)).toEqual({
      startsAt: '2026-03-10T03:30:00.000Z',
      endsAt: '2026-03-11T11:30:00.000Z',
    });
  });

  it('an away period with an end in the middle pauses the window, which resumes after it', () => {
    // New York, from Mon 9 March 09:00 EDT (13:00Z): 4 h until away at 17:00Z; back Wed 11
    // March 13:00Z, Wednesday 8 h (12 so far); Thu 12 March 13:00Z + 4 h = 17:00Z.
    const away = [{ from: at('2026-03-09T17:00:00Z'), until: at('2026-03-11T13:00:00Z') }];
    expect(endOf(NEW_YORK, away, '2026-03-09T13:00:00Z', 16).endsAt).toBe(
      '2026-03-12T17:00:00.000Z',
    );
    expect(
      workingTimeBetween(NEW_YORK, away, at('2026-03-09T13:00:00Z'), at('2026-03-12T17:00:00Z')),
    ).toBe(16 * HOUR);
  });

  it('away with no end date: the window never ends for them, and says why', () => {
    const away = { from: at('2026-03-09T17:00:00Z'), until: null, why: '🌴 Vacationing' };
    expect(workingDeadline(NEW_YORK, [away], at('2026-03-09T13:00:00Z'), 16 * HOUR)).toEqual({
      kind: 'never',
      away,
    });
    // Away from the very start: never either.
    expect(
      workingDeadline(NEW_YORK, [{ ...away, from: 0 }], at('2026-03-09T13:00:00Z'), 16 * HOUR).kind,
    ).toBe('never');
  });

  it('away with no end date that begins after the window ended does not touch it', () => {
    const away = [{ from: at('2026-03-20T00:00:00Z'), until: null }];
    expect(endOf(NEW_YORK, away, '2026-03-06T18:00:00Z', 16).endsAt).toBe(
      '2026-03-10T17:00:00.000Z',
    );
  });
});

describe('workingTimeBetween: the inverse', () => {
  it.each([
    [AUCKLAND, '2026-04-03T02:00:00Z', 16],
    [AUCKLAND, '2026-04-03T02:00:00Z', 8],
    [KOLKATA, '2026-03-06T10:30:00Z', 16],
    [NEW_YORK, '2026-03-06T18:00:00Z', 16],
    [NEW_YORK, '2026-10-30T14:00:00Z', 40],
  ] as const)('%# the working time up to a window’s end is its length', (hours, start, length) => {
    const { endsAt } = endOf(hours, [], start, length);
    expect(workingTimeBetween(hours, [], at(start), at(endsAt))).toBe(length * HOUR);
  });

  it('a weekend and a night hold no working time', () => {
    // Fri 6 March 17:00 EST (22:00Z) to Mon 9 March 09:00 EDT (13:00Z), New York.
    expect(
      workingTimeBetween(NEW_YORK, [], at('2026-03-06T22:00:00Z'), at('2026-03-09T13:00:00Z')),
    ).toBe(0);
    // A whole week across the clock change: five days of 8 h.
    expect(
      workingTimeBetween(NEW_YORK, [], at('2026-03-02T05:00:00Z'), at('2026-03-09T04:00:00Z')),
    ).toBe(40 * HOUR);
  });
});

describe('layWindow: what is left of a window, laid on new hours', () => {
  const iso = (instant: number | null | undefined) =>
    instant === null || instant === undefined ? instant : new Date(instant).toISOString();

  it('lays the hours left from the change, and the half where the spent ones leave it', () => {
    // Sixteen hours, four spent by Monday 13:00 IST; the rest on Kolkata's hours.
    const laid = layWindow(KOLKATA, [], at('2026-03-09T07:30:00Z'), 16 * HOUR, 4 * HOUR);
    expect({
      ...laid,
      startsAt: iso(laid.startsAt),
      endsAt: iso(laid.endsAt),
      halfAt: iso(laid.halfAt),
    }).toEqual({
      startsAt: '2026-03-09T07:30:00.000Z',
      endsAt: '2026-03-10T11:30:00.000Z',
      halfAt: '2026-03-09T11:30:00.000Z',
      awayWhy: null,
    });
  });

  it('has no half left once half was spent, and never ends for someone away with no end', () => {
    expect(layWindow(NEW_YORK, [], at('2026-10-29T17:00:00Z'), 16 * HOUR, 9 * HOUR).halfAt).toBe(
      undefined,
    );
    const away = [{ from: at('2026-03-09T07:30:00Z'), until: null, why: 'On leave' }];
    expect(layWindow(AUCKLAND, away, at('2026-03-09T07:30:00Z'), 16 * HOUR, 4 * HOUR)).toEqual({
      startsAt: null,
      endsAt: null,
      halfAt: null,
      awayWhy: 'On leave',
    });
  });
});
