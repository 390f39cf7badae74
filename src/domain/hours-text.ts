import {
  formatClock,
  type IsoWeekday,
  type LocalDate,
  validateWorkingHours,
  type WorkWindow,
} from './working-hours.js';

const DAY_WORDS: Record<string, IsoWeekday> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  weds: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};
const DAY_GROUPS: Record<string, IsoWeekday[]> = {
  weekdays: [1, 2, 3, 4, 5],
  weekends: [6, 7],
  weekend: [6, 7],
  daily: [1, 2, 3, 4, 5, 6, 7],
  'every day': [1, 2, 3, 4, 5, 6, 7],
  everyday: [1, 2, 3, 4, 5, 6, 7],
};
const DAY_LABELS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const WEEKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5];
const MINUTES_PER_DAY = 1440;

export const HOURS_EXAMPLES =
  '`9-5`, `09:00-17:30 mon-fri`, `9-12, 14-18 mon-fri`, `9-17 mon-thu; fri 9-13` or a night shift `22-06 sun-thu`';

export type ParsedHours = { ok: true; windows: WorkWindow[] } | { ok: false; problem: string };

/** Hyphen, en and em dashes, the minus sign and friends, and the word "to". */
const DASH = String.raw`(?:[-‐‑‒–—―−~]|\bto\b)`;
const CLOCK = String.raw`\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?`;
const DAY = `(?:${Object.keys(DAY_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|')})`;
const GROUP = `(?:${Object.keys(DAY_GROUPS)
  .sort((a, b) => b.length - a.length)
  .join('|')})`;
/** One token of a clause: a time range, a day or day range, a group of days, or a separator. */
const TOKEN = new RegExp(
  String.raw`\s*(?:(?<from>${CLOCK})\s*${DASH}\s*(?<to>${CLOCK})|(?<group>${GROUP})\b|(?<day>${DAY})\b(?:\s*${DASH}\s*(?<dayTo>${DAY})\b)?|(?<sep>,|&|\band\b|\(overnight\)))\s*`,
  'iy',
);

/**
 * Reads working hours as people write them. A clause is time ranges and days in any order
 * (`9-12, 14-18 mon-fri`, `fri 9-13`); clauses are separated by `;` or a new line, and a later
 * clause replaces the days it names (`9-17 mon-fri; fri 9-13`). Without days a clause means
 * Monday to Friday. A range that ends before it starts is a night shift (`22-06`), except a bare
 * small end hour after a morning start, which reads as the afternoon (`9-5` is 09:00–17:00).
 */
export function parseHoursText(text: string): ParsedHours {
  const clauses = text
    .split(/[;\n]+/)
    .map((clause) => clause.trim())
    .filter(Boolean);
  if (clauses.length === 0) return refuse('I need your working hours.');
  const byDay = new Map<IsoWeekday, WorkWindow[]>();
  for (const clause of clauses) {
    const parsed = parseClause(clause);
    if (!parsed.ok) return parsed;
    for (const day of parsed.days) {
      byDay.set(
        day,
        parsed.ranges.map(([startMinute, endMinute]) => ({ day, startMinute, endMinute })),
      );
    }
  }
  const windows = [...byDay.values()].flat().sort(byWeekTime);
  try {
    validateWorkingHours({ timeZone: 'UTC', windows });
  } catch (error) {
    return refuse(`${error instanceof Error ? error.message : String(error)}.`);
  }
  return { ok: true, windows };
}

function parseClause(
  clause: string,
): { ok: true; days: IsoWeekday[]; ranges: [number, number][] } | { ok: false; problem: string } {
  const days = new Set<IsoWeekday>();
  const ranges: [number, number][] = [];
  let at = 0;
  while (at < clause.length) {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(clause);
    if (!match || match[0].length === 0) {
      const rest = clause.slice(at).trim();
      const word = rest.split(/\s+/)[0] ?? rest;
      return refuse(`I didn’t understand “${word}”.`);
    }
    at = TOKEN.lastIndex;
    const g = match.groups ?? {};
    if (g.from !== undefined && g.to !== undefined) {
      const range = readRange(g.from, g.to);
      if (typeof range === 'string') return refuse(range);
      ranges.push(range);
    } else if (g.group !== undefined) {
      for (const day of DAY_GROUPS[g.group.toLowerCase().replace(/\s+/g, ' ')] ?? []) days.add(day);
    } else if (g.day !== undefined) {
      const first = DAY_WORDS[g.day.toLowerCase()] as IsoWeekday;
      const last = g.dayTo === undefined ? first : (DAY_WORDS[g.dayTo.toLowerCase()] as IsoWeekday);
      for (let d = first; ; d = ((d % 7) + 1) as IsoWeekday) {
        days.add(d);
        if (d === last) break;
      }
    }
  }
  if (ranges.length === 0) return refuse(`I found days but no times in “${clause}”.`);
  return { ok: true, days: days.size > 0 ? [...days].sort((a, b) => a - b) : WEEKDAYS, ranges };
}

interface Clock {
  minute: number;
  /** Written with am or pm. */
  explicit: boolean;
}

function readClock(text: string): Clock | null {
  const match = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i.exec(text.trim());
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const suffix = match[3]?.toLowerCase().replace(/\./g, '');
  if (minute > 59) return null;
  if (suffix) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (suffix === 'pm' ? 12 : 0);
  } else if (hour > 24 || (hour === 24 && minute !== 0)) {
    return null;
  }
  return { minute: hour * 60 + minute, explicit: suffix !== undefined };
}

function readRange(fromText: string, toText: string): [number, number] | string {
  const from = readClock(fromText);
  const to = readClock(toText);
  if (!from || !to) return `“${fromText.trim()}-${toText.trim()}” is not a time range I know.`;
  const start = from.minute % MINUTES_PER_DAY;
  let end = to.minute;
  if (end <= start && !to.explicit && start < 12 * 60 && end + 12 * 60 > start) {
    end += 12 * 60; // `9-5` means 09:00 to 17:00; a night shift starts in the evening
  }
  if (end === start) return `“${fromText.trim()}-${toText.trim()}” has no time in it.`;
  if (end < start) end += MINUTES_PER_DAY; // a night shift, on the day it starts
  return [start, end];
}

function refuse(problem: string): { ok: false; problem: string } {
  return { ok: false, problem: `${problem} Write it like ${HOURS_EXAMPLES}.` };
}

function byWeekTime(a: WorkWindow, b: WorkWindow): number {
  return a.day - b.day || a.startMinute - b.startMinute;
}

/** "09:00–17:00 Mon–Fri", "09:00–12:00, 14:00–18:00 Mon–Thu; 09:00–13:00 Fri", "22:00–06:00 (overnight) Sun–Thu". */
export function describeWindows(windows: readonly WorkWindow[]): string {
  const groups = new Map<string, IsoWeekday[]>();
  for (const day of [1, 2, 3, 4, 5, 6, 7] as IsoWeekday[]) {
    const spans = windows
      .filter((w) => w.day === day)
      .sort(byWeekTime)
      .map((w) => {
        const overnight = w.endMinute > MINUTES_PER_DAY;
        const end = formatClock(overnight ? w.endMinute - MINUTES_PER_DAY : w.endMinute);
        return `${formatClock(w.startMinute)}–${end}${overnight ? ' (overnight)' : ''}`;
      })
      .join(', ');
    if (spans === '') continue;
    groups.set(spans, [...(groups.get(spans) ?? []), day]);
  }
  if (groups.size === 0) return 'no working hours';
  return [...groups].map(([spans, days]) => `${spans} ${describeDays(days)}`).join('; ');
}

/** "Mon–Fri", "Sun–Thu", "Mon, Wed, Fri", "every day". */
export function describeDays(days: readonly IsoWeekday[]): string {
  const set = new Set(days);
  if (set.size === 7) return 'every day';
  const sorted = [...set].sort((a, b) => a - b);
  const previous = (d: IsoWeekday) => (d === 1 ? 7 : d - 1) as IsoWeekday;
  // One unbroken run through the week, possibly across Sunday into Monday.
  const starts = sorted.filter((d) => !set.has(previous(d)));
  const first = starts[0];
  if (starts.length === 1 && first !== undefined && set.size > 2) {
    const last = (((first - 1 + set.size - 1) % 7) + 1) as IsoWeekday;
    return `${DAY_LABELS[first]}–${DAY_LABELS[last]}`;
  }
  return sorted.map((d) => DAY_LABELS[d]).join(', ');
}

export type ParsedAway = { ok: true; backOn: LocalDate | null } | { ok: false; problem: string };

const AWAY_EXAMPLES =
  '`/mailroom away until fri`, `/mailroom away until 2026-12-28` or `/mailroom back`';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * "until fri", "until monday", "until tomorrow", "until 2026-12-28", "until 28 dec", "until dec
 * 28": the local date the person is back on (the next one after `today`). "off", "back" and
 * "none" clear it (backOn null).
 */
export function parseAwayText(text: string, today: LocalDate): ParsedAway {
  const words = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (['off', 'back', 'none', 'clear', 'no'].includes(words)) return { ok: true, backOn: null };
  const date = /^(?:until |till |til |back on |back )?(.+)$/.exec(words)?.[1] ?? '';
  const backOn = readDate(date, today);
  if (!backOn) {
    return {
      ok: false,
      problem: `I couldn’t read a date from “${text.trim()}”. Write it like ${AWAY_EXAMPLES}.`,
    };
  }
  if (compareDates(backOn, today) <= 0) {
    return { ok: false, problem: 'Pick a day after today: the day you are back.' };
  }
  return { ok: true, backOn };
}

function readDate(text: string, today: LocalDate): LocalDate | null {
  if (text === 'tomorrow') return shiftDate(today, 1);
  const weekday = DAY_WORDS[text];
  if (weekday !== undefined) {
    const todayWeekday = weekdayOf(today);
    return shiftDate(today, ((weekday - todayWeekday + 6) % 7) + 1);
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayMonth = /^(\d{1,2}) ([a-z]{3})[a-z]*$/.exec(text);
  const monthDay = /^([a-z]{3})[a-z]* (\d{1,2})$/.exec(text);
  const day = Number(dayMonth?.[1] ?? monthDay?.[2]);
  const month = MONTHS.indexOf(dayMonth?.[2] ?? monthDay?.[1] ?? '') + 1;
  if (month === 0 || !Number.isInteger(day)) return null;
  // The next such date: this year's, or next year's once it has passed.
  const thisYear = validDate(today.year, month, day);
  if (thisYear && compareDates(thisYear, today) > 0) return thisYear;
  return validDate(today.year + 1, month, day);
}

function validDate(year: number, month: number, day: number): LocalDate | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return null;
  return { year, month, day };
}

function shiftDate(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function weekdayOf(date: LocalDate): IsoWeekday {
  const sundayZero = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as IsoWeekday;
}

function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
