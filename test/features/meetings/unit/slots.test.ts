import { describe, expect, it } from 'vitest';
import { type IsoWeekday, toLocal } from '../../../../src/core/domain/local-time.js';
import {
  dailyWindows,
  type WorkWindow,
  workingIntervalsBetween,
} from '../../../../src/core/domain/working-hours.js';
import {
  findSlots,
  measureSlot,
  type SlotParticipant,
} from '../../../../src/features/meetings/domain/slots.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const WEEKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5];
const at = (iso: string) => Date.parse(iso);
const iso = (instant: number) => new Date(instant).toISOString().slice(0, 16);

function person(id: string, timeZone: string, windows?: WorkWindow[]): SlotParticipant {
  return { id, hours: { timeZone, windows: windows ?? dailyWindows(9 * 60, 17 * 60, WEEKDAYS) } };
}

function local(instant: number, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  const hh = String(Math.floor(l.minuteOfDay / 60)).padStart(2, '0');
  const mm = String(l.minuteOfDay % 60).padStart(2, '0');
  return `${l.month}-${l.day} ${hh}:${mm}`;
}

describe('workingIntervalsBetween', () => {
  it('lists the working intervals in a span, clipped to it, night shifts included', () => {
    const nights = {
      timeZone: 'Asia/Tokyo',
      windows: dailyWindows(22 * 60, 30 * 60, [7, 1, 2, 3, 4]),
    };
    // Shifts run 22:00-06:00 JST, 13:00-21:00 UTC on the day they start.
    const spans = workingIntervalsBetween(
      nights,
      at('2026-03-09T20:00:00Z'),
      at('2026-03-11T00:00:00Z'),
    );
    expect(spans.map((s) => [iso(s.start), iso(s.end)])).toEqual([
      ['2026-03-09T20:00', '2026-03-09T21:00'],
      ['2026-03-10T13:00', '2026-03-10T21:00'],
    ]);
  });

  it('is empty for an empty span', () => {
    expect(
      workingIntervalsBetween(
        person('a', 'UTC').hours,
        at('2026-03-09T10:00:00Z'),
        at('2026-03-09T10:00:00Z'),
      ),
    ).toEqual([]);
  });
});

describe('findSlots: transactional', () => {
  const newYork = person('ny', 'America/New_York');
  const london = person('ldn', 'Europe/London');

  it('follows a DST change inside the window: the overlap moves an hour earlier in UTC', () => {
    // New York springs forward on Sunday 8 March 2026; London not until 29 March.
    const { slots, sharedMs } = findSlots({
      participants: [newYork, london],
      from: at('2026-03-06T00:00:00Z'),
      to: at('2026-03-11T00:00:00Z'),
      durationMs: HOUR,
      stepMs: 15 * MIN,
      policy: 'transactional',
    });
    expect(slots.map((s) => iso(s.start))).toEqual([
      '2026-03-06T14:00', // Fri: 09:00 in New York (EST), 14:00 in London
      '2026-03-09T16:00', // Mon, another time of day: 12:00 in New York (EDT), 16:00 in London
      '2026-03-10T13:00', // Tue: 09:00 in New York (EDT), 13:00 in London
    ]);
    expect(slots.every((s) => s.outside.length === 0)).toBe(true);
    expect(local(slots[2]?.start ?? 0, 'America/New_York')).toBe('3-10 09:00');
    // Fri 3 h + Mon 4 h + Tue 4 h of shared working time.
    expect(sharedMs).toBe(11 * HOUR);
  });

  it('checks the whole duration, not only the start', () => {
    const start = at('2026-03-06T16:30:00Z'); // 16:30 in London, 11:30 in New York
    expect(measureSlot([newYork, london], start, start + HOUR)).toEqual([
      { id: 'ldn', outsideMinutes: 30, stretchMinutes: 30 },
    ]);
    const { slots } = findSlots({
      participants: [newYork, london],
      from: at('2026-03-06T16:00:00Z'),
      to: at('2026-03-06T18:00:00Z'),
      durationMs: HOUR,
      stepMs: 15 * MIN,
      policy: 'transactional',
    });
    // 16:00-17:00 is the only slot inside both days; later starts run past London's 17:00.
    expect(slots.map((s) => iso(s.start))).toEqual(['2026-03-06T16:00']);
  });

  it('offers the least-bad slot when Kathmandu (+05:45) and St John’s (-02:30) never work together', () => {
    const kathmandu = person('ktm', 'Asia/Kathmandu'); // 03:15-11:15 UTC
    const stJohns = person('stj', 'America/St_Johns'); // 12:30-20:30 UTC, 11:30-19:30 from 8 March
    const { slots, sharedMs } = findSlots({
      participants: [kathmandu, stJohns],
      from: at('2026-03-05T00:00:00Z'),
      to: at('2026-03-11T00:00:00Z'),
      durationMs: 30 * MIN,
      stepMs: 15 * MIN,
      policy: 'transactional',
    });
    expect(sharedMs).toBe(0);
    const [best, second, third] = slots;
    // After St John's moves to daylight time the gap is 15 minutes: 30 minutes past nobody's limit.
    expect(iso(best?.start ?? 0)).toBe('2026-03-09T11:00');
    expect(local(best?.start ?? 0, 'Asia/Kathmandu')).toBe('3-9 16:45');
    expect(local(best?.start ?? 0, 'America/St_Johns')).toBe('3-9 08:30');
    expect(best?.outside).toEqual([
      { id: 'stj', outsideMinutes: 30, stretchMinutes: 30 },
      { id: 'ktm', outsideMinutes: 15, stretchMinutes: 15 },
    ]);
    // The other options place the burden differently: on Kathmandu alone, then on St John's alone.
    expect(iso(second?.start ?? 0)).toBe('2026-03-09T11:30');
    expect(second?.outside).toEqual([{ id: 'ktm', outsideMinutes: 30, stretchMinutes: 45 }]);
    expect(iso(third?.start ?? 0)).toBe('2026-03-10T10:45');
    expect(third?.outside).toEqual([{ id: 'stj', outsideMinutes: 30, stretchMinutes: 45 }]);
  });

  it('counts a night shift that crosses midnight as one stretch of work', () => {
    const tokyoNights = person(
      'tyo',
      'Asia/Tokyo',
      dailyWindows(22 * 60, 30 * 60, [7, 1, 2, 3, 4]),
    );
    const start = at('2026-03-09T14:30:00Z'); // 23:30-00:30 in Tokyo, 14:30-15:30 in London
    expect(measureSlot([tokyoNights, london], start, start + HOUR)).toEqual([]);
    const late = at('2026-03-09T20:30:00Z'); // 05:30-06:30 in Tokyo, the shift ends at 06:00
    expect(measureSlot([tokyoNights], late, late + HOUR)).toEqual([
      { id: 'tyo', outsideMinutes: 30, stretchMinutes: 30 },
    ]);
  });

  it('weighs how far outside the day a meeting falls, not only its minutes', () => {
    const berlin = person('ber', 'Europe/Berlin'); // 08:00-16:00 UTC in March
    const evening = at('2026-03-10T16:30:00Z'); // 17:30-18:00 in Berlin
    const night = at('2026-03-10T23:00:00Z'); // 00:00-00:30 in Berlin
    const [justAfter] = measureSlot([berlin], evening, evening + 30 * MIN);
    const [midnight] = measureSlot([berlin], night, night + 30 * MIN);
    expect(justAfter).toEqual({ id: 'ber', outsideMinutes: 30, stretchMinutes: 60 });
    expect(midnight).toEqual({ id: 'ber', outsideMinutes: 30, stretchMinutes: 7 * 60 + 30 });
  });

  it('stays inside the overlap and offers different times on different days, not one time three days running', () => {
    const { slots } = findSlots({
      participants: [person('a', 'UTC'), person('b', 'Europe/Berlin')],
      from: at('2026-03-09T00:00:00Z'),
      to: at('2026-03-16T00:00:00Z'),
      durationMs: 30 * MIN,
      stepMs: 15 * MIN,
      policy: 'transactional',
    });
    expect(slots.map((s) => iso(s.start))).toEqual([
      '2026-03-09T09:00',
      '2026-03-10T11:00',
      '2026-03-11T13:00',
    ]);
  });

  it('proposes nothing to someone before they are back from being away', () => {
    const back = at('2026-03-11T12:00:00Z'); // Wednesday noon
    const { slots } = findSlots({
      participants: [person('a', 'UTC'), { ...person('b', 'UTC'), awayUntil: back }],
      from: at('2026-03-09T00:00:00Z'),
      to: at('2026-03-16T00:00:00Z'),
      durationMs: 30 * MIN,
      stepMs: 15 * MIN,
      policy: 'transactional',
    });
    expect(slots.map((s) => iso(s.start))).toEqual([
      '2026-03-11T12:00',
      '2026-03-12T09:00',
      '2026-03-13T14:00',
    ]);
  });

  it('returns fewer slots when the window holds fewer', () => {
    const { slots, candidates } = findSlots({
      participants: [person('a', 'UTC')],
      from: at('2026-03-09T09:00:00Z'),
      to: at('2026-03-09T10:00:00Z'),
      durationMs: HOUR,
      stepMs: 15 * MIN,
      policy: 'transactional',
    });
    expect(candidates).toBe(1);
    expect(slots.map((s) => iso(s.start))).toEqual(['2026-03-09T09:00']);
  });

  it('refuses a zero duration', () => {
    expect(() =>
      findSlots({
        participants: [person('a', 'UTC')],
        from: 0,
        to: DAY,
        durationMs: 0,
        stepMs: 15 * MIN,
        policy: 'transactional',
      }),
    ).toThrow(RangeError);
  });
});

describe('findSlots: social, with the fairness ledger', () => {
  const tokyo = person('tyo', 'Asia/Tokyo', dailyWindows(9 * 60, 18 * 60, WEEKDAYS)); // 00-09 UTC
  const london = person('ldn', 'Europe/London'); // 08-16 UTC from 29 March
  const sanFrancisco = person('sfo', 'America/Los_Angeles'); // 16-24 UTC
  const group = [tokyo, london, sanFrancisco];

  function propose(ledger: Map<string, number>, day: number) {
    const from = at('2026-04-07T00:00:00Z') + day * 7 * DAY; // a Tuesday, in UTC
    return findSlots({
      participants: group,
      from,
      to: from + DAY,
      durationMs: HOUR,
      stepMs: 15 * MIN,
      policy: 'social',
      ledger,
    });
  }

  it('favours whoever past meetings put outside their hours', () => {
    const fresh = propose(new Map(), 0).slots[0];
    const burdened = fresh?.outside[0]?.id ?? '';
    expect(fresh?.outside[0]?.stretchMinutes).toBeGreaterThan(120);
    const next = propose(new Map([[burdened, 400]]), 1).slots[0];
    expect(next?.outside.map((o) => o.id)).not.toContain(burdened);
  });

  it('rotates the inconvenience over a series of meetings of the same group', () => {
    const ledger = new Map<string, number>();
    let largestSingle = 0;
    for (let week = 0; week < 9; week++) {
      const before = new Map(group.map((p) => [p.id, ledger.get(p.id) ?? 0]));
      const [chosen] = propose(ledger, week).slots;
      if (!chosen) throw new Error('no slot');
      const heaviest = chosen.outside[0];
      if (!heaviest) throw new Error('these three never all work at once');
      // Whoever bore the least so far takes the heaviest part of this one.
      if (week > 0) expect(before.get(heaviest.id)).toBe(Math.min(...before.values()));
      for (const o of chosen.outside) {
        ledger.set(o.id, (ledger.get(o.id) ?? 0) + o.stretchMinutes);
        largestSingle = Math.max(largestSingle, o.stretchMinutes);
      }
    }
    const totals = group.map((p) => ledger.get(p.id) ?? 0);
    expect(Math.min(...totals)).toBeGreaterThan(0);
    expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(largestSingle);
  });

  it('offers options that place the burden on different people, not one time on three days', () => {
    const from = at('2026-04-06T00:00:00Z'); // Monday
    const { slots } = findSlots({
      participants: group,
      from,
      to: from + 5 * DAY,
      durationMs: HOUR,
      stepMs: 15 * MIN,
      policy: 'social',
    });
    const payers = slots.map((s) => s.outside.map((o) => o.id).join(','));
    expect(new Set(payers).size).toBe(3);
    const clock = (instant: number) => iso(instant).slice(11);
    expect(new Set(slots.map((s) => clock(s.start))).size).toBe(3);
  });

  it('offers a time inside everyone’s hours first, then ones that spare one region or another', () => {
    const from = at('2026-04-06T00:00:00Z');
    const newYork = person('nyc', 'America/New_York'); // 13-21 UTC
    const { slots } = findSlots({
      participants: [london, person('ber', 'Europe/Berlin'), newYork], // 08-16 and 07-15 UTC
      from,
      to: from + 5 * DAY,
      durationMs: HOUR,
      stepMs: 15 * MIN,
      policy: 'social',
    });
    const [inside, second, third] = slots;
    expect(inside?.outside).toEqual([]);
    const payers = [second, third].map((s) => s?.outside.map((o) => o.id));
    expect(payers[0]?.length).toBeGreaterThan(0);
    expect(payers[1]?.length).toBeGreaterThan(0);
    expect(payers[0]).not.toEqual(payers[1]);
  });

  it('keeps as many people inside their hours as it can when the ledger is even', () => {
    const { slots } = findSlots({
      participants: [person('a', 'Europe/London'), person('b', 'Europe/Berlin'), tokyo],
      from: at('2026-04-07T00:00:00Z'),
      to: at('2026-04-08T00:00:00Z'),
      durationMs: HOUR,
      stepMs: 15 * MIN,
      policy: 'social',
    });
    // 08:00 UTC: 09:00 London, 10:00 Berlin, 17:00 Tokyo: everyone is working.
    expect(iso(slots[0]?.start ?? 0)).toBe('2026-04-07T08:00');
    expect(slots[0]?.outside).toEqual([]);
  });
});
