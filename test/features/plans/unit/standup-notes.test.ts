import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WORK_WINDOWS,
  dailyWindows,
  type WorkingHours,
} from '../../../../src/core/domain/working-hours.js';
import { dueSoonUntil, isInHand } from '../../../../src/features/plans/domain/who.js';
import { dueDay } from '../../../../src/features/plans/services/standup-notes.js';

const nineToFive = (timeZone: string): WorkingHours => ({
  timeZone,
  windows: DEFAULT_WORK_WINDOWS,
});

describe('dueSoonUntil: two of the owner’s working days after the prompt’s date', () => {
  it('counts working days across a weekend', () => {
    const london = nineToFive('Europe/London');
    // Monday 7 Dec: Tuesday and Wednesday.
    expect(dueSoonUntil(london, Date.parse('2026-12-07T09:30:00Z'))).toBe('2026-12-09');
    // Thursday 10 Dec: Friday 11, then Monday 14 (the weekend is not counted).
    expect(dueSoonUntil(london, Date.parse('2026-12-10T09:30:00Z'))).toBe('2026-12-14');
    // Friday 11 Dec: Monday 14 and Tuesday 15.
    expect(dueSoonUntil(london, Date.parse('2026-12-11T09:30:00Z'))).toBe('2026-12-15');
  });

  it('reads the owner’s own working days: Sunday to Thursday', () => {
    const sundayToThursday: WorkingHours = {
      timeZone: 'Asia/Jerusalem',
      windows: dailyWindows(9 * 60, 17 * 60, [7, 1, 2, 3, 4]),
    };
    // Thursday 10 Dec, 09:30 in Jerusalem (07:30 UTC): Sunday 13, Monday 14.
    expect(dueSoonUntil(sundayToThursday, Date.parse('2026-12-10T07:30:00Z'))).toBe('2026-12-14');
    // Wednesday 9 Dec: Thursday 10, then Sunday 13.
    expect(dueSoonUntil(sundayToThursday, Date.parse('2026-12-09T07:30:00Z'))).toBe('2026-12-13');
  });

  it('starts from the owner’s date in their zone: the same instant in four zones', () => {
    // Thursday 10 Dec, 23:30 UTC.
    const at = Date.parse('2026-12-10T23:30:00Z');
    // London (UTC+0): Thursday 23:30 → Friday 11, Monday 14.
    expect(dueSoonUntil(nineToFive('Europe/London'), at)).toBe('2026-12-14');
    // New York (UTC−5): Thursday 18:30 → Friday 11, Monday 14.
    expect(dueSoonUntil(nineToFive('America/New_York'), at)).toBe('2026-12-14');
    // Kolkata (UTC+5:30): Friday 05:00 → Monday 14, Tuesday 15.
    expect(dueSoonUntil(nineToFive('Asia/Kolkata'), at)).toBe('2026-12-15');
    // Auckland (UTC+13 in December): Friday 12:30 → Monday 14, Tuesday 15.
    expect(dueSoonUntil(nineToFive('Pacific/Auckland'), at)).toBe('2026-12-15');
  });

  it('follows a clock change: the same UTC hour is Sunday before it and Monday after it', () => {
    const london = nineToFive('Europe/London');
    // Sunday 22 March 2026, 23:30 UTC is 23:30 in London (UTC+0): Monday 23, Tuesday 24.
    expect(dueSoonUntil(london, Date.parse('2026-03-22T23:30:00Z'))).toBe('2026-03-24');
    // London moves to UTC+1 on Sunday 29 March: 23:30 UTC that day is 00:30 on Monday 30,
    // so Tuesday 31 and Wednesday 1 April (read in UTC it would still be Sunday: Tuesday 31).
    expect(dueSoonUntil(london, Date.parse('2026-03-29T23:30:00Z'))).toBe('2026-04-01');
    const newYork = nineToFive('America/New_York');
    // New York moves to UTC−4 on Sunday 8 March: 04:30 UTC on Monday 9 is 00:30 on Monday
    // (Tuesday 10, Wednesday 11); a week before, 04:30 UTC was 23:30 on Sunday 1 March (UTC−5):
    // Monday 2, Tuesday 3.
    expect(dueSoonUntil(newYork, Date.parse('2026-03-09T04:30:00Z'))).toBe('2026-03-11');
    expect(dueSoonUntil(newYork, Date.parse('2026-03-02T04:30:00Z'))).toBe('2026-03-03');
  });
});

describe('the words of a task in a standup prompt', () => {
  it('says a due date as its owner reads it', () => {
    expect(dueDay('2026-12-10')).toBe('Thursday 10 Dec');
    expect(dueDay('2027-01-04')).toBe('Monday 4 Jan');
  });

  it('counts a task in hand once accepted, not while proposed, declined or without owner', () => {
    expect(isInHand('accepted')).toBe(true);
    expect(isInHand('proposed')).toBe(false);
    expect(isInHand('declined')).toBe(false);
    expect(isInHand('unassigned')).toBe(false);
  });
});
