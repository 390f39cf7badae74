import {
  addDays,
  type IsoWeekday,
  isoWeekdayOf,
  type LocalDate,
  startOfLocalDate,
  toLocal,
} from '../../../core/domain/local-time.js';
import { MEETING_LIMITS } from './meetings.js';

/**
 * The days a meeting may fall in, as the requester put them, read in the requester's own
 * calendar. A named day ("tomorrow", "on Friday", "13 Mar") gives a window of that one day, so
 * every slot starts on it in the requester's zone; a weekday in the title ("Friday drinks")
 * narrows the window to that weekday. A reading that could mean two days is never guessed: the
 * requester is shown both and asked.
 */
export type WindowChoice =
  | { kind: 'this_week' }
  | { kind: 'next_week' }
  | { kind: 'days'; days: number }
  | { kind: 'dates'; from: LocalDate; to: LocalDate }
  | { kind: 'today' }
  | { kind: 'tomorrow' }
  /** `coming`: "on Friday"; `this`: in this Monday-to-Sunday week; `next`: "next Friday". */
  | { kind: 'weekday'; weekday: IsoWeekday; which: 'coming' | 'this' | 'next' }
  /**
   * A day of a month; without a year, its next occurrence (today included). `weekday`, when
   * written too ("Fri 13 Mar"), must agree.
   */
  | { kind: 'date'; day: number; month: number; year: number | null; weekday?: IsoWeekday };

export const DEFAULT_WINDOW: WindowChoice = { kind: 'days', days: 7 };

export type MeetingWindow =
  | { ok: true; start: number; end: number; label: string }
  | { ok: false; problem: string };

export const WEEKDAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Fri 13 Mar", and the year when it is not this one. */
export function dayLabel(date: LocalDate, thisYear?: number): string {
  const weekday = WEEKDAY_NAMES[isoWeekdayOf(date) - 1]?.slice(0, 3);
  const year = thisYear === undefined || thisYear === date.year ? '' : ` ${date.year}`;
  return `${weekday} ${date.day} ${MONTHS[date.month - 1]}${year}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The window in the requester's own calendar: this week ends at their Sunday midnight, next
 * week is their Monday to Sunday, `days` counts from now, dates run from the start of the first
 * to the end of the last, and a single day from its midnight to the next. `titleWeekdays`, the
 * weekdays the meeting's title names, narrow it to the one such day in it.
 */
export function meetingWindow(
  choice: WindowChoice | undefined,
  now: number,
  timeZone: string,
  titleWeekdays: readonly IsoWeekday[] = [],
): MeetingWindow {
  const today = toLocal(now, timeZone);
  const named = [...new Set(titleWeekdays)];
  let window: MeetingWindow;
  if (choice === undefined && named.length > 0) {
    window = namedDay(comingWeekday(named, today, titleWords(named)), timeZone, today.year);
  } else {
    window = windowOf(choice ?? DEFAULT_WINDOW, now, today, timeZone);
    if (window.ok && named.length > 0) window = narrowToWeekday(window, named, timeZone, today);
  }
  if (!window.ok) return window;
  if (window.end <= now) {
    return { ok: false, problem: `That window (${window.label}) is in the past. Pick days ahead.` };
  }
  const horizon = (MEETING_LIMITS.maxWindowDays + 1) * DAY_MS;
  if (window.end - Math.max(window.start, now) > horizon) {
    return {
      ok: false,
      problem: `Pick at most ${MEETING_LIMITS.maxWindowDays} days, so that the times stay worth voting on.`,
    };
  }
  if (window.end - now > horizon) {
    return {
      ok: false,
      problem: `${window.label} is more than ${MEETING_LIMITS.maxWindowDays} days ahead: pick days within the next ${MEETING_LIMITS.maxWindowDays}, so that the times stay worth voting on.`,
    };
  }
  return { ...window, start: Math.max(window.start, now) };
}

type DayReading = { ok: true; date: LocalDate } | { ok: false; problem: string };

function windowOf(
  choice: WindowChoice,
  now: number,
  today: LocalDate & { isoWeekday: IsoWeekday },
  timeZone: string,
): MeetingWindow {
  const nextMonday = addDays(today, 8 - today.isoWeekday);
  switch (choice.kind) {
    case 'this_week':
      return {
        ok: true,
        start: now,
        end: startOfLocalDate(timeZone, nextMonday),
        label: 'this week',
      };
    case 'next_week':
      return {
        ok: true,
        start: startOfLocalDate(timeZone, nextMonday),
        end: startOfLocalDate(timeZone, addDays(nextMonday, 7)),
        label: 'next week',
      };
    case 'days':
      if (!Number.isInteger(choice.days) || choice.days < 1) {
        return { ok: false, problem: 'The window needs at least one day.' };
      }
      return {
        ok: true,
        start: now,
        end: now + choice.days * DAY_MS,
        label: choice.days === 1 ? 'the next day' : `the next ${choice.days} days`,
      };
    case 'dates': {
      const start = startOfLocalDate(timeZone, choice.from);
      const end = startOfLocalDate(timeZone, addDays(choice.to, 1));
      if (end <= start) {
        return {
          ok: false,
          problem: 'The window ends before it starts: put the earlier day first.',
        };
      }
      if (sameDay(choice.from, choice.to)) {
        return namedDay({ ok: true, date: choice.from }, timeZone, today.year);
      }
      const label = `${dayLabel(choice.from, today.year)} to ${dayLabel(choice.to, today.year)}`;
      return { ok: true, start, end, label };
    }
    case 'today':
      return namedDay({ ok: true, date: today }, timeZone, today.year);
    case 'tomorrow':
      return namedDay({ ok: true, date: addDays(today, 1) }, timeZone, today.year);
    case 'weekday':
      return namedDay(weekdayReading(choice, today), timeZone, today.year);
    case 'date':
      return namedDay(
        checkWeekday(dateReading(choice, today), choice.weekday),
        timeZone,
        today.year,
      );
  }
}

function namedDay(reading: DayReading, timeZone: string, thisYear: number): MeetingWindow {
  if (!reading.ok) return reading;
  return {
    ok: true,
    start: startOfLocalDate(timeZone, reading.date),
    end: startOfLocalDate(timeZone, addDays(reading.date, 1)),
    label: dayLabel(reading.date, thisYear),
  };
}

function weekdayReading(
  choice: Extract<WindowChoice, { kind: 'weekday' }>,
  today: LocalDate & { isoWeekday: IsoWeekday },
): DayReading {
  const name = WEEKDAY_NAMES[choice.weekday - 1] as string;
  const thisWeeks = addDays(today, choice.weekday - today.isoWeekday);
  const coming = addDays(today, ((choice.weekday - today.isoWeekday + 6) % 7) + 1);
  if (choice.which === 'coming') return comingWeekday([choice.weekday], today, `“${name}”`);
  if (choice.which === 'this') {
    if (choice.weekday >= today.isoWeekday) return { ok: true, date: thisWeeks };
    return {
      ok: false,
      problem: `This week’s ${name} (${dayLabel(thisWeeks)}) has passed. Did you mean ${dayLabel(coming)}? Write “on ${coming.day} ${MONTHS[coming.month - 1]}”.`,
    };
  }
  const nextWeeks = addDays(thisWeeks, 7);
  if (sameDay(coming, nextWeeks)) return { ok: true, date: coming };
  return {
    ok: false,
    problem: `“next ${name}” could be ${dayLabel(coming)} or ${dayLabel(nextWeeks)}: write “on ${coming.day} ${MONTHS[coming.month - 1]}” or “on ${nextWeeks.day} ${MONTHS[nextWeeks.month - 1]}”.`,
  };
}

/** The next of these weekdays after today; today itself is asked about, not assumed. */
function comingWeekday(
  weekdays: readonly IsoWeekday[],
  today: LocalDate & { isoWeekday: IsoWeekday },
  words: string,
): DayReading {
  if (weekdays.length > 1) {
    return {
      ok: false,
      problem: `${words} name more than one day: say which with “on ${WEEKDAY_NAMES[(weekdays[0] as number) - 1]}” or a date.`,
    };
  }
  const weekday = weekdays[0] as IsoWeekday;
  const date = addDays(today, ((weekday - today.isoWeekday + 6) % 7) + 1);
  if (weekday !== today.isoWeekday) return { ok: true, date };
  return {
    ok: false,
    problem: `${words}: today is ${WEEKDAY_NAMES[weekday - 1]}. Do you mean today or ${dayLabel(date)}? Write “today” or “on ${date.day} ${MONTHS[date.month - 1]}”.`,
  };
}

function dateReading(
  choice: Extract<WindowChoice, { kind: 'date' }>,
  today: LocalDate,
): DayReading {
  const valid = (year: number): LocalDate | undefined => {
    const date = { year, month: choice.month, day: choice.day };
    const back = addDays(date, 0);
    return sameDay(back, date) ? date : undefined;
  };
  const written = `${choice.day} ${MONTHS[choice.month - 1] ?? '?'}${choice.year === null ? '' : ` ${choice.year}`}`;
  if (choice.year !== null) {
    const date = valid(choice.year);
    return date ? { ok: true, date } : { ok: false, problem: `There is no ${written}.` };
  }
  const thisYear = valid(today.year);
  if (thisYear && !before(thisYear, today)) return { ok: true, date: thisYear };
  // 29 Feb waits for the next leap year, well beyond any window.
  const next = valid(today.year + 1) ?? valid(today.year + 4);
  return next ? { ok: true, date: next } : { ok: false, problem: `There is no ${written}.` };
}

function checkWeekday(reading: DayReading, weekday: IsoWeekday | undefined): DayReading {
  if (!reading.ok || weekday === undefined || isoWeekdayOf(reading.date) === weekday)
    return reading;
  return {
    ok: false,
    problem: `${reading.date.day} ${MONTHS[reading.date.month - 1]} is a ${WEEKDAY_NAMES[isoWeekdayOf(reading.date) - 1]}, not a ${WEEKDAY_NAMES[weekday - 1]}. Which did you mean?`,
  };
}

function narrowToWeekday(
  window: Extract<MeetingWindow, { ok: true }>,
  weekdays: readonly IsoWeekday[],
  timeZone: string,
  today: LocalDate,
): MeetingWindow {
  const words = titleWords(weekdays);
  const days: LocalDate[] = [];
  const last = toLocal(window.end - 1, timeZone);
  for (let d: LocalDate = toLocal(window.start, timeZone); !before(last, d); d = addDays(d, 1)) {
    if (weekdays.includes(isoWeekdayOf(d))) days.push(d);
  }
  const [only, ...more] = days;
  if (!only) {
    return {
      ok: false,
      problem: `${words} but ${window.label} has no such day. Which did you mean?`,
    };
  }
  if (more.length > 0) {
    const listed = days.map((d) => dayLabel(d, today.year)).join(' or ');
    return {
      ok: false,
      problem: `${words}: in ${window.label} that could be ${listed}. Say which, for example “on ${only.day} ${MONTHS[only.month - 1]}”.`,
    };
  }
  const start = Math.max(window.start, startOfLocalDate(timeZone, only));
  const end = Math.min(window.end, startOfLocalDate(timeZone, addDays(only, 1)));
  return { ok: true, start, end, label: dayLabel(only, today.year) };
}

function titleWords(weekdays: readonly IsoWeekday[]): string {
  return `The title names ${weekdays.map((w) => WEEKDAY_NAMES[w - 1]).join(' and ')}`;
}

function sameDay(a: LocalDate, b: LocalDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

function before(a: LocalDate, b: LocalDate): boolean {
  return a.year * 10_000 + a.month * 100 + a.day < b.year * 10_000 + b.month * 100 + b.day;
}
