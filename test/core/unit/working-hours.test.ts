import { describe, expect, it } from 'vitest';
import { describeAvailability } from '../../../src/core/domain/availability-text.js';
import {
  type IsoWeekday,
  isValidTimeZone,
  nextLocalOccurrence,
  toLocal,
  wallTimeToInstant,
} from '../../../src/core/domain/local-time.js';
import { formatClock, formatDuration, parseClock } from '../../../src/core/domain/time-text.js';
import {
  addWorkingTime,
  dailyWindows,
  isWorkingAt,
  nextWorkingInstant,
  validateWorkingHours,
  type WorkingHours,
} from '../../../src/core/domain/working-hours.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (instant: number): string => new Date(instant).toISOString().replace('.000', '');
const EVERY_DAY: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
const MIN = 60_000;
const HOUR = 60 * MIN;

/** The same window every working day; 09:00–17:00 Mon–Fri unless told otherwise. */
function hoursIn(
  timeZone: string,
  over: { startMinute?: number; endMinute?: number; workingDays?: IsoWeekday[] } = {},
): WorkingHours {
  const { startMinute = 540, endMinute = 1020, workingDays = [1, 2, 3, 4, 5] } = over;
  return { timeZone, windows: dailyWindows(startMinute, endMinute, workingDays) };
}

/** 'YYYY-MM-DD HH:MM' → arguments of wallTimeToInstant */
function wall(text: string): [{ year: number; month: number; day: number }, number] {
  const [y, mo, d, h, mi] = text.split(/[- :]/).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return [{ year: y, month: mo, day: d }, h * 60 + mi];
}

describe('wallTimeToInstant', () => {
  it.each([
    // ordinary
    ['America/New_York', '2024-06-05 09:00', '2024-06-05T13:00:00Z'],
    ['Asia/Kathmandu', '2024-06-03 09:00', '2024-06-03T03:15:00Z'],
    ['America/St_Johns', '2024-07-01 09:00', '2024-07-01T11:30:00Z'], // NDT -02:30
    ['America/St_Johns', '2024-01-15 09:00', '2024-01-15T12:30:00Z'], // NST -03:30
    // New York spring-forward 2024-03-10: 02:00 EST → 03:00 EDT at 07:00Z
    ['America/New_York', '2024-03-10 01:59', '2024-03-10T06:59:00Z'],
    ['America/New_York', '2024-03-10 02:00', '2024-03-10T07:00:00Z'], // gap → 03:00 EDT
    ['America/New_York', '2024-03-10 02:30', '2024-03-10T07:30:00Z'], // gap → 03:30 EDT
    ['America/New_York', '2024-03-10 03:00', '2024-03-10T07:00:00Z'],
    // New York fall-back 2024-11-03: 02:00 EDT → 01:00 EST at 06:00Z
    ['America/New_York', '2024-11-03 00:59', '2024-11-03T04:59:00Z'],
    ['America/New_York', '2024-11-03 01:00', '2024-11-03T05:00:00Z'], // first: EDT
    ['America/New_York', '2024-11-03 01:30', '2024-11-03T05:30:00Z'], // first: EDT
    ['America/New_York', '2024-11-03 02:00', '2024-11-03T07:00:00Z'], // EST only
    // London spring-forward 2024-03-31: 01:00 GMT → 02:00 BST at 01:00Z
    ['Europe/London', '2024-03-31 00:59', '2024-03-31T00:59:00Z'],
    ['Europe/London', '2024-03-31 01:00', '2024-03-31T01:00:00Z'], // gap → 02:00 BST
    ['Europe/London', '2024-03-31 01:30', '2024-03-31T01:30:00Z'], // gap → 02:30 BST
    // London fall-back 2024-10-27: 02:00 BST → 01:00 GMT at 01:00Z
    ['Europe/London', '2024-10-27 01:30', '2024-10-27T00:30:00Z'], // first: BST
    ['Europe/London', '2024-10-27 02:00', '2024-10-27T02:00:00Z'],
    // Lord Howe: 02:00 +10:30 → 02:30 +11 on 2024-10-06; 02:00 +11 → 01:30 +10:30 on 2024-04-07
    ['Australia/Lord_Howe', '2024-10-06 02:15', '2024-10-05T15:45:00Z'], // gap → 02:45 +11
    ['Australia/Lord_Howe', '2024-10-06 02:30', '2024-10-05T15:30:00Z'],
    ['Australia/Lord_Howe', '2024-04-07 01:30', '2024-04-06T14:30:00Z'], // first: +11
    ['Australia/Lord_Howe', '2024-04-07 01:45', '2024-04-06T14:45:00Z'], // first: +11
    ['Australia/Lord_Howe', '2024-04-07 02:00', '2024-04-06T15:30:00Z'],
    // St John's spring-forward 2024-03-10: 02:00 -03:30 → 03:00 -02:30
    ['America/St_Johns', '2024-03-10 02:30', '2024-03-10T06:00:00Z'], // gap → 03:30 NDT
    // Apia: Thursday 2011-12-29 23:59:59 -10:00, then Saturday 2011-12-31 00:00 +14:00
    ['Pacific/Apia', '2011-12-29 23:59', '2011-12-30T09:59:00Z'],
    ['Pacific/Apia', '2011-12-31 00:00', '2011-12-30T10:00:00Z'],
    ['Pacific/Apia', '2011-12-30 00:00', '2011-12-30T10:00:00Z'], // skipped day → +24 h
    ['Pacific/Apia', '2011-12-30 09:00', '2011-12-30T19:00:00Z'], // = Sat 09:00 +14
  ])('%s %s → %s', (zone, local, expected) => {
    expect(iso(wallTimeToInstant(zone, ...wall(local)))).toBe(expected);
  });

  it('accepts 1440 as the midnight that ends the day', () => {
    expect(iso(wallTimeToInstant('Asia/Kathmandu', ...wall('2024-06-03 24:00')))).toBe(
      '2024-06-03T18:15:00Z',
    );
  });
});

describe('toLocal', () => {
  it.each([
    ['Asia/Kathmandu', '2024-06-03T03:15:00Z', '2024-06-03', 1, '09:00'],
    ['America/St_Johns', '2024-07-01T11:30:00Z', '2024-07-01', 1, '09:00'],
    ['America/St_Johns', '2024-01-15T12:29:00Z', '2024-01-15', 1, '08:59'],
    ['America/New_York', '2024-03-11T03:59:00Z', '2024-03-10', 7, '23:59'],
    ['America/New_York', '2024-11-03T06:30:00Z', '2024-11-03', 7, '01:30'], // second 01:30 (EST)
    ['Australia/Lord_Howe', '2024-10-05T15:29:00Z', '2024-10-06', 7, '01:59'],
    ['Australia/Lord_Howe', '2024-10-05T15:30:00Z', '2024-10-06', 7, '02:30'],
    ['Pacific/Apia', '2011-12-30T09:59:59Z', '2011-12-29', 4, '23:59'],
    ['Pacific/Apia', '2011-12-30T10:00:00Z', '2011-12-31', 6, '00:00'],
  ])('%s %s → %s (day %i) %s', (zone, instant, date, weekday, clock) => {
    const local = toLocal(at(instant), zone);
    const [year, month, day] = date.split('-').map(Number);
    expect(local).toEqual({
      year,
      month,
      day,
      isoWeekday: weekday,
      minuteOfDay: parseClock(clock),
    });
  });

  it('never produces Friday 2011-12-30 in Pacific/Apia', () => {
    for (let t = at('2011-12-29T00:00:00Z'); t < at('2012-01-02T00:00:00Z'); t += 15 * MIN) {
      const local = toLocal(t, 'Pacific/Apia');
      expect([local.year, local.month, local.day]).not.toEqual([2011, 12, 30]);
      expect(local.isoWeekday).not.toBe(5);
    }
  });
});

describe('isWorkingAt (default 09:00–17:00 Mon–Fri)', () => {
  it.each([
    ['America/New_York', '2024-06-05T14:00:00Z', true], // Wed 10:00 EDT
    ['America/New_York', '2024-06-05T13:00:00Z', true], // 09:00: start is inclusive
    ['America/New_York', '2024-06-05T12:59:00Z', false], // 08:59
    ['America/New_York', '2024-06-05T20:59:00Z', true], // 16:59
    ['America/New_York', '2024-06-05T21:00:00Z', false], // 17:00: end is exclusive
    ['America/New_York', '2024-06-08T14:00:00Z', false], // Saturday
    ['America/New_York', '2024-03-11T13:00:00Z', true], // Mon 09:00 EDT, day after the change
    ['America/New_York', '2024-03-08T14:00:00Z', true], // Fri 09:00 EST, before the change
    ['Asia/Kathmandu', '2024-06-03T03:15:00Z', true],
    ['Asia/Kathmandu', '2024-06-03T03:14:00Z', false],
    ['America/St_Johns', '2024-07-01T11:30:00Z', true],
    ['America/St_Johns', '2024-07-01T11:29:00Z', false],
    ['America/St_Johns', '2024-01-15T12:30:00Z', true],
    ['America/St_Johns', '2024-01-15T12:29:00Z', false],
    ['Australia/Lord_Howe', '2024-10-03T22:30:00Z', true], // Fri 09:00 +10:30
    ['Australia/Lord_Howe', '2024-10-03T22:29:00Z', false],
    ['Australia/Lord_Howe', '2024-10-06T22:00:00Z', true], // Mon 09:00 +11
    ['Australia/Lord_Howe', '2024-10-06T21:59:00Z', false],
  ])('%s %s → %s', (zone, instant, expected) => {
    expect(isWorkingAt(hoursIn(zone), at(instant))).toBe(expected);
  });

  it('a window that starts in a gap opens at the resolved start (02:30 → 03:30 EDT)', () => {
    const hours = hoursIn('America/New_York', { startMinute: 150, workingDays: EVERY_DAY });
    expect(isWorkingAt(hours, at('2024-03-10T07:00:00Z'))).toBe(false); // 03:00 EDT
    expect(isWorkingAt(hours, at('2024-03-10T07:30:00Z'))).toBe(true); // 03:30 EDT
  });

  it('a window that opened before the clock went back has no hole in the repeated hour', () => {
    const hours = hoursIn('America/New_York', { startMinute: 90, workingDays: EVERY_DAY });
    expect(isWorkingAt(hours, at('2024-11-03T05:29:00Z'))).toBe(false); // 01:29 EDT
    expect(isWorkingAt(hours, at('2024-11-03T05:30:00Z'))).toBe(true); // 01:30 EDT
    expect(isWorkingAt(hours, at('2024-11-03T06:15:00Z'))).toBe(true); // 01:15 EST
  });
});

describe('nextWorkingInstant', () => {
  const ny = hoursIn('America/New_York');
  const everyDay = (zone: string, start: string) =>
    hoursIn(zone, { startMinute: parseClock(start) ?? -1, workingDays: EVERY_DAY });

  it.each<[string, WorkingHours, string, string]>([
    ['working now → itself', ny, '2024-06-05T14:00:00Z', '2024-06-05T14:00:00Z'],
    ['early morning → 09:00 today', ny, '2024-06-05T11:00:00Z', '2024-06-05T13:00:00Z'],
    ['after work → 09:00 tomorrow', ny, '2024-06-05T21:00:00Z', '2024-06-06T13:00:00Z'],
    ['Friday evening → Monday 09:00', ny, '2024-06-07T22:00:00Z', '2024-06-10T13:00:00Z'],
    ['Saturday → Monday 09:00', ny, '2024-06-08T15:00:00Z', '2024-06-10T13:00:00Z'],
    ['Friday EST → Monday EDT', ny, '2024-03-08T22:30:00Z', '2024-03-11T13:00:00Z'],
    ['Friday EDT → Monday EST', ny, '2024-11-01T21:30:00Z', '2024-11-04T14:00:00Z'],
    // start inside the New York gap
    [
      'NY start 02:00 → 03:00 EDT',
      everyDay('America/New_York', '02:00'),
      '2024-03-10T05:00:00Z',
      '2024-03-10T07:00:00Z',
    ],
    [
      'NY start 02:30 → 03:30 EDT',
      everyDay('America/New_York', '02:30'),
      '2024-03-10T05:00:00Z',
      '2024-03-10T07:30:00Z',
    ],
    [
      'NY start 02:30, asked at 03:00 EDT → 03:30 EDT',
      everyDay('America/New_York', '02:30'),
      '2024-03-10T07:00:00Z',
      '2024-03-10T07:30:00Z',
    ],
    // start inside the New York overlap
    [
      'NY start 01:30 on fall-back day → first 01:30 (EDT)',
      everyDay('America/New_York', '01:30'),
      '2024-11-03T04:00:00Z',
      '2024-11-03T05:30:00Z',
    ],
    // London gap and overlap
    [
      'London start 01:30 in the gap → 02:30 BST',
      everyDay('Europe/London', '01:30'),
      '2024-03-31T00:00:00Z',
      '2024-03-31T01:30:00Z',
    ],
    [
      'London start 01:00 in the gap → 02:00 BST',
      everyDay('Europe/London', '01:00'),
      '2024-03-31T00:00:00Z',
      '2024-03-31T01:00:00Z',
    ],
    [
      'London start 01:30 on fall-back day → first 01:30 (BST)',
      everyDay('Europe/London', '01:30'),
      '2024-10-26T23:30:00Z',
      '2024-10-27T00:30:00Z',
    ],
    // Lord Howe's 30-minute shift
    [
      'Lord Howe start 02:15 in the gap → 02:45 +11',
      everyDay('Australia/Lord_Howe', '02:15'),
      '2024-10-05T13:30:00Z',
      '2024-10-05T15:45:00Z',
    ],
    [
      'Lord Howe start 01:45 on fall-back day → first 01:45 (+11)',
      everyDay('Australia/Lord_Howe', '01:45'),
      '2024-04-06T13:00:00Z',
      '2024-04-06T14:45:00Z',
    ],
    [
      'Lord Howe Friday +10:30 → Monday +11',
      hoursIn('Australia/Lord_Howe'),
      '2024-10-04T07:00:00Z',
      '2024-10-06T22:00:00Z',
    ],
    // odd offsets
    [
      'Kathmandu evening → 09:00 +05:45',
      hoursIn('Asia/Kathmandu'),
      '2024-06-03T12:00:00Z',
      '2024-06-04T03:15:00Z',
    ],
    [
      "St John's Friday → Monday 09:00 -02:30",
      hoursIn('America/St_Johns'),
      '2024-07-05T21:00:00Z',
      '2024-07-08T11:30:00Z',
    ],
    // Apia skipped Friday 2011-12-30
    [
      'Apia Mon–Sun: Thursday 17:00 → Saturday 09:00 +14',
      hoursIn('Pacific/Apia', { workingDays: EVERY_DAY }),
      '2011-12-30T03:00:00Z',
      '2011-12-30T19:00:00Z',
    ],
    [
      'Apia Fridays only: Thursday 17:00 → Friday 2012-01-06',
      hoursIn('Pacific/Apia', { workingDays: [5] }),
      '2011-12-30T03:00:00Z',
      '2012-01-05T19:00:00Z',
    ],
    [
      'Apia Mon–Fri: Thursday 17:00 → Monday 2012-01-02',
      hoursIn('Pacific/Apia'),
      '2011-12-30T03:00:00Z',
      '2012-01-01T19:00:00Z',
    ],
  ])('%s', (_name, hours, instant, expected) => {
    const next = nextWorkingInstant(hours, at(instant));
    expect(iso(next)).toBe(expected);
    expect(isWorkingAt(hours, next)).toBe(true);
  });

  it('Apia: the next window after Thursday 17:00 is Saturday 2011-12-31 09:00 local', () => {
    const hours = hoursIn('Pacific/Apia', { workingDays: EVERY_DAY });
    const local = toLocal(nextWorkingInstant(hours, at('2011-12-30T03:00:00Z')), 'Pacific/Apia');
    expect(local).toEqual({ year: 2011, month: 12, day: 31, isoWeekday: 6, minuteOfDay: 540 });
  });

  it('Apia: no result ever falls on 2011-12-30, whatever the working days', () => {
    const daySets: IsoWeekday[][] = [EVERY_DAY, [5], [4, 5], [5, 6], [1, 2, 3, 4, 5]];
    for (const workingDays of daySets) {
      const hours = hoursIn('Pacific/Apia', { workingDays });
      for (let t = at('2011-12-28T10:00:00Z'); t < at('2011-12-31T10:00:00Z'); t += 30 * MIN) {
        const local = toLocal(nextWorkingInstant(hours, t), 'Pacific/Apia');
        expect(local.day).not.toBe(30);
        expect(workingDays).toContain(local.isoWeekday);
      }
    }
  });

  it('agrees with isWorkingAt: the first working instant on a 10-minute grid (NY, Lord Howe)', () => {
    const cases = [
      ['America/New_York', '2024-03-09T00:00:00Z'],
      ['America/New_York', '2024-11-02T00:00:00Z'],
      ['Australia/Lord_Howe', '2024-10-04T00:00:00Z'],
      ['Australia/Lord_Howe', '2024-04-05T00:00:00Z'],
    ];
    for (const [zone = '', from = ''] of cases) {
      // 01:30–02:30 every day: on transition days both ends sit in the gap or the overlap.
      const hours = hoursIn(zone, { startMinute: 90, endMinute: 150, workingDays: EVERY_DAY });
      const grid = Array.from({ length: 4 * 24 * 6 }, (_, i) => at(from) + i * 10 * MIN);
      const working = grid.map((t) => isWorkingAt(hours, t));
      for (let i = 0; i < 3 * 24 * 6; i++) {
        const first = working.indexOf(true, i);
        expect(nextWorkingInstant(hours, grid[i] ?? 0)).toBe(grid[first]);
      }
    }
  });
});

describe('nextLocalOccurrence', () => {
  it.each<[string, string, string, IsoWeekday[] | undefined, string, string]>([
    // 09:30 New York across spring-forward: EST before, EDT after
    [
      'America/New_York',
      '09:30',
      '2024-03-08T14:30:00Z',
      undefined,
      '2024-03-09T14:30:00Z',
      '09:30',
    ],
    [
      'America/New_York',
      '09:30',
      '2024-03-09T14:30:00Z',
      undefined,
      '2024-03-10T13:30:00Z',
      '09:30',
    ],
    [
      'America/New_York',
      '09:30',
      '2024-03-08T14:30:00Z',
      [1, 2, 3, 4, 5],
      '2024-03-11T13:30:00Z',
      '09:30',
    ],
    [
      'America/New_York',
      '09:30',
      '2024-03-08T14:29:00Z',
      [1, 2, 3, 4, 5],
      '2024-03-08T14:30:00Z',
      '09:30',
    ],
    // 09:30 London across fall-back: BST before, GMT after
    [
      'Europe/London',
      '09:30',
      '2024-10-25T08:30:00Z',
      [1, 2, 3, 4, 5],
      '2024-10-28T09:30:00Z',
      '09:30',
    ],
    // 09:30 Lord Howe across the 30-minute shift
    [
      'Australia/Lord_Howe',
      '09:30',
      '2024-10-04T23:00:00Z',
      undefined,
      '2024-10-05T22:30:00Z',
      '09:30',
    ],
    // ambiguous time fires once, at its first occurrence
    [
      'America/New_York',
      '01:30',
      '2024-11-03T04:00:00Z',
      undefined,
      '2024-11-03T05:30:00Z',
      '01:30',
    ],
    [
      'America/New_York',
      '01:30',
      '2024-11-03T05:30:00Z',
      undefined,
      '2024-11-04T06:30:00Z',
      '01:30',
    ],
    // a time in the gap fires forward by the gap
    [
      'America/New_York',
      '02:30',
      '2024-03-09T12:00:00Z',
      undefined,
      '2024-03-10T07:30:00Z',
      '03:30',
    ],
    // Apia: Thursday 09:30 → Saturday 09:30 +14
    ['Pacific/Apia', '09:30', '2011-12-29T19:30:00Z', undefined, '2011-12-30T19:30:00Z', '09:30'],
    ['Pacific/Apia', '09:30', '2011-12-29T19:30:00Z', [5], '2012-01-05T19:30:00Z', '09:30'],
  ])('%s %s after %s (days %j) → %s', (zone, clock, after, days, expected, localClock) => {
    const next = nextLocalOccurrence(zone, parseClock(clock) ?? -1, at(after), days);
    expect(iso(next)).toBe(expected);
    expect(formatClock(toLocal(next, zone).minuteOfDay)).toBe(localClock);
  });

  it('keeps 09:30 local every day across a DST change', () => {
    let t = at('2024-03-07T00:00:00Z');
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      t = nextLocalOccurrence('America/New_York', 570, t);
      const local = toLocal(t, 'America/New_York');
      expect(local.minuteOfDay).toBe(570);
      seen.push(iso(t));
    }
    expect(seen).toEqual([
      '2024-03-07T14:30:00Z',
      '2024-03-08T14:30:00Z',
      '2024-03-09T14:30:00Z',
      '2024-03-10T13:30:00Z',
      '2024-03-11T13:30:00Z',
      '2024-03-12T13:30:00Z',
    ]);
  });
});

describe('parseClock / formatClock', () => {
  it.each([
    ['09:00', 540],
    ['9:30', 570],
    ['17:00', 1020],
    ['00:00', 0],
    ['0:05', 5],
    ['23:59', 1439],
    ['24:00', 1440],
    [' 09:00 ', 540],
  ])('parseClock(%j) → %i', (text, minutes) => {
    expect(parseClock(text)).toBe(minutes);
  });

  it.each([
    '',
    '9',
    '900',
    '09:0',
    '9:5',
    '09:60',
    '24:01',
    '25:00',
    '-1:00',
    '9:30pm',
    '09:00:00',
    '09.00',
    'ab:cd',
    '123:00',
  ])('parseClock(%j) → null', (text) => {
    expect(parseClock(text)).toBeNull();
  });

  it.each([
    [0, '00:00'],
    [5, '00:05'],
    [540, '09:00'],
    [1439, '23:59'],
    [1440, '24:00'],
  ])('formatClock(%i) → %s', (minutes, text) => {
    expect(formatClock(minutes)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [-5, '0 min'],
    [0, '0 min'],
    [1, '1 min'],
    [29_000, '1 min'],
    [45 * MIN, '45 min'],
    [59 * MIN + 29_000, '59 min'],
    [59 * MIN + 30_000, '1 h'],
    [6 * HOUR, '6 h'],
    [90 * MIN, '1 h 30 min'],
    [23 * HOUR + 59 * MIN, '23 h 59 min'],
    [24 * HOUR, '1 day'],
    [48 * HOUR, '2 days'],
    [51 * HOUR, '2 days 3 h'],
    [47 * HOUR + 40 * MIN, '2 days'],
    [Number.NaN, '0 min'],
  ])('formatDuration(%d) → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('describeAvailability', () => {
  const ny = hoursIn('America/New_York');

  it.each([
    ['2024-06-05T14:00:00Z', true, '2024-06-05T14:00:00Z', '10:00', '10:00', 0],
    ['2024-06-05T11:00:00Z', false, '2024-06-05T13:00:00Z', '07:00', '09:00', 2 * HOUR],
    ['2024-06-07T22:00:00Z', false, '2024-06-10T13:00:00Z', '18:00', 'Mon 09:00', 63 * HOUR],
  ])('%s', (now, workingNow, nextStart, localNow, nextStartLocal, waitMs) => {
    expect(describeAvailability(ny, at(now))).toEqual({
      workingNow,
      nextStart: at(nextStart),
      localNow,
      nextStartLocal,
      waitMs,
    });
  });

  it('reads naturally with formatDuration', () => {
    const { waitMs, nextStartLocal } = describeAvailability(ny, at('2024-06-07T22:00:00Z'));
    expect(`${nextStartLocal}, in ${formatDuration(waitMs)}`).toBe('Mon 09:00, in 2 days 15 h');
  });
});

describe('validateWorkingHours / isValidTimeZone', () => {
  it.each(['America/New_York', 'UTC', 'Asia/Kathmandu', 'Pacific/Apia'])('%s is valid', (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });

  it.each(['', 'Mars/Olympus', 'New York', 'GMT+25'])('%j is not a time zone', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });

  it('accepts the default, a full day, a split day and a night shift', () => {
    expect(() => validateWorkingHours(hoursIn('UTC'))).not.toThrow();
    expect(() =>
      validateWorkingHours(hoursIn('UTC', { startMinute: 0, endMinute: 1440 })),
    ).not.toThrow();
    const split = [...dailyWindows(540, 720, [1, 2]), ...dailyWindows(840, 1080, [1, 2])];
    expect(() => validateWorkingHours({ timeZone: 'UTC', windows: split })).not.toThrow();
    const night = dailyWindows(22 * 60, 30 * 60, [7, 1, 2, 3, 4]);
    expect(() => validateWorkingHours({ timeZone: 'UTC', windows: night })).not.toThrow();
  });

  const window = (day: number, startMinute: number, endMinute: number) => ({
    day: day as IsoWeekday,
    startMinute,
    endMinute,
  });
  it.each<[string, WorkingHours, RegExp]>([
    [
      'unknown zone',
      { timeZone: 'Mars/Olympus', windows: [window(1, 540, 1020)] },
      /Unknown time zone "Mars\/Olympus"/,
    ],
    ['empty zone', { timeZone: '', windows: [window(1, 540, 1020)] }, /Unknown time zone/],
    ['no windows', { timeZone: 'UTC', windows: [] }, /no working minutes/],
    ['negative start', { timeZone: 'UTC', windows: [window(1, -1, 600)] }, /got -1/],
    ['start at 24:00', { timeZone: 'UTC', windows: [window(1, 1440, 1500)] }, /got 1440/],
    ['fractional minute', { timeZone: 'UTC', windows: [window(1, 540.5, 600)] }, /startMinute/],
    [
      'start equals end',
      { timeZone: 'UTC', windows: [window(1, 600, 600)] },
      /end after it starts.*Mon 10:00–10:00/,
    ],
    ['longer than a day', { timeZone: 'UTC', windows: [window(1, 600, 2100)] }, /at most 24 hours/],
    ['day 0', { timeZone: 'UTC', windows: [window(0, 540, 600)] }, /ISO weekdays.*got 0/],
    ['day 8', { timeZone: 'UTC', windows: [window(8, 540, 600)] }, /ISO weekdays.*got 8/],
    [
      'overlapping windows on one day',
      { timeZone: 'UTC', windows: [window(1, 540, 720), window(1, 660, 900)] },
      /overlap: Mon 09:00–12:00 and Mon 11:00–15:00/,
    ],
    [
      'a night shift running into the next day’s window',
      { timeZone: 'UTC', windows: [window(1, 1320, 1800), window(2, 300, 600)] },
      /overlap: Mon 22:00–06:00 \(overnight\) and Tue 05:00–10:00/,
    ],
    [
      'a Sunday night shift running into Monday',
      { timeZone: 'UTC', windows: [window(7, 1320, 1800), window(1, 300, 600)] },
      /overlap: Sun 22:00–06:00 \(overnight\) and Mon 05:00–10:00/,
    ],
  ])('rejects %s', (_name, hours, message) => {
    expect(() => validateWorkingHours(hours)).toThrow(RangeError);
    expect(() => validateWorkingHours(hours)).toThrow(message);
  });
});

describe('addWorkingTime', () => {
  const ny = hoursIn('America/New_York');
  it.each([
    ['inside one day', '2026-03-10T14:00:00Z', 2, '2026-03-10T16:00:00Z'],
    ['carried over the evening', '2026-03-10T19:00:00Z', 4, '2026-03-11T15:00:00Z'],
    [
      'from off hours, counting from the next start',
      '2026-03-10T02:00:00Z',
      1,
      '2026-03-10T14:00:00Z',
    ],
    ['over the weekend', '2026-03-13T20:00:00Z', 2, '2026-03-16T14:00:00Z'],
    [
      'across spring-forward (Fri EST to Mon EDT)',
      '2026-03-06T22:00:00Z',
      1,
      '2026-03-09T14:00:00Z',
    ],
    ['exactly to the end of a day', '2026-03-10T13:00:00Z', 8, '2026-03-10T21:00:00Z'],
  ])('%s', (_label, from, hoursToAdd, expected) => {
    expect(
      new Date(addWorkingTime(ny, Date.parse(from), hoursToAdd * 3600_000)).toISOString(),
    ).toBe(new Date(Date.parse(expected)).toISOString());
  });
});
