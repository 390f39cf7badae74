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
 * A working window on a local date D is [wallTimeToInstant(D, start), wallTimeToInstant(D, end)).
 * On ordinary days that is exactly "start <= local time < end"; on transition days the window is
 * the span between the two resolved instants, so a start inside a gap opens at the resolved time
 * and the window does not get a hole when the clock goes back during it.
 */

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7; // Monday = 1 … Sunday = 7

export interface WorkingHours {
  timeZone: string;
  /** Minutes after local midnight, 0..1440, startMinute < endMinute. */
  startMinute: number;
  endMinute: number;
  workingDays: readonly IsoWeekday[];
}

export const DEFAULT_WORKING_HOURS: Omit<WorkingHours, 'timeZone'> = {
  startMinute: 9 * 60,
  endMinute: 17 * 60,
  workingDays: [1, 2, 3, 4, 5],
};

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

/** The zone's UTC offset in milliseconds at `instant` (local = instant + offset). */
export function offsetAt(instant: number, timeZone: string): number {
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

function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfUtc(Date.UTC(date.year, date.month - 1, date.day + days));
}

function isoWeekdayOf(date: LocalDate): IsoWeekday {
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

function windowOn(hours: WorkingHours, date: LocalDate): { start: number; end: number } {
  return {
    start: wallTimeToInstant(hours.timeZone, date, hours.startMinute),
    end: wallTimeToInstant(hours.timeZone, date, hours.endMinute),
  };
}

/** Throws a RangeError describing the first problem; other functions assume valid input. */
export function validateWorkingHours(hours: WorkingHours): void {
  const { timeZone, startMinute, endMinute, workingDays } = hours;
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(`Unknown time zone "${timeZone}": expected an IANA name`);
  }
  for (const [name, value] of [
    ['startMinute', startMinute],
    ['endMinute', endMinute],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > MINUTES_PER_DAY) {
      throw new RangeError(`${name} must be a whole number of minutes in 0..1440, got ${value}`);
    }
  }
  if (startMinute >= endMinute) {
    throw new RangeError(
      `Working hours must start before they end, got ${formatClock(startMinute)}–${formatClock(endMinute)}`,
    );
  }
  if (workingDays.length === 0) {
    throw new RangeError('At least one working day is required');
  }
  for (const day of workingDays) {
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      throw new RangeError(`Working days must be ISO weekdays 1 (Mon)..7 (Sun), got ${day}`);
    }
  }
}

export function isWorkingAt(hours: WorkingHours, instant: number): boolean {
  const local = toLocal(instant, hours.timeZone);
  if (!hours.workingDays.includes(local.isoWeekday)) return false;
  const { start, end } = windowOn(hours, local);
  return start <= instant && instant < end;
}

/** `instant` itself when working now, else the start of the next working window. */
export function nextWorkingInstant(hours: WorkingHours, instant: number): number {
  const today = toLocal(instant, hours.timeZone);
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const date = addDays(today, i);
    if (!hours.workingDays.includes(isoWeekdayOf(date))) continue;
    if (!dateExists(hours.timeZone, date)) continue;
    const { start, end } = windowOn(hours, date);
    if (start < end && instant < end) return Math.max(start, instant);
  }
  throw new RangeError('No working window in the next two weeks; validate the working hours');
}

/**
 * The instant at which `durationMs` of the person's working time has passed, counting from
 * `from` (time outside their working hours does not count). "Due in 4 working hours".
 */
export function addWorkingTime(hours: WorkingHours, from: number, durationMs: number): number {
  let at = nextWorkingInstant(hours, from);
  let remaining = Math.max(0, durationMs);
  for (let guard = 0; guard < 366 * 2; guard++) {
    const { end } = windowOn(hours, toLocal(at, hours.timeZone));
    if (at + remaining <= end) return at + remaining;
    remaining -= end - at;
    at = nextWorkingInstant(hours, end);
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
  const today = toLocal(after, timeZone);
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const date = addDays(today, i);
    if (!days.includes(isoWeekdayOf(date)) || !dateExists(timeZone, date)) continue;
    const instant = wallTimeToInstant(timeZone, date, minuteOfDay);
    if (instant > after) return instant;
  }
  throw new RangeError('No allowed day in the next two weeks; pass at least one weekday');
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
