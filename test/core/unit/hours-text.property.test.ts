import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeWindows, parseHoursText } from '../../../src/core/domain/hours-text.js';

/** A clock as someone might type it, and the minute of the day it says as written. */
interface WrittenClock {
  text: string;
  minute: number;
  /** am/pm, or an hour of 13 or more. */
  sure: boolean;
}

const minutes = fc.constantFrom(0, 0, 0, 15, 30, 45);

const bareClock = fc
  .tuple(fc.integer({ min: 0, max: 24 }), minutes, fc.constantFrom('h', 'h:mm', 'hh:mm'))
  .filter(([hour, minute]) => hour < 24 || minute === 0)
  .map(([hour, minute, style]): WrittenClock => {
    const mm = String(minute).padStart(2, '0');
    const text =
      style === 'hh:mm'
        ? `${String(hour).padStart(2, '0')}:${mm}`
        : style === 'h' && minute === 0
          ? `${hour}`
          : `${hour}:${mm}`;
    return { text, minute: (hour * 60 + minute) % 1440, sure: hour >= 13 };
  });

const twelveHourClock = fc
  .tuple(fc.integer({ min: 1, max: 12 }), minutes, fc.constantFrom('am', 'pm', ' am', ' pm'))
  .map(([hour, minute, suffix]): WrittenClock => {
    const text =
      minute === 0 ? `${hour}${suffix}` : `${hour}:${String(minute).padStart(2, '0')}${suffix}`;
    const minuteOfDay = ((hour % 12) + (suffix.trim() === 'pm' ? 12 : 0)) * 60 + minute;
    return { text, minute: minuteOfDay, sure: true };
  });

/** Mostly bare clocks of a 12-hour day, where the doubt is. */
const clock = fc.oneof(
  { weight: 4, arbitrary: bareClock },
  { weight: 1, arbitrary: twelveHourClock },
);

const range = fc
  .tuple(clock, clock, fc.constantFrom('-', '–', ' - ', ' to '), fc.boolean())
  .map(([from, to, dash, overnight]) => ({
    text: `${from.text}${dash}${to.text}${overnight ? ' (overnight)' : ''}`,
    clocks: [from, to],
    sure: from.sure || to.sure || (overnight && to.minute <= from.minute),
  }));

const days = fc.constantFrom(
  '',
  'mon-fri',
  'mon-thu',
  'fri',
  'sat',
  'mon, wed',
  'weekends',
  'sun-thu',
);

const group = fc
  .tuple(fc.array(range, { minLength: 1, maxLength: 3 }), days, fc.boolean())
  .map(([ranges, dayText, daysFirst]) => {
    const times = ranges.map((r) => r.text).join(', ');
    const text = dayText === '' ? times : daysFirst ? `${dayText} ${times}` : `${times} ${dayText}`;
    return { text, ranges };
  });

const hoursText = fc
  .tuple(fc.array(group, { minLength: 1, maxLength: 2 }), fc.constantFrom(', ', '; '))
  .map(([groups, separator]) => ({
    text: groups.map((g) => g.text).join(separator),
    ranges: groups.flatMap((g) => g.ranges),
  }));

const settings = { seed: 20261207, numRuns: 3000 };

describe('parseHoursText over generated inputs', () => {
  it('reads back what it accepted, printed, as the same windows', () => {
    fc.assert(
      fc.property(hoursText, ({ text }) => {
        const parsed = parseHoursText(text);
        if (!parsed.ok || parsed.needsConfirmation) return;
        const printed = describeWindows(parsed.windows);
        expect(parseHoursText(printed), `${text} → ${printed}`).toEqual(parsed);
      }),
      settings,
    );
  });

  it('shows a reading to confirm that, saved as shown, reads back as itself without doubt', () => {
    fc.assert(
      fc.property(hoursText, ({ text }) => {
        const parsed = parseHoursText(text);
        if (!parsed.ok || !parsed.needsConfirmation) return;
        const shown = describeWindows(parsed.windows);
        expect(parseHoursText(shown), `${text} → ${shown}`).toEqual({
          ok: true,
          windows: parsed.windows,
          needsConfirmation: false,
        });
      }),
      settings,
    );
  });

  it('never accepts a window starting before 06:00 without am/pm, an hour of 13 or more, or an overnight range', () => {
    fc.assert(
      fc.property(hoursText, ({ text, ranges }) => {
        const parsed = parseHoursText(text);
        if (!parsed.ok || parsed.needsConfirmation) return;
        const overnight = parsed.windows.some((w) => w.endMinute > 1440);
        if (ranges.some((r) => r.sure) || overnight) return;
        const early = parsed.windows.filter((w) => w.startMinute < 6 * 60);
        expect(early, text).toEqual([]);
      }),
      settings,
    );
  });

  it('stores only the times written, or 12 hours later', () => {
    fc.assert(
      fc.property(hoursText, ({ text, ranges }) => {
        const parsed = parseHoursText(text);
        if (!parsed.ok) return;
        const written = new Set(
          ranges.flatMap((r) => r.clocks.flatMap((c) => [c.minute, (c.minute + 720) % 1440])),
        );
        for (const w of parsed.windows) {
          expect(written.has(w.startMinute % 1440), `${text}: start ${w.startMinute}`).toBe(true);
          expect(written.has(w.endMinute % 1440), `${text}: end ${w.endMinute}`).toBe(true);
        }
      }),
      settings,
    );
  });
});
