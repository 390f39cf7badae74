import { describe, expect, it } from 'vitest';
import { describeDays, parseHoursText } from '../../src/domain/hours-text.js';

describe('parseHoursText', () => {
  it.each([
    ['09:00-17:00', 540, 1020, [1, 2, 3, 4, 5]],
    ['9-17 mon-fri', 540, 1020, [1, 2, 3, 4, 5]],
    ['8:30–16:30 mon,tue,thu', 510, 990, [1, 2, 4]],
    ['10:00-18:00 sat-mon', 600, 1080, [1, 6, 7]],
    ['07:00 - 15:00 Monday Wednesday', 420, 900, [1, 3]],
    ['00:00-24:00 mon-sun', 0, 1440, [1, 2, 3, 4, 5, 6, 7]],
  ])('reads %s', (text, start, end, days) => {
    expect(parseHoursText(text)).toEqual({
      ok: true,
      value: { startMinute: start, endMinute: end, workingDays: days },
    });
  });

  it.each([
    ['', "couldn't read"],
    ['nine to five', "couldn't read"],
    ['17:00-09:00', 'end after it starts'],
    ['25:00-26:00', 'between 00:00 and 24:00'],
    ['09:00-17:00 funday', "couldn't read the days"],
  ])('explains what is wrong with %j', (text, problem) => {
    const parsed = parseHoursText(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});

describe('describeDays', () => {
  it.each([
    [[1, 2, 3, 4, 5], 'Mon–Fri'],
    [[1, 2, 3, 4, 5, 6, 7], 'every day'],
    [[1, 3, 5], 'Mon, Wed, Fri'],
    [[6, 7], 'Sat, Sun'],
  ] as const)('%j → %s', (days, text) => {
    expect(describeDays(days)).toBe(text);
  });
});
