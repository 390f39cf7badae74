import { describe, expect, it } from 'vitest';
import { parseAwayText } from '../../../src/core/domain/away-text.js';
import {
  describeDays,
  describeWindows,
  parseHoursText,
} from '../../../src/core/domain/hours-text.js';
import type { IsoWeekday } from '../../../src/core/domain/local-time.js';
import type { WorkWindow } from '../../../src/core/domain/working-hours.js';

const WEEKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5];
const on = (days: IsoWeekday[], start: number, end: number): WorkWindow[] =>
  days.map((day) => ({ day, startMinute: start, endMinute: end }));
const sorted = (windows: WorkWindow[]) =>
  [...windows].sort((a, b) => a.day - b.day || a.startMinute - b.startMinute);

describe('parseHoursText', () => {
  it.each<[string, WorkWindow[]]>([
    ['09:00-17:00', on(WEEKDAYS, 540, 1020)],
    ['9-17 mon-fri', on(WEEKDAYS, 540, 1020)],
    ['9-5', on(WEEKDAYS, 540, 1020)],
    ['8-4:30', on(WEEKDAYS, 480, 990)],
    ['11:30-7:30', on(WEEKDAYS, 690, 1170)],
    ['9-9', on(WEEKDAYS, 540, 1260)],
    ['10-2 sat', on([6], 600, 840)],
    ['9am-5pm', on(WEEKDAYS, 540, 1020)],
    ['10pm-6am sun-thu', on([7, 1, 2, 3, 4], 1320, 1800)],
    ['22-06 sun-thu', on([7, 1, 2, 3, 4], 1320, 1800)],
    ['23:00–07:00 mon', on([1], 1380, 1860)],
    ['09:00-17:00 Mon–Fri', on(WEEKDAYS, 540, 1020)],
    ['09:00 – 17:00 mon — fri', on(WEEKDAYS, 540, 1020)],
    ['9 to 5 monday to friday', on(WEEKDAYS, 540, 1020)],
    ['8:30–16:30 mon,tue,thu', on([1, 2, 4], 510, 990)],
    ['10:00-18:00 sat-mon', on([6, 7, 1], 600, 1080)],
    ['07:00 - 15:00 Monday Wednesday', on([1, 3], 420, 900)],
    ['00:00-24:00 mon-sun', on([1, 2, 3, 4, 5, 6, 7], 0, 1440)],
    ['fri 9-13', on([5], 540, 780)],
    ['9-12, 14-18 mon-fri', [...on(WEEKDAYS, 540, 720), ...on(WEEKDAYS, 840, 1080)]],
    ['9-17 mon-thu; fri 9-13', [...on([1, 2, 3, 4], 540, 1020), ...on([5], 540, 780)]],
    ['9-17 weekdays; fri 9-13', [...on([1, 2, 3, 4], 540, 1020), ...on([5], 540, 780)]],
    ['10-16 weekends', on([6, 7], 600, 960)],
    ['9-17 Tuesday and Thursday', on([2, 4], 540, 1020)],
  ])('reads %j', (text, windows) => {
    const parsed = parseHoursText(text);
    expect(parsed).toEqual({ ok: true, windows: sorted(windows), needsConfirmation: false });
  });

  it.each([
    ['', 'I need your working hours'],
    ['nine to five', 'I didn’t understand “nine”'],
    ['09:00-17:00 monkey', 'I didn’t understand “monkey”'],
    ['9-17 mon-fri please', 'I didn’t understand “please”'],
    ['12-12', 'has no time in it'],
    ['25:00-26:00', '“25:00-26:00” is not a time range I know'],
    ['13pm-2pm', 'not a time range I know'],
    ['mon-fri', 'I found days but no times'],
    ['9-12, 11-15', 'Working windows overlap: Mon 09:00–12:00 and Mon 11:00–15:00'],
    ['22-06 mon; tue 5-10', 'Working windows overlap'],
  ])('explains what is wrong with %j, with examples', (text, problem) => {
    const parsed = parseHoursText(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem).toContain(problem);
      expect(parsed.problem).toContain('`9-12, 14-18 mon-fri`');
    }
  });
});

describe('parseHoursText: split days and per-day groups', () => {
  const sure = (text: string) => {
    const parsed = parseHoursText(text);
    if (!parsed.ok) throw new Error(parsed.problem);
    return parsed;
  };

  it.each<[string, WorkWindow[]]>([
    ['9-1, 2-6', [...on(WEEKDAYS, 540, 780), ...on(WEEKDAYS, 840, 1080)]],
    ['9-12, 1-5 mon-fri', [...on(WEEKDAYS, 540, 720), ...on(WEEKDAYS, 780, 1020)]],
    ['2-6', on(WEEKDAYS, 840, 1080)],
    [
      '8-12, 1-5, 6-8',
      [...on(WEEKDAYS, 480, 720), ...on(WEEKDAYS, 780, 1020), ...on(WEEKDAYS, 1080, 1200)],
    ],
  ])('reads the ranges of %j in order through the day, and asks to confirm', (text, windows) => {
    expect(sure(text)).toEqual({ ok: true, windows: sorted(windows), needsConfirmation: true });
  });

  it.each<[string, WorkWindow[]]>([
    ['9am-1pm, 2-6', [...on(WEEKDAYS, 540, 780), ...on(WEEKDAYS, 840, 1080)]],
    ['2-6, 14-18', [...on(WEEKDAYS, 120, 360), ...on(WEEKDAYS, 840, 1080)]],
    ['2am-6am', on(WEEKDAYS, 120, 360)],
    ['5-13', on(WEEKDAYS, 300, 780)],
    ['9-13, 2-6', [...on(WEEKDAYS, 540, 780), ...on(WEEKDAYS, 840, 1080)]],
    ['12-8', on(WEEKDAYS, 720, 1200)],
    ['9-5', on(WEEKDAYS, 540, 1020)],
    ['6-10', on(WEEKDAYS, 360, 600)],
  ])(
    'stores %j without asking: the clock is not in doubt or nothing starts early',
    (text, windows) => {
      expect(sure(text)).toEqual({ ok: true, windows: sorted(windows), needsConfirmation: false });
    },
  );

  it('asks to confirm a window at midnight written without a sure clock', () => {
    expect(sure('0-8')).toEqual({
      ok: true,
      windows: on(WEEKDAYS, 0, 480),
      needsConfirmation: true,
    });
  });

  it.each<[string, WorkWindow[]]>([
    ['Mon-Thu 8-16, Fri 8-12', [...on([1, 2, 3, 4], 480, 960), ...on([5], 480, 720)]],
    ['8:30-16:30 mon-thu, 8-12 fri', [...on([1, 2, 3, 4], 510, 990), ...on([5], 480, 720)]],
    [
      'mon-thu 8-12, 13-17, fri 8-12',
      [...on([1, 2, 3, 4], 480, 720), ...on([1, 2, 3, 4], 780, 1020), ...on([5], 480, 720)],
    ],
    [
      '8-12, 13-17 mon-thu, 9-13 fri',
      [...on([1, 2, 3, 4], 480, 720), ...on([1, 2, 3, 4], 780, 1020), ...on([5], 540, 780)],
    ],
    ['9-17 mon, wed, 10-14 tue', [...on([1, 3], 540, 1020), ...on([2], 600, 840)]],
  ])('reads each comma-separated group with its own days in %j', (text, windows) => {
    expect(sure(text)).toEqual({ ok: true, windows: sorted(windows), needsConfirmation: false });
  });

  it('still refuses groups that really overlap', () => {
    const parsed = parseHoursText('mon-fri 9-17, fri 16-18');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain('Working windows overlap: Fri 09:00–17:00');
  });
});

describe('describeWindows', () => {
  it.each<[WorkWindow[], string]>([
    [on(WEEKDAYS, 540, 1020), '09:00–17:00 Mon–Fri'],
    [
      [...on([1, 2, 3, 4], 540, 1020), ...on([5], 540, 780)],
      '09:00–17:00 Mon–Thu; 09:00–13:00 Fri',
    ],
    [[...on(WEEKDAYS, 540, 720), ...on(WEEKDAYS, 840, 1080)], '09:00–12:00, 14:00–18:00 Mon–Fri'],
    [on([7, 1, 2, 3, 4], 1320, 1800), '22:00–06:00 (overnight) Sun–Thu'],
    [on(WEEKDAYS, 300, 660), '5:00 am–11:00 am Mon–Fri'],
    [[...on(WEEKDAYS, 300, 660), ...on(WEEKDAYS, 780, 900)], '05:00–11:00, 13:00–15:00 Mon–Fri'],
    [on(WEEKDAYS, 600, 1560), '10:00–02:00 (overnight) Mon–Fri'],
    [[], 'no working hours'],
  ])('%j → %s', (windows, text) => {
    expect(describeWindows(windows)).toBe(text);
  });

  it('reads back what it writes', () => {
    for (const text of [
      '9-17 mon-thu; fri 9-13',
      '9-12, 14-18 mon-fri',
      '10-16 weekends',
      '22-06 sun-thu',
      '2am-6am',
      '0:00-8:00am',
      '10am-2am',
      'Mon-Thu 8-16, Fri 8-12',
    ]) {
      const first = parseHoursText(text);
      if (!first.ok) throw new Error(first.problem);
      const again = parseHoursText(describeWindows(first.windows));
      expect(again).toEqual(first);
    }
  });
});

describe('describeDays', () => {
  it.each([
    [[1, 2, 3, 4, 5], 'Mon–Fri'],
    [[1, 2, 3, 4, 5, 6, 7], 'every day'],
    [[1, 3, 5], 'Mon, Wed, Fri'],
    [[6, 7], 'Sat, Sun'],
    [[7, 1, 2, 3, 4], 'Sun–Thu'],
    [[5, 6, 7, 1], 'Fri–Mon'],
    [[1, 2, 4, 5], 'Mon, Tue, Thu, Fri'],
  ] as const)('%j → %s', (days, text) => {
    expect(describeDays(days)).toBe(text);
  });
});

describe('parseAwayText', () => {
  const tuesday = { year: 2026, month: 12, day: 1 };
  it.each<[string, { year: number; month: number; day: number } | null]>([
    ['until fri', { year: 2026, month: 12, day: 4 }],
    ['until Friday', { year: 2026, month: 12, day: 4 }],
    ['until tue', { year: 2026, month: 12, day: 8 }],
    ['until mon', { year: 2026, month: 12, day: 7 }],
    ['until tomorrow', { year: 2026, month: 12, day: 2 }],
    ['until 2026-12-28', { year: 2026, month: 12, day: 28 }],
    ['until 28 dec', { year: 2026, month: 12, day: 28 }],
    ['until jan 5', { year: 2027, month: 1, day: 5 }],
    ['back on 2 January', { year: 2027, month: 1, day: 2 }],
    ['off', null],
    ['back', null],
  ])('%j', (text, backOn) => {
    expect(parseAwayText(text, tuesday)).toEqual({ ok: true, backOn });
  });

  it.each([
    ['until someday', 'I couldn’t read a date from “until someday”'],
    ['until 2026-02-30', 'I couldn’t read a date'],
    ['until 2026-12-01', 'Pick a day after today'],
    ['until 2025-12-24', 'Pick a day after today'],
  ])('refuses %j', (text, problem) => {
    const parsed = parseAwayText(text, tuesday);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});
