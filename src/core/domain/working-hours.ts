/**
 * Time-zone arithmetic for working hours. Pure: every instant is UTC epoch milliseconds passed
 * in by the caller; nothing here reads the clock.
 *
 * Wall-clock rules (the design notes):
 * - a local time that does not exist (spring-forward gap) moves forward by the length of the gap;
 * - an ambiguous local time (fall-back overlap) means its FIRST occurrence.
 *
 * date-fns-tz's `fromZonedTime` does not follow these rules (it moves gap times backwards, takes
 * the second occurrence in London/Lord Howe overlaps and puts Apia's missing 2011-12-30 on the
 * day before), so offsets come from Intl.DateTimeFormat and the rules are applied here.
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

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7; // Monday = 1 … Sunday = 7

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

export interface LocalDate {
  year: number;
  month: number; // 1..12
  day: number;
}

export interface LocalDateTime extends LocalDate {
  isoWeekday: IsoWeekday;
  minuteOfDay: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MINUTES_PER_DAY = 1440;
const ALL_DAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
const WEEKDAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
/** Enough days to pass a whole week plus a day that a zone skipped. */
const SEARCH_DAYS = 15;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name === '') return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Offsets already read, per zone and instant: building intervals day after day asks about the
 * same instants again (a day's samples are its neighbours' too), and Intl is the slow part.
 */
const knownOffsets = new Map<string, Map<number, number>>();
const KNOWN_OFFSETS_LIMIT = 50_000;
let knownOffsetCount = 0;

/** The zone's UTC offset in milliseconds at `instant` (local = instant + offset). */
export function offsetAt(instant: number, timeZone: string): number {
  let known = knownOffsets.get(timeZone);
  const remembered = known?.get(instant);
  if (remembered !== undefined) return remembered;
  const offset = readOffset(instant, timeZone);
  if (knownOffsetCount >= KNOWN_OFFSETS_LIMIT) {
    knownOffsets.clear();
    knownOffsetCount = 0;
    known = undefined;
  }
  if (!known) {
    known = new Map();
    knownOffsets.set(timeZone, known);
  }
  known.set(instant, offset);
  knownOffsetCount += 1;
  return offset;
}

function readOffset(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    fields.year ?? 0,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

function dateOfUtc(ms: number): LocalDate {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The calendar date `days` after (or before) `date`. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfUtc(Date.UTC(date.year, date.month - 1, date.day + days));
}

export function isoWeekdayOf(date: LocalDate): IsoWeekday {
  const sundayZero = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as IsoWeekday;
}

function sameDate(a: LocalDate, b: LocalDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

export function toLocal(instant: number, timeZone: string): LocalDateTime {
  const shifted = new Date(instant + offsetAt(instant, timeZone));
  const date = dateOfUtc(shifted.getTime());
  return {
    ...date,
    isoWeekday: isoWeekdayOf(date),
    minuteOfDay: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

/**
 * The instant at which the wall clock in `timeZone` shows `minuteOfDay` on `date`.
 * Gap → forward by the length of the gap; ambiguous → first occurrence.
 * `minuteOfDay` may be 1440 (midnight at the end of the day).
 */
export function wallTimeToInstant(timeZone: string, date: LocalDate, minuteOfDay: number): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE;
  // Real offsets lie within -12h..+14h, so these samples bracket any transition near `wall`.
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  const matches = [before, after]
    .map((offset) => wall - offset)
    .filter((instant) => instant + offsetAt(instant, timeZone) === wall);
  if (matches.length > 0) return Math.min(...matches); // earliest = first occurrence
  // In a gap: read the wall time with the offset in force before it, which lands the
  // length of the gap later on the clock after it.
  return wall - before;
}

/** False for a local date the zone skipped entirely (Pacific/Apia 2011-12-30). */
function dateExists(timeZone: string, date: LocalDate): boolean {
  return sameDate(toLocal(wallTimeToInstant(timeZone, date, 0), timeZone), date);
}

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

/**
 * The first instant strictly after `after` at which the local wall clock shows `minuteOfDay`
 * on an allowed day. Once per local date: an ambiguous time fires at its first occurrence only,
 * a time in a gap fires where wallTimeToInstant puts it, and skipped dates never fire.
 */
export function nextLocalOccurrence(
  timeZone: string,
  minuteOfDay: number,
  after: number,
  days: readonly IsoWeekday[] = ALL_DAYS,
): number {
  return nextLocalOccurrenceOn(timeZone, minuteOfDay, after, days).instant;
}

/**
 * nextLocalOccurrence, with the local date it belongs to: the date whose `minuteOfDay` it is,
 * even when a gap pushed the instant past that date's midnight.
 */
export function nextLocalOccurrenceOn(
  timeZone: string,
  minuteOfDay: number,
  after: number,
  days: readonly IsoWeekday[] = ALL_DAYS,
): { instant: number; date: LocalDate } {
  const today = toLocal(after, timeZone);
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const date = addDays(today, i);
    if (!days.includes(isoWeekdayOf(date)) || !dateExists(timeZone, date)) continue;
    const instant = wallTimeToInstant(timeZone, date, minuteOfDay);
    if (instant > after) return { instant, date };
  }
  throw new RangeError('No allowed day in the next two weeks; pass at least one weekday');
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

/** The instant a local date begins in `timeZone` (for "away until Friday": back on Friday). */
export function startOfLocalDate(timeZone: string, date: LocalDate): number {
  return wallTimeToInstant(timeZone, date, 0);
}

/** 'H:MM' or 'HH:MM', 00:00..23:59, plus '24:00' for the end of the day. */
export function parseClock(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

export function formatClock(minuteOfDay: number): string {
  const hours = Math.floor(minuteOfDay / 60);
  const minutes = minuteOfDay % 60;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/**
 * Short and human: '45 min', '6 h', '1 h 30 min', '1 day', '2 days 3 h'. Rounds to the nearest
 * minute (a positive duration never shows as '0 min'); beyond a day, to the nearest hour.
 */
export function formatDuration(ms: number): string {
  if (!(ms > 0)) return '0 min';
  const totalMinutes = Math.max(1, Math.round(ms / MINUTE));
  if (totalMinutes < 60) return `${totalMinutes} min`;
  if (totalMinutes < MINUTES_PER_DAY) {
    const h = Math.floor(totalMinutes / 60);
    const m = totalMinutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const totalHours = Math.round(totalMinutes / 60);
  const days = Math.floor(totalHours / 24);
  const h = totalHours % 24;
  const dayText = days === 1 ? '1 day' : `${days} days`;
  return h === 0 ? dayText : `${dayText} ${h} h`;
}

export function describeAvailability(
  hours: WorkingHours,
  now: number,
): {
  workingNow: boolean;
  nextStart: number;
  localNow: string;
  nextStartLocal: string;
  waitMs: number;
} {
  const nextStart = nextWorkingInstant(hours, now);
  const localNow = toLocal(now, hours.timeZone);
  const localStart = toLocal(nextStart, hours.timeZone);
  const clock = formatClock(localStart.minuteOfDay);
  return {
    workingNow: isWorkingAt(hours, now),
    nextStart,
    localNow: formatClock(localNow.minuteOfDay),
    nextStartLocal: sameDate(localNow, localStart)
      ? clock
      : `${WEEKDAY_NAMES[localStart.isoWeekday]} ${clock}`,
    waitMs: nextStart - now,
  };
}
