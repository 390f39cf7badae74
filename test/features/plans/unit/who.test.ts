import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WORK_WINDOWS,
  type WorkingHours,
} from '../../../../src/core/domain/working-hours.js';
import { awayDuringTask, weeklyOverlapHours } from '../../../../src/features/plans/domain/who.js';
import { memberOf } from '../../../support/store.js';

const nineToFive = (timeZone: string): WorkingHours => ({
  timeZone,
  windows: DEFAULT_WORK_WINDOWS,
});
const LONDON = nineToFive('Europe/London');
const BERLIN = nineToFive('Europe/Berlin');
const NEW_YORK = nineToFive('America/New_York');
const AUCKLAND = nineToFive('Pacific/Auckland');

// Monday 2026-01-12, 00:00 UTC: no clock changes anywhere here that week.
const WINTER_WEEK = Date.parse('2026-01-12T00:00:00Z');

describe('weeklyOverlapHours', () => {
  it('London and Berlin share 7 h a day: 35 h a week', () => {
    // London 09–17 UTC, Berlin 08–16 UTC: 09–16 UTC together, five days.
    expect(weeklyOverlapHours(LONDON, BERLIN, WINTER_WEEK)).toBe(35);
    expect(weeklyOverlapHours(BERLIN, LONDON, WINTER_WEEK)).toBe(35);
  });

  it('London and New York share 3 h a day in winter: 15 h a week', () => {
    // New York (UTC−5) 14–22 UTC: 14–17 UTC with London.
    expect(weeklyOverlapHours(LONDON, NEW_YORK, WINTER_WEEK)).toBe(15);
  });

  it('counts a clock change where it falls: New York moves on Sunday 8 March 2026, London not', () => {
    // Thu 5 and Fri 6 March: New York is UTC−5, 3 h each. Mon 9 to Wed 11 March: UTC−4,
    // 13–21 UTC, 4 h each. 6 + 12 = 18 h.
    expect(weeklyOverlapHours(LONDON, NEW_YORK, Date.parse('2026-03-05T00:00:00Z'))).toBe(18);
  });

  it('reads a day that starts the evening before in UTC: Auckland with New York', () => {
    // Auckland (UTC+13 in January) works 20:00–04:00 UTC the evening before; New York until
    // 22:00 UTC: 2 h on each of the four evenings New York's Mon–Thu meets Auckland's Tue–Fri.
    expect(weeklyOverlapHours(AUCKLAND, NEW_YORK, WINTER_WEEK)).toBe(8);
  });

  it('averages over the whole weeks until the task is due, with a clock change where it falls', () => {
    // From Mon 9 March 2026 10:00 UTC to the end of Fri 10 April in New York (04:00 UTC on the
    // 11th): 5 weeks. London 09–17 UTC, then 08–16 UTC from Sun 29 March; New York 13–21 UTC.
    // 3 weeks of 4 h a day (20 h) and 2 of 3 h a day (15 h): 90 / 5 = 18 h a week.
    const from = Date.parse('2026-03-09T10:00:00Z');
    const dueEnd = Date.parse('2026-04-11T04:00:00Z');
    expect(weeklyOverlapHours(LONDON, NEW_YORK, from, dueEnd)).toBe(18);
    // The first week alone says 20 h.
    expect(weeklyOverlapHours(LONDON, NEW_YORK, from)).toBe(20);
    // A task due within the week counts the coming week.
    expect(weeklyOverlapHours(LONDON, NEW_YORK, from, from + 3_600_000)).toBe(20);
    // Auckland moves to UTC+12 on Sun 5 April and then starts at 21:00 UTC, when New York
    // stops: 4 h a week for weeks 1–4 (to Mon 6 April 10:00 UTC), none for weeks 5–7 (to the
    // end of Mon 20 April in Auckland, 12:00 UTC): 16 / 7 = 2.29, 2.5 to the half hour.
    const aucklandDueEnd = Date.parse('2026-04-20T12:00:00Z');
    expect(weeklyOverlapHours(AUCKLAND, NEW_YORK, from, aucklandDueEnd)).toBe(2.5);
  });

  it('is zero for people whose hours never meet', () => {
    const night: WorkingHours = {
      timeZone: 'Europe/London',
      windows: [{ day: 6, startMinute: 0, endMinute: 60 }],
    };
    expect(weeklyOverlapHours(LONDON, night, WINTER_WEEK)).toBe(0);
  });
});

describe('awayDuringTask', () => {
  const now = Date.parse('2026-03-09T10:00:00Z');
  const due = Date.parse('2026-03-20T00:00:00Z');

  it('says someone away in Mailroom is away during the task', () => {
    const away = awayDuringTask(
      memberOf('U1', { awayUntil: Date.parse('2026-03-13T00:00:00Z') }),
      now,
      due,
    );
    expect(away).toMatchObject({ source: 'mailroom', until: Date.parse('2026-03-13T00:00:00Z') });
  });

  it('reads an away Slack status', () => {
    const away = awayDuringTask(
      memberOf('U1', { slackStatusEmoji: ':palm_tree:', slackStatusText: 'Vacationing' }),
      now,
      due,
    );
    expect(away).toMatchObject({ source: 'slack', until: null });
  });

  it('is nothing for someone here, or for a task already due', () => {
    expect(awayDuringTask(memberOf('U1'), now, due)).toBeUndefined();
    expect(awayDuringTask(memberOf('U1', { awayUntil: due }), now, now)).toBeUndefined();
  });
});
