/**
 * Working hours: the weekly windows in which a person works, and what they mean at an instant
 * (working now, the next start, working time added, snoozing). Pure, like the time-zone
 * arithmetic it is built on (local-time.ts): nothing here reads the clock.
 *
 * Working hours are a set of weekly windows. A window belongs to the weekday it starts on and
 * may cross midnight (a night shift, 22:00–06:00). On a given local date D a window is the span
 * [wallTimeToInstant(D, start), wallTimeToInstant(D or the next day, end)): on ordinary days
 * exactly "start <= local time < end"; on transition days a start inside a gap opens at the
 * resolved time, and the window gets no hole when the clock goes back during it.
 *
 * isWorkingAt, nextWorkingInstant and addWorkingTime all read the same list of concrete
 * intervals (see `intervalsFrom`), so they agree with each other at every instant, also when a
 * gap or an overlap crosses local midnight.
 */
import {
  addDays,
  dateExists,
  type IsoWeekday,
  isoWeekdayOf,
  isValidTimeZone,
  type LocalDate,
  SEARCH_DAYS,
  toLocal,
  wallTimeToInstant,
} from './local-time.js';
import { formatClock, WEEKDAY_NAMES } from './time-text.js';

/** One stretch of work in the week, in the person's local time. */
export interface WorkWindow {
  /** The weekday the window starts on. */
  day: IsoWeekday;
  /** Minutes after that day's local midnight, 0..1439. */
  startMinute: number;
  /**
   * Minutes after the same midnight, startMinute < endMinute <= startMinute + 1440. Past 1440
   * the window ends on the next day (a night shift belongs to the day it starts on).
   */
  endMinute: number;
}

export interface WorkingHours {
  timeZone: string;
  windows: readonly WorkWindow[];
}

/** The same window on each of `days`: 09:00–17:00 Mon–Fri, or 22:00–06:00 (end 1800) Sun–Thu. */
export function dailyWindows(
  startMinute: number,
  endMinute: number,
  days: readonly IsoWeekday[],
): WorkWindow[] {
  return days.map((day) => ({ day, startMinute, endMinute }));
}

export const DEFAULT_WORK_WINDOWS: readonly WorkWindow[] = dailyWindows(
  9 * 60,
  17 * 60,
  [1, 2, 3, 4, 5],
);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MINUTES_PER_DAY = 1440;

interface Interval {
  start: number;
  end: number;
}

/** The window's concrete span when it starts on `date`, or null when it has no length there. */
function intervalOn(timeZone: string, window: WorkWindow, date: LocalDate): Interval | null {
  const start = wallTimeToInstant(timeZone, date, window.startMinute);
  const end =
    window.endMinute <= MINUTES_PER_DAY
      ? wallTimeToInstant(timeZone, date, window.endMinute)
      : wallTimeToInstant(timeZone, addDays(date, 1), window.endMinute - MINUTES_PER_DAY);
  return start < end ? { start, end } : null;
}

/**
 * The working intervals of the windows that start on `days` consecutive local dates from
 * `first`, in order, with overlapping and touching ones joined. Dates the zone skipped have no
 * windows. Every question about working time is answered from this one list.
 */
function* intervalsFrom(hours: WorkingHours, first: LocalDate, days: number): Generator<Interval> {
  let pending: Interval | undefined;
  for (let i = 0; i < days; i++) {
    const date = addDays(first, i);
    if (!dateExists(hours.timeZone, date)) continue;
    const weekday = isoWeekdayOf(date);
    const spans = hours.windows
      .filter((w) => w.day === weekday)
      .map((w) => intervalOn(hours.timeZone, w, date))
      .filter((span): span is Interval => span !== null)
      .sort((x, y) => x.start - y.start);
    for (const span of spans) {
      if (pending && span.start <= pending.end) {
        pending = { start: pending.start, end: Math.max(pending.end, span.end) };
        continue;
      }
      if (pending) yield pending;
      pending = span;
    }
  }
  if (pending) yield pending;
}

export interface WorkingInterval {
  start: number;
  end: number;
}

/**
 * The person's working intervals that overlap [from, to), in order, joined where they touch,
 * and clipped to [from, to). For sweeping a long window once instead of asking about each instant.
 */
export function workingIntervalsBetween(
  hours: WorkingHours,
  from: number,
  to: number,
): WorkingInterval[] {
  const spans: WorkingInterval[] = [];
  if (!(to > from)) return spans;
  // Local dates run at most a day ahead of or behind UTC ones.
  const days = Math.ceil((to - from) / DAY) + 2;
  for (const span of intervalsAround(hours, from, days)) {
    if (span.start >= to) break;
    if (span.end <= from) continue;
    spans.push({ start: Math.max(span.start, from), end: Math.min(span.end, to) });
  }
  return spans;
}

/** A window that started up to two local days before `instant` may still be open at it. */
function intervalsAround(hours: WorkingHours, instant: number, days: number): Iterable<Interval> {
  return intervalsFrom(hours, addDays(toLocal(instant, hours.timeZone), -2), days + 2);
}

const WEEK_MINUTES = 7 * MINUTES_PER_DAY;

/** Throws a RangeError describing the first problem; other functions assume valid input. */
export function validateWorkingHours(hours: WorkingHours): void {
  if (!isValidTimeZone(hours.timeZone)) {
    throw new RangeError(`Unknown time zone "${hours.timeZone}": expected an IANA name`);
  }
  if (hours.windows.length === 0) {
    throw new RangeError('At least one working window is required: there are no working minutes');
  }
  for (const window of hours.windows) {
    const { day, startMinute, endMinute } = window;
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      throw new RangeError(`Working days must be ISO weekdays 1 (Mon)..7 (Sun), got ${day}`);
    }
    if (!Number.isInteger(startMinute) || startMinute < 0 || startMinute >= MINUTES_PER_DAY) {
      throw new RangeError(`startMinute must be a whole number in 0..1439, got ${startMinute}`);
    }
    if (!Number.isInteger(endMinute) || endMinute <= startMinute) {
      throw new RangeError(
        `A working window must end after it starts, got ${describeWindow(window)}`,
      );
    }
    if (endMinute - startMinute > MINUTES_PER_DAY) {
      throw new RangeError(
        `A working window can last at most 24 hours, got ${describeWindow(window)}`,
      );
    }
  }
  // Overlaps, on the week's circle of minutes (a Sunday night shift runs into Monday).
  const spans = hours.windows
    .map((w) => ({ window: w, from: (w.day - 1) * MINUTES_PER_DAY + w.startMinute }))
    .map((s) => ({ ...s, to: s.from + s.window.endMinute - s.window.startMinute }))
    .sort((x, y) => x.from - y.from);
  spans.forEach((span, i) => {
    const next = spans[(i + 1) % spans.length];
    if (!next || next === span) return;
    const nextFrom = i + 1 < spans.length ? next.from : next.from + WEEK_MINUTES;
    if (span.to > nextFrom) {
      throw new RangeError(
        `Working windows overlap: ${describeWindow(span.window)} and ${describeWindow(next.window)}`,
      );
    }
  });
}

/** "Mon 09:00–17:00", "Sun 22:00–06:00 (overnight)". */
export function describeWindow(window: WorkWindow): string {
  const overnight = window.endMinute > MINUTES_PER_DAY;
  const end = overnight ? window.endMinute - MINUTES_PER_DAY : window.endMinute;
  return `${WEEKDAY_NAMES[window.day] ?? '?'} ${formatClock(window.startMinute)}–${formatClock(end)}${overnight ? ' (overnight)' : ''}`;
}

export function isWorkingAt(hours: WorkingHours, instant: number): boolean {
  for (const span of intervalsAround(hours, instant, 2)) {
    if (span.start > instant) return false;
    if (instant < span.end) return true;
  }
  return false;
}

/** `instant` itself when working now, else the start of the next working window. */
export function nextWorkingInstant(hours: WorkingHours, instant: number): number {
  for (const span of intervalsAround(hours, instant, SEARCH_DAYS)) {
    if (instant < span.end) return Math.max(span.start, instant);
  }
  throw new RangeError('No working window in the next two weeks; validate the working hours');
}

/** The working stretch (windows joined) that contains `instant`, if the person is working then. */
export function workingStretchAt(
  hours: WorkingHours,
  instant: number,
): { start: number; end: number } | undefined {
  for (const span of intervalsAround(hours, instant, 2)) {
    if (span.start > instant) return undefined;
    if (instant < span.end) return span;
  }
  return undefined;
}

/** The start of the first working stretch that begins at or after `instant`: "the start of a working day". */
export function nextStretchStart(hours: WorkingHours, instant: number): number {
  for (const span of intervalsAround(hours, instant, SEARCH_DAYS)) {
    if (span.start >= instant) return span.start;
  }
  throw new RangeError('No working window in the next two weeks; validate the working hours');
}

/**
 * The instant at which `durationMs` of the person's working time has passed, counting from
 * `from` (time outside their working hours does not count). "Due in 4 working hours".
 */
export function addWorkingTime(hours: WorkingHours, from: number, durationMs: number): number {
  let remaining = Math.max(0, durationMs);
  let at = nextWorkingInstant(hours, from);
  const horizon = 2 * 366;
  for (const span of intervalsAround(hours, at, horizon)) {
    if (span.end <= at) continue;
    const begin = Math.max(span.start, at);
    if (begin + remaining <= span.end) return begin + remaining;
    remaining -= span.end - begin;
    at = span.end;
  }
  throw new RangeError('Working time too long to place within two years');
}

/** The ways a person can put an item off, in their own time. */
export const SNOOZE_CHOICES = ['2h', 'tomorrow', 'next_week'] as const;
export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number];

/**
 * When an item snoozed at `now` comes back, always at a working instant: in two working-clock
 * hours, at the start of the next working day after today, or of the first one next week.
 */
export function snoozeUntil(hours: WorkingHours, now: number, choice: SnoozeChoice): number {
  const today = toLocal(now, hours.timeZone);
  switch (choice) {
    case '2h':
      return nextWorkingInstant(hours, now + 2 * HOUR);
    case 'tomorrow':
      return nextWorkingInstant(hours, wallTimeToInstant(hours.timeZone, addDays(today, 1), 0));
    case 'next_week': {
      const monday = addDays(today, 8 - today.isoWeekday);
      return nextWorkingInstant(hours, wallTimeToInstant(hours.timeZone, monday, 0));
    }
  }
}
