import { describe, expect, it } from 'vitest';
import {
  describeDays,
  describeWindows,
  parseAwayText,
  parseHoursText,
} from '../../src/domain/hours-text.js';
import type { IsoWeekday, WorkWindow } from '../../src/domain/working-hours.js';

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
    expect(parsed).toEqual({ ok: true, windows: sorted(windows) });
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

describe('describeWindows', () => {
  it.each<[WorkWindow[], string]>([
    [on(WEEKDAYS, 540, 1020), '09:00–17:00 Mon–Fri'],
    [
      [...on([1, 2, 3, 4], 540, 1020), ...on([5], 540, 780)],
      '09:00–17:00 Mon–Thu; 09:00–13:00 Fri',
    ],
    [[...on(WEEKDAYS, 540, 720), ...on(WEEKDAYS, 840, 1080)], '09:00–12:00, 14:00–18:00 Mon–Fri'],
    [on([7, 1, 2, 3, 4], 1320, 1800), '22:00–06:00 (overnight) Sun–Thu'],
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
