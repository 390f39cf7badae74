/**
 * Time-zone arithmetic: local dates and wall-clock times against UTC instants. Pure: every
 * instant is UTC epoch milliseconds passed in by the caller; nothing here reads the clock.
 *
 * Wall-clock rules (the design notes):
 * - a local time that does not exist (spring-forward gap) moves forward by the length of the gap;
 * - an ambiguous local time (fall-back overlap) means its FIRST occurrence.
 *
 * date-fns-tz's `fromZonedTime` does not follow these rules (it moves gap times backwards, takes
 * the second occurrence in London/Lord Howe overlaps and puts Apia's missing 2011-12-30 on the
 * day before), so offsets come from Intl.DateTimeFormat and the rules are applied here.
 */

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7; // Monday = 1 … Sunday = 7

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
const ALL_DAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
/** Enough days to pass a whole week plus a day that a zone skipped. */
export const SEARCH_DAYS = 15;

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

export function sameDate(a: LocalDate, b: LocalDate): boolean {
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
export function dateExists(timeZone: string, date: LocalDate): boolean {
  return sameDate(toLocal(wallTimeToInstant(timeZone, date, 0), timeZone), date);
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

/** The instant a local date begins in `timeZone` (for "away until Friday": back on Friday). */
export function startOfLocalDate(timeZone: string, date: LocalDate): number {
  return wallTimeToInstant(timeZone, date, 0);
}
