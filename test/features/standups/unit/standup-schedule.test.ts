import { describe, expect, it } from 'vitest';
import { type IsoWeekday, toLocal } from '../../../../src/core/domain/local-time.js';
import { formatClock } from '../../../../src/core/domain/time-text.js';
import {
  DEFAULT_WORK_WINDOWS,
  dailyWindows,
  type WorkingHours,
} from '../../../../src/core/domain/working-hours.js';
import {
  answerWindowCloses,
  dateKey,
  memberTiming,
  nextPrompt,
  nextReport,
  parseDateKey,
  promptOutsideHours,
  runsOn,
  type StandupTiming,
  WEEK_MS,
} from '../../../../src/features/standups/domain/schedule.js';

const EVERY_DAY: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
const WEEKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5];

const timing = (patch: Partial<StandupTiming> = {}): StandupTiming => ({
  days: EVERY_DAY,
  promptMode: 'member_zone',
  promptMinute: 9 * 60 + 30,
  teamZone: 'America/New_York',
  reportMinute: 17 * 60,
  ...patch,
});

const member = (timeZone: string, windows = DEFAULT_WORK_WINDOWS): WorkingHours => ({
  timeZone,
  windows,
});

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** `count` prompts in a row from `from`, each after the last, as the schedule stores them. */
function prompts(t: StandupTiming, m: WorkingHours, from: string, count: number) {
  const out: { at: string; date: string; local: string }[] = [];
  let after = at(from);
  let last: ReturnType<typeof nextPrompt> = null;
  for (let i = 0; i < count; i++) {
    const next = nextPrompt(t, m, after, last?.date ?? null);
    if (!next) break;
    const zone = t.promptMode === 'team_zone' ? t.teamZone : m.timeZone;
    out.push({
      at: iso(next.at),
      date: dateKey(next.date),
      local: formatClock(toLocal(next.at, zone).minuteOfDay),
    });
    after = next.at;
    last = next;
  }
  return out;
}

describe('nextPrompt on real transitions: each date once, at its local time', () => {
  it('America/New_York, spring forward (Sun 2026-03-08): 09:30 stays 09:30, no day moves', () => {
    expect(prompts(timing(), member('America/New_York'), '2026-03-06T15:00:00Z', 4)).toEqual([
      { at: '2026-03-07T14:30:00Z', date: '2026-03-07', local: '09:30' },
      { at: '2026-03-08T13:30:00Z', date: '2026-03-08', local: '09:30' },
      { at: '2026-03-09T13:30:00Z', date: '2026-03-09', local: '09:30' },
      { at: '2026-03-10T13:30:00Z', date: '2026-03-10', local: '09:30' },
    ]);
  });

  it('America/New_York, fall back (Sun 2026-11-01): 09:30 stays 09:30, no day moves', () => {
    expect(prompts(timing(), member('America/New_York'), '2026-10-31T00:00:00Z', 3)).toEqual([
      { at: '2026-10-31T13:30:00Z', date: '2026-10-31', local: '09:30' },
      { at: '2026-11-01T14:30:00Z', date: '2026-11-01', local: '09:30' },
      { at: '2026-11-02T14:30:00Z', date: '2026-11-02', local: '09:30' },
    ]);
  });

  it('America/New_York: 02:30 in the spring gap moves forward by the gap, 01:30 in the overlap is the first', () => {
    const gap = timing({ promptMinute: 2 * 60 + 30 });
    expect(prompts(gap, member('America/New_York'), '2026-03-07T12:00:00Z', 2)).toEqual([
      { at: '2026-03-08T07:30:00Z', date: '2026-03-08', local: '03:30' },
      { at: '2026-03-09T06:30:00Z', date: '2026-03-09', local: '02:30' },
    ]);
    const overlap = timing({ promptMinute: 90 });
    expect(prompts(overlap, member('America/New_York'), '2026-10-31T12:00:00Z', 2)).toEqual([
      { at: '2026-11-01T05:30:00Z', date: '2026-11-01', local: '01:30' },
      { at: '2026-11-02T06:30:00Z', date: '2026-11-02', local: '01:30' },
    ]);
  });

  it('Europe/London on both transition days (2026-03-29, 2026-10-25), at 09:30 and in the gap', () => {
    expect(prompts(timing(), member('Europe/London'), '2026-03-28T12:00:00Z', 2)).toEqual([
      { at: '2026-03-29T08:30:00Z', date: '2026-03-29', local: '09:30' },
      { at: '2026-03-30T08:30:00Z', date: '2026-03-30', local: '09:30' },
    ]);
    expect(prompts(timing(), member('Europe/London'), '2026-10-24T12:00:00Z', 2)).toEqual([
      { at: '2026-10-25T09:30:00Z', date: '2026-10-25', local: '09:30' },
      { at: '2026-10-26T09:30:00Z', date: '2026-10-26', local: '09:30' },
    ]);
    const gap = timing({ promptMinute: 90 });
    expect(prompts(gap, member('Europe/London'), '2026-03-28T12:00:00Z', 1)).toEqual([
      { at: '2026-03-29T01:30:00Z', date: '2026-03-29', local: '02:30' },
    ]);
    expect(prompts(gap, member('Europe/London'), '2026-10-24T12:00:00Z', 1)).toEqual([
      { at: '2026-10-25T00:30:00Z', date: '2026-10-25', local: '01:30' },
    ]);
  });

  it('Australia/Lord_Howe: the half-hour shift, in its gap (2026-10-04) and overlap (2026-04-05)', () => {
    const gap = timing({ promptMinute: 2 * 60 + 15 });
    expect(prompts(gap, member('Australia/Lord_Howe'), '2026-10-02T12:00:00Z', 2)).toEqual([
      { at: '2026-10-02T15:45:00Z', date: '2026-10-03', local: '02:15' },
      { at: '2026-10-03T15:45:00Z', date: '2026-10-04', local: '02:45' },
    ]);
    const overlap = timing({ promptMinute: 60 + 45 });
    expect(prompts(overlap, member('Australia/Lord_Howe'), '2026-04-04T12:00:00Z', 2)).toEqual([
      { at: '2026-04-04T14:45:00Z', date: '2026-04-05', local: '01:45' },
      { at: '2026-04-05T15:15:00Z', date: '2026-04-06', local: '01:45' },
    ]);
    expect(prompts(timing(), member('Australia/Lord_Howe'), '2026-10-02T12:00:00Z', 2)).toEqual([
      { at: '2026-10-02T23:00:00Z', date: '2026-10-03', local: '09:30' },
      { at: '2026-10-03T22:30:00Z', date: '2026-10-04', local: '09:30' },
    ]);
  });

  it('Asia/Kathmandu (+05:45) and America/St_Johns (-03:30, -02:30 in summer)', () => {
    expect(prompts(timing(), member('Asia/Kathmandu'), '2026-03-09T00:00:00Z', 1)).toEqual([
      { at: '2026-03-09T03:45:00Z', date: '2026-03-09', local: '09:30' },
    ]);
    expect(prompts(timing(), member('America/St_Johns'), '2026-03-07T00:00:00Z', 3)).toEqual([
      { at: '2026-03-07T13:00:00Z', date: '2026-03-07', local: '09:30' },
      { at: '2026-03-08T12:00:00Z', date: '2026-03-08', local: '09:30' },
      { at: '2026-03-09T12:00:00Z', date: '2026-03-09', local: '09:30' },
    ]);
  });

  it('Pacific/Apia skipped 2011-12-30: no prompt that date, the next one a day later', () => {
    expect(prompts(timing(), member('Pacific/Apia'), '2011-12-28T00:00:00Z', 3)).toEqual([
      { at: '2011-12-28T19:30:00Z', date: '2011-12-28', local: '09:30' },
      { at: '2011-12-29T19:30:00Z', date: '2011-12-29', local: '09:30' },
      { at: '2011-12-30T19:30:00Z', date: '2011-12-31', local: '09:30' },
    ]);
  });

  it('keeps to the configured weekdays across a transition weekend', () => {
    expect(
      prompts(timing({ days: WEEKDAYS }), member('Europe/London'), '2026-03-26T12:00:00Z', 3),
    ).toEqual([
      { at: '2026-03-27T09:30:00Z', date: '2026-03-27', local: '09:30' },
      { at: '2026-03-30T08:30:00Z', date: '2026-03-30', local: '09:30' },
      { at: '2026-03-31T08:30:00Z', date: '2026-03-31', local: '09:30' },
    ]);
  });
});

describe('nextPrompt modes', () => {
  it('team_zone: everyone at the same instant, for the team’s date', () => {
    const t = timing({ promptMode: 'team_zone', teamZone: 'Europe/Berlin', days: WEEKDAYS });
    const tokyo = nextPrompt(t, member('Asia/Tokyo'), at('2026-03-09T00:00:00Z'), null);
    const la = nextPrompt(t, member('America/Los_Angeles'), at('2026-03-09T00:00:00Z'), null);
    expect(tokyo && iso(tokyo.at)).toBe('2026-03-09T08:30:00Z');
    expect(la?.at).toBe(tokyo?.at);
    expect(la && dateKey(la.date)).toBe('2026-03-09');
  });

  it('work_start: a night shift is asked when it starts, on the day it belongs to', () => {
    const t = timing({ promptMode: 'work_start', days: WEEKDAYS });
    const nights = member('Europe/London', dailyWindows(22 * 60, 30 * 60, [7, 1, 2, 3, 4]));
    expect(prompts(t, nights, '2026-03-08T12:00:00Z', 5)).toEqual([
      { at: '2026-03-09T22:00:00Z', date: '2026-03-09', local: '22:00' },
      { at: '2026-03-10T22:00:00Z', date: '2026-03-10', local: '22:00' },
      { at: '2026-03-11T22:00:00Z', date: '2026-03-11', local: '22:00' },
      { at: '2026-03-12T22:00:00Z', date: '2026-03-12', local: '22:00' },
      // Friday has no shift of its own (Thursday's ends on Friday morning); Sunday is not a standup day.
      { at: '2026-03-16T22:00:00Z', date: '2026-03-16', local: '22:00' },
    ]);
  });

  it('work_start: a split day is asked at its first half; no working window on any day → null', () => {
    const t = timing({ promptMode: 'work_start', days: WEEKDAYS });
    const split = member('Asia/Kathmandu', [
      ...dailyWindows(9 * 60, 12 * 60, WEEKDAYS),
      ...dailyWindows(14 * 60, 18 * 60, WEEKDAYS),
    ]);
    expect(prompts(t, split, '2026-03-09T00:00:00Z', 1)).toEqual([
      { at: '2026-03-09T03:15:00Z', date: '2026-03-09', local: '09:00' },
    ]);
    const weekends = member('UTC', dailyWindows(10 * 60, 14 * 60, [6, 7]));
    expect(nextPrompt(t, weekends, at('2026-03-09T00:00:00Z'), null)).toBeNull();
  });

  it('never asks a date twice: a member who moves west after being asked is not asked that date again', () => {
    const t = timing();
    const tokyo = nextPrompt(t, member('Asia/Tokyo'), at('2026-03-09T12:00:00Z'), null);
    expect(tokyo && [iso(tokyo.at), dateKey(tokyo.date)]).toEqual([
      '2026-03-10T00:30:00Z',
      '2026-03-10',
    ]);
    // An hour later they are in Los Angeles, where it is still Monday the 9th.
    const la = nextPrompt(t, member('America/Los_Angeles'), at('2026-03-10T01:30:00Z'), {
      year: 2026,
      month: 3,
      day: 10,
    });
    expect(la && [iso(la.at), dateKey(la.date)]).toEqual(['2026-03-11T16:30:00Z', '2026-03-11']);
    // Moving east, nothing is skipped: the next date is asked at its own 09:30.
    const east = nextPrompt(t, member('Asia/Tokyo'), at('2026-03-09T20:00:00Z'), {
      year: 2026,
      month: 3,
      day: 9,
    });
    expect(east && [iso(east.at), dateKey(east.date)]).toEqual([
      '2026-03-10T00:30:00Z',
      '2026-03-10',
    ]);
  });
});

describe('a night shift', () => {
  // Kai works 22:00–06:00, Sunday to Thursday nights, in Auckland (daylight time ends 5 April).
  const kai = member('Pacific/Auckland', dailyWindows(22 * 60, 30 * 60, [7, 1, 2, 3, 4]));
  const t = timing({ days: WEEKDAYS });

  it('a set 09:30 falls outside the night shift; the start of the working day does not', () => {
    expect(promptOutsideHours(t, kai, at('2026-04-02T00:00:00Z'))).toBe(true);
    expect(promptOutsideHours(t, member('Pacific/Auckland'), at('2026-04-02T00:00:00Z'))).toBe(
      false,
    );
    const own = memberTiming(t, true);
    expect(own.promptMode).toBe('work_start');
    expect(promptOutsideHours(own, kai, at('2026-04-02T00:00:00Z'))).toBe(false);
    // Asked when his shift starts, on each side of the clock change.
    expect(prompts(own, kai, '2026-04-02T00:00:00Z', 3)).toEqual([
      { at: '2026-04-02T09:00:00Z', date: '2026-04-02', local: '22:00' },
      { at: '2026-04-06T10:00:00Z', date: '2026-04-06', local: '22:00' },
      { at: '2026-04-07T10:00:00Z', date: '2026-04-07', local: '22:00' },
    ]);
    expect(memberTiming(t, false)).toBe(t);
  });
});

describe('days off and every other week', () => {
  it('a day off is each member’s own local date: not asked then, in London or New York, across a clock change', () => {
    // London springs forward on Sunday 29 March; Monday 30 March is the team's day off.
    const t = timing({ days: WEEKDAYS, daysOff: [{ date: '2026-03-30', label: 'Offsite' }] });
    expect(prompts(t, member('Europe/London'), '2026-03-27T10:00:00Z', 2)).toEqual([
      { at: '2026-03-31T08:30:00Z', date: '2026-03-31', local: '09:30' },
      { at: '2026-04-01T08:30:00Z', date: '2026-04-01', local: '09:30' },
    ]);
    expect(prompts(t, member('Pacific/Auckland'), '2026-03-27T10:00:00Z', 1)).toEqual([
      { at: '2026-03-30T20:30:00Z', date: '2026-03-31', local: '09:30' },
    ]);
    // Nor is there a report that day.
    const report = nextReport(t, at('2026-03-27T22:00:00Z'));
    expect(dateKey(report.date)).toBe('2026-03-31');
  });

  it('every other week asks on the on weeks only, counted from the week picked', () => {
    // Fridays, every other week from the week of Monday 2 March; New York changes clocks on the 8th.
    const t = timing({ days: [5], everyOtherWeekFrom: '2026-03-02' });
    expect(prompts(t, member('America/New_York'), '2026-03-01T00:00:00Z', 3)).toEqual([
      { at: '2026-03-06T14:30:00Z', date: '2026-03-06', local: '09:30' },
      { at: '2026-03-20T13:30:00Z', date: '2026-03-20', local: '09:30' },
      { at: '2026-04-03T13:30:00Z', date: '2026-04-03', local: '09:30' },
    ]);
    expect(runsOn(t, { year: 2026, month: 2, day: 27 })).toBe(false); // before the first week
    // An answer is open until the next prompt: two weeks.
    const first = nextPrompt(t, member('America/New_York'), at('2026-03-01T00:00:00Z'), null);
    if (!first) throw new Error('no prompt');
    expect(iso(answerWindowCloses(t, member('America/New_York'), first))).toBe(
      '2026-03-20T13:30:00Z',
    );
  });
});

describe('the day’s report and answer window', () => {
  const t = timing({ teamZone: 'Europe/Berlin', days: WEEKDAYS });

  it('the report is at its time in the team zone, on the standup’s days', () => {
    const next = nextReport(t, at('2026-03-13T17:00:00Z')); // Friday 18:00 in Berlin
    expect([iso(next.at), dateKey(next.date)]).toEqual(['2026-03-16T16:00:00Z', '2026-03-16']);
  });

  it('a prompt stays open until the member’s next prompt, across a clock change, whatever the report', () => {
    const london = member('Europe/London');
    // Friday 27 March 09:30 GMT; London moves to BST on Sunday 29 March.
    const friday = nextPrompt(t, london, at('2026-03-27T00:00:00Z'), null);
    if (!friday) throw new Error('no prompt');
    expect(iso(friday.at)).toBe('2026-03-27T09:30:00Z');
    expect(iso(answerWindowCloses(t, london, friday))).toBe('2026-03-30T08:30:00Z');
    const la = member('America/Los_Angeles');
    const asked = nextPrompt(t, la, at('2026-03-09T00:00:00Z'), null);
    if (!asked) throw new Error('no prompt');
    expect(iso(asked.at)).toBe('2026-03-09T16:30:00Z');
    expect(iso(answerWindowCloses(t, la, asked))).toBe('2026-03-10T16:30:00Z');
  });

  it('a weekly standup’s prompt stays open a week; one with no next prompt, a week too', () => {
    const fridays = timing({ teamZone: 'Europe/Berlin', days: [5] });
    const ny = member('America/New_York');
    // Friday 6 March 09:30 EST; New York is on daylight time from the 8th.
    const first = nextPrompt(fridays, ny, at('2026-03-06T00:00:00Z'), null);
    if (!first) throw new Error('no prompt');
    expect(iso(answerWindowCloses(fridays, ny, first))).toBe('2026-03-13T13:30:00Z');
    const noDays = timing({ promptMode: 'work_start', days: [6] });
    const prompt = { at: at('2026-03-07T09:00:00Z'), date: { year: 2026, month: 3, day: 7 } };
    expect(answerWindowCloses(noDays, ny, prompt)).toBe(prompt.at + WEEK_MS);
  });

  it('reads and writes dates as YYYY-MM-DD', () => {
    expect(dateKey({ year: 2026, month: 3, day: 9 })).toBe('2026-03-09');
    expect(parseDateKey('2026-03-09')).toEqual({ year: 2026, month: 3, day: 9 });
    expect(parseDateKey('2026-02-30')).toBeNull();
    expect(parseDateKey('2026-3-9')).toBeNull();
  });
});
