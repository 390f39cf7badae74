import { describe, expect, it } from 'vitest';
import {
  findDayPhrase,
  weekdaysNamed,
} from '../../../../src/features/meetings/domain/day-words.js';
import {
  meetingWindow,
  type WindowChoice,
} from '../../../../src/features/meetings/domain/meeting-window.js';
import { parseMeetRequest } from '../../../../src/features/meetings/slack/meet-text.js';

const at = (iso: string) => Date.parse(iso);
/** Monday 9 March 2026, 10:00 in London. */
const MONDAY = at('2026-03-09T10:00:00Z');
const LONDON = 'Europe/London';

function readingOf(text: string): WindowChoice | string | undefined {
  const phrase = findDayPhrase(text);
  if (!phrase) return undefined;
  return phrase.reading.ok ? phrase.reading.choice : phrase.reading.problem;
}

function dayOf(
  choice: WindowChoice | undefined,
  now = MONDAY,
  zone = LONDON,
  title: number[] = [],
) {
  const window = meetingWindow(choice, now, zone, title as never);
  if (!window.ok) return window.problem;
  return {
    start: new Date(window.start).toISOString(),
    end: new Date(window.end).toISOString(),
    label: window.label,
  };
}

describe('day words in a /meet request', () => {
  it.each([
    ['for 90 minutes tomorrow', { kind: 'tomorrow' }],
    ['today', { kind: 'today' }],
    ['on friday', { kind: 'weekday', weekday: 5, which: 'coming' }],
    ['on Fri', { kind: 'weekday', weekday: 5, which: 'coming' }],
    ['this Thursday', { kind: 'weekday', weekday: 4, which: 'this' }],
    ['next tuesday', { kind: 'weekday', weekday: 2, which: 'next' }],
    ['on 13 Mar', { kind: 'date', day: 13, month: 3, year: null }],
    ['Mar 13', { kind: 'date', day: 13, month: 3, year: null }],
    ['on March 13th, 2026', { kind: 'date', day: 13, month: 3, year: 2026 }],
    ['on Fri 13 Mar', { kind: 'date', day: 13, month: 3, year: null, weekday: 5 }],
    ['on 13/3', { kind: 'date', day: 13, month: 3, year: null }],
    ['on 3/13', { kind: 'date', day: 13, month: 3, year: null }],
    ['on 4/4', { kind: 'date', day: 4, month: 4, year: null }],
    [
      '2026-03-13',
      {
        kind: 'dates',
        from: { year: 2026, month: 3, day: 13 },
        to: { year: 2026, month: 3, day: 13 },
      },
    ],
    ['next week', { kind: 'next_week' }],
  ])('reads “%s”', (text, choice) => {
    expect(readingOf(text)).toEqual(choice);
  });

  it('asks about a numeric date that reads two ways, showing both', () => {
    expect(readingOf('on 3/4')).toBe(
      '“3/4” could be 3 April or 4 March: write “on 3 Apr” or “on 4 Mar”.',
    );
  });

  it('leaves words that are not days alone', () => {
    expect(readingOf('5 decisions about the sun deck')).toBeUndefined();
    expect(readingOf('Friday drinks')).toBeUndefined();
  });

  it('takes the day out of the topic and keeps a weekday that is part of the title', () => {
    expect(parseMeetRequest('design sync with <@U0A> on friday')).toMatchObject({
      topic: 'design sync',
      window: { kind: 'weekday', weekday: 5, which: 'coming' },
    });
    expect(parseMeetRequest('Friday drinks with <@U0A>')).toMatchObject({
      topic: 'Friday drinks',
      window: undefined,
    });
    expect(parseMeetRequest('roadmap with <@U0A> on 3/4').problems).toEqual([
      '“3/4” could be 3 April or 4 March: write “on 3 Apr” or “on 4 Mar”.',
    ]);
  });

  it.each([
    ['Friday drinks', [5]],
    ['Taco Tuesday', [2]],
    ['Feierabendbier am Freitag', [5]],
    ['go/no-go for Friday’s release', []],
    ["retro of Monday's outage", []],
    ['postmortem of the outage since Monday', []],
    ['weekly sync', []],
  ])('finds the weekday the title “%s” names', (title, weekdays) => {
    expect(weekdaysNamed(title)).toEqual(weekdays);
  });
});

describe('the window a day names, in the requester’s zone', () => {
  it('gives tomorrow alone, not a window that includes today', () => {
    expect(dayOf({ kind: 'tomorrow' })).toEqual({
      start: '2026-03-10T00:00:00.000Z',
      end: '2026-03-11T00:00:00.000Z',
      label: 'Tue 10 Mar',
    });
  });

  it('reads tomorrow in the requester’s own calendar (23:00 on Monday in Auckland)', () => {
    expect(dayOf({ kind: 'tomorrow' }, MONDAY, 'Pacific/Auckland')).toEqual({
      start: '2026-03-09T11:00:00.000Z',
      end: '2026-03-10T11:00:00.000Z',
      label: 'Tue 10 Mar',
    });
  });

  it('gives today from now to midnight', () => {
    expect(dayOf({ kind: 'today' })).toEqual({
      start: '2026-03-09T10:00:00.000Z',
      end: '2026-03-10T00:00:00.000Z',
      label: 'Mon 9 Mar',
    });
  });

  it.each<[string, WindowChoice]>([
    ['on Friday', { kind: 'weekday', weekday: 5, which: 'coming' }],
    ['this Friday', { kind: 'weekday', weekday: 5, which: 'this' }],
    ['13 Mar', { kind: 'date', day: 13, month: 3, year: null }],
    ['Fri 13 Mar 2026', { kind: 'date', day: 13, month: 3, year: 2026, weekday: 5 }],
  ])('gives Friday 13 March for “%s”', (_text, choice) => {
    expect(dayOf(choice)).toEqual({
      start: '2026-03-13T00:00:00.000Z',
      end: '2026-03-14T00:00:00.000Z',
      label: 'Fri 13 Mar',
    });
  });

  it('asks rather than guesses', () => {
    expect(dayOf({ kind: 'weekday', weekday: 5, which: 'next' })).toBe(
      '“next Friday” could be Fri 13 Mar or Fri 20 Mar: write “on 13 Mar” or “on 20 Mar”.',
    );
    expect(dayOf({ kind: 'weekday', weekday: 1, which: 'coming' })).toBe(
      '“Monday”: today is Monday. Do you mean today or Mon 16 Mar? Write “today” or “on 16 Mar”.',
    );
    expect(dayOf({ kind: 'weekday', weekday: 1, which: 'this' })).toEqual({
      start: '2026-03-09T10:00:00.000Z',
      end: '2026-03-10T00:00:00.000Z',
      label: 'Mon 9 Mar',
    });
    expect(dayOf({ kind: 'date', day: 13, month: 3, year: null, weekday: 6 })).toBe(
      '13 Mar is a Friday, not a Saturday. Which did you mean?',
    );
  });

  it('reads “next Friday” without asking when only one Friday fits (on a Saturday)', () => {
    const saturday = at('2026-03-14T10:00:00Z');
    expect(dayOf({ kind: 'weekday', weekday: 5, which: 'next' }, saturday)).toMatchObject({
      label: 'Fri 20 Mar',
    });
    expect(dayOf({ kind: 'weekday', weekday: 1, which: 'this' }, saturday)).toBe(
      'This week’s Monday (Mon 9 Mar) has passed. Did you mean Mon 16 Mar? Write “on 16 Mar”.',
    );
  });

  it('takes a day without a year at its next occurrence, and says when that is too far', () => {
    expect(dayOf({ kind: 'date', day: 2, month: 3, year: null })).toBe(
      'Tue 2 Mar 2027 is more than 14 days ahead: pick days within the next 14, so that the times stay worth voting on.',
    );
  });

  it('narrows the window to the weekday the title names', () => {
    expect(dayOf(undefined, MONDAY, LONDON, [5])).toMatchObject({ label: 'Fri 13 Mar' });
    expect(dayOf({ kind: 'next_week' }, MONDAY, LONDON, [5])).toEqual({
      start: '2026-03-20T00:00:00.000Z',
      end: '2026-03-21T00:00:00.000Z',
      label: 'Fri 20 Mar',
    });
    expect(dayOf({ kind: 'days', days: 14 }, MONDAY, LONDON, [5])).toBe(
      'The title names Friday: in the next 14 days that could be Fri 13 Mar or Fri 20 Mar. Say which, for example “on 13 Mar”.',
    );
    expect(dayOf({ kind: 'tomorrow' }, MONDAY, LONDON, [5])).toBe(
      'The title names Friday but Tue 10 Mar has no such day. Which did you mean?',
    );
    expect(dayOf(undefined, MONDAY, LONDON, [1])).toBe(
      'The title names Monday: today is Monday. Do you mean today or Mon 16 Mar? Write “today” or “on 16 Mar”.',
    );
  });
});
