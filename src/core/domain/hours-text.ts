import type { IsoWeekday } from './local-time.js';
import { formatClock } from './time-text.js';
import { validateWorkingHours, type WorkWindow } from './working-hours.js';

export const DAY_WORDS: Record<string, IsoWeekday> = {
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

/**
 * Working hours read from text. `needsConfirmation` is set when the text leaves room for doubt
 * (no am/pm, no hour of 13 or more, no overnight range) and the reading had to guess that a range
 * is in the afternoon, or starts before 06:00: show the reading before saving it.
 */
export type ParsedHours =
  | { ok: true; windows: WorkWindow[]; needsConfirmation: boolean }
  | { ok: false; problem: string };

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
  String.raw`\s*(?:(?<from>${CLOCK})\s*${DASH}\s*(?<to>${CLOCK})|(?<group>${GROUP})\b|(?<day>${DAY})\b(?:\s*${DASH}\s*(?<dayTo>${DAY})\b)?|(?<overnight>\(overnight\))|(?<sep>,|&|\band\b))\s*`,
  'iy',
);
/** Before this, a window needs am/pm, an hour of 13 or more or an overnight range to be sure. */
const EARLY_MINUTE = 6 * 60;
const NOON = 12 * 60;

interface Clock {
  minute: number;
  /** The hour as written (9 for `9pm`, 21 for `21:00`). */
  hour: number;
  /** Written with am or pm. */
  explicit: boolean;
}
interface RangeToken {
  kind: 'range';
  text: string;
  from: Clock;
  to: Clock;
  overnight: boolean;
}
type Token = RangeToken | { kind: 'days'; days: IsoWeekday[] };
/** Days and the ranges worked on them, as one comma-separated part of a clause says them. */
interface Group {
  days: IsoWeekday[];
  ranges: RangeToken[];
  daysFirst: boolean;
}

/**
 * Reads working hours as people write them. A clause is time ranges and days in any order
 * (`9-12, 14-18 mon-fri`, `fri 9-13`); a comma-separated part with its own days is its own group
 * (`mon-thu 8-16, fri 8-12`). Clauses are separated by `;` or a new line, and a later clause
 * replaces the days it names (`9-17 mon-fri; fri 9-13`). Without days a group means Monday to
 * Friday. Ranges without am/pm and with no hour above 12 are read in order through the day: once
 * a range reaches noon, later ones are in the afternoon (`9-1, 2-6` is 09:00–13:00 and
 * 14:00–18:00), and a small end hour after its start reads as the afternoon (`9-5`). A range that
 * ends before it starts otherwise is a night shift (`22-06`).
 */
export function parseHoursText(text: string): ParsedHours {
  const clauses = text
    .split(/[;\n]+/)
    .map((clause) => clause.trim())
    .filter(Boolean);
  if (clauses.length === 0) return refuse('I need your working hours.');
  const tokens: Token[][] = [];
  for (const clause of clauses) {
    const read = tokensOf(clause);
    if (!Array.isArray(read)) return read;
    tokens.push(read);
  }
  const sure = tokens.flat().some((token) => token.kind === 'range' && isSure(token));
  let guessed = false;
  const byDay = new Map<IsoWeekday, WorkWindow[]>();
  for (const [index, clauseTokens] of tokens.entries()) {
    const inClause = new Map<IsoWeekday, WorkWindow[]>();
    for (const group of groupsOf(clauseTokens)) {
      if (group.ranges.length === 0) {
        return refuse(`I found days but no times in “${clauses[index]}”.`);
      }
      const read = readGroup(group.ranges, sure);
      if (typeof read === 'string') return refuse(read);
      guessed ||= read.guessed;
      for (const day of group.days.length > 0 ? group.days : WEEKDAYS) {
        const windows = read.ranges.map(([startMinute, endMinute]) => ({
          day,
          startMinute,
          endMinute,
        }));
        inClause.set(day, [...(inClause.get(day) ?? []), ...windows]);
      }
    }
    for (const [day, windows] of inClause) byDay.set(day, windows);
  }
  const windows = [...byDay.values()].flat().sort(byWeekTime);
  try {
    validateWorkingHours({ timeZone: 'UTC', windows });
  } catch (error) {
    return refuse(`${error instanceof Error ? error.message : String(error)}.`);
  }
  const early = windows.some((w) => w.startMinute < EARLY_MINUTE);
  return { ok: true, windows, needsConfirmation: !sure && (guessed || early) };
}

/** am/pm, an hour of 13 or more, or a range marked overnight: the writer's clock is not in doubt. */
function isSure(range: RangeToken): boolean {
  const overnight = range.overnight && range.to.minute <= range.from.minute;
  return overnight || [range.from, range.to].some((clock) => clock.explicit || clock.hour >= 13);
}

function tokensOf(clause: string): Token[] | { ok: false; problem: string } {
  const tokens: Token[] = [];
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
    const last = tokens[tokens.length - 1];
    if (g.from !== undefined && g.to !== undefined) {
      const from = readClock(g.from);
      const to = readClock(g.to);
      const text = `${g.from.trim()}-${g.to.trim()}`;
      if (!from || !to) return refuse(`“${text}” is not a time range I know.`);
      tokens.push({ kind: 'range', text, from, to, overnight: false });
    } else if (g.overnight !== undefined && last?.kind === 'range') {
      last.overnight = true;
    } else if (g.group !== undefined) {
      const days = DAY_GROUPS[g.group.toLowerCase().replace(/\s+/g, ' ')] ?? [];
      tokens.push({ kind: 'days', days });
    } else if (g.day !== undefined) {
      const first = DAY_WORDS[g.day.toLowerCase()] as IsoWeekday;
      const lastDay =
        g.dayTo === undefined ? first : (DAY_WORDS[g.dayTo.toLowerCase()] as IsoWeekday);
      const days: IsoWeekday[] = [];
      for (let d = first; ; d = ((d % 7) + 1) as IsoWeekday) {
        days.push(d);
        if (d === lastDay) break;
      }
      tokens.push({ kind: 'days', days });
    }
  }
  return tokens;
}

/**
 * Cuts a clause into groups: days then ranges (`mon-thu 8-16`) or ranges then days
 * (`8-16 mon-thu`); a day after a days-first group's ranges, or a range after a ranges-first
 * group's days, starts the next group.
 */
function groupsOf(tokens: readonly Token[]): Group[] {
  const groups: Group[] = [];
  let current: Group | undefined;
  for (const token of tokens) {
    const startsNext =
      current === undefined ||
      (token.kind === 'days'
        ? current.daysFirst && current.ranges.length > 0
        : !current.daysFirst && current.days.length > 0);
    if (startsNext || current === undefined) {
      current = { days: [], ranges: [], daysFirst: token.kind === 'days' };
      groups.push(current);
    }
    if (token.kind === 'days') {
      for (const day of token.days) if (!current.days.includes(day)) current.days.push(day);
    } else {
      current.ranges.push(token);
    }
  }
  return groups;
}

/**
 * A group's ranges in order through one day. A range in doubt (no am/pm, no hour above 12) that
 * starts before the day has reached (06:00 when nothing in the text is sure; the previous
 * range's end) is taken 12 hours later: that is a guess to confirm.
 */
function readGroup(
  ranges: readonly RangeToken[],
  sure: boolean,
): { ranges: [number, number][]; guessed: boolean } | string {
  let reached = sure ? 0 : EARLY_MINUTE;
  let guessed = false;
  const read: [number, number][] = [];
  for (const range of ranges) {
    const { from, to } = range;
    const inDoubt = !from.explicit && !to.explicit && from.hour <= 12 && to.hour <= 12;
    let start = from.minute % MINUTES_PER_DAY;
    if (inDoubt && start < reached && from.hour >= 1 && from.hour < 12 && start + NOON >= reached) {
      start += NOON;
      guessed = true;
    }
    let end = to.minute;
    if (range.overnight) {
      if (end <= start) end += MINUTES_PER_DAY;
    } else if (readsAsAfternoon(from, to, start)) {
      end += NOON; // `9-5` means 09:00 to 17:00; a night shift starts in the evening
    }
    if (end === start) return `“${range.text}” has no time in it.`;
    if (end < start) end += MINUTES_PER_DAY; // a night shift, on the day it starts
    read.push([start, end]);
    reached = Math.max(reached, end);
  }
  return { ranges: read, guessed };
}

/** A small end hour written without am/pm, after a start on a 12-hour clock: `9-5`, `12-8`, `9-9`. */
function readsAsAfternoon(from: Clock, to: Clock, start: number): boolean {
  if (to.explicit || to.hour < 1 || to.hour > 12) return false;
  if (!from.explicit && from.hour > 12) return false;
  if (to.minute > start) return false;
  if (to.minute === start) return to.hour !== 12; // `9-9` is 09:00–21:00; `12-12` says nothing
  return to.minute + NOON > start && to.minute + NOON <= MINUTES_PER_DAY;
}

function readClock(text: string): Clock | null {
  const match = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i.exec(text.trim());
  if (!match) return null;
  const written = Number(match[1]);
  let hour = written;
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const suffix = match[3]?.toLowerCase().replace(/\./g, '');
  if (minute > 59) return null;
  if (suffix) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (suffix === 'pm' ? 12 : 0);
  } else if (hour > 24 || (hour === 24 && minute !== 0)) {
    return null;
  }
  return { minute: hour * 60 + minute, hour: written, explicit: suffix !== undefined };
}

/**
 * What a form says under the hours field when the reading needs confirming: a form has no
 * buttons of its own, so the person writes the reading as shown (a sure clock) and saves again.
 */
export function confirmReadingProblem(windows: readonly WorkWindow[]): string {
  return `I read this as ${describeWindows(windows)}. If that is right, write it that way (or with am/pm) and save again.`;
}

function refuse(problem: string): { ok: false; problem: string } {
  return { ok: false, problem: `${problem} Write it like ${HOURS_EXAMPLES}.` };
}

function byWeekTime(a: WorkWindow, b: WorkWindow): number {
  return a.day - b.day || a.startMinute - b.startMinute;
}

/**
 * "09:00–17:00 Mon–Fri", "09:00–12:00, 14:00–18:00 Mon–Thu; 09:00–13:00 Fri", "22:00–06:00
 * (overnight) Sun–Thu". It reads back as the same windows: a window before 06:00 is written with
 * am/pm when no hour of 13 or more says the clock is a 24-hour one ("5:00 am–11:00 am Mon–Fri").
 */
export function describeWindows(windows: readonly WorkWindow[]): string {
  const sure = windows.some((w) => w.startMinute >= 13 * 60 || w.endMinute >= 13 * 60);
  const groups = new Map<string, IsoWeekday[]>();
  for (const day of [1, 2, 3, 4, 5, 6, 7] as IsoWeekday[]) {
    const spans = windows
      .filter((w) => w.day === day)
      .sort(byWeekTime)
      .map((w) => {
        const overnight = w.endMinute > MINUTES_PER_DAY;
        const clock = !sure && w.startMinute < EARLY_MINUTE ? twelveHourClock : formatClock;
        const end = clock(overnight ? w.endMinute - MINUTES_PER_DAY : w.endMinute);
        return `${clock(w.startMinute)}–${end}${overnight ? ' (overnight)' : ''}`;
      })
      .join(', ');
    if (spans === '') continue;
    groups.set(spans, [...(groups.get(spans) ?? []), day]);
  }
  if (groups.size === 0) return 'no working hours';
  return [...groups].map(([spans, days]) => `${spans} ${describeDays(days)}`).join('; ');
}

/** 0 → "12:00 am", 330 → "5:30 am", 780 → "1:00 pm". */
function twelveHourClock(minuteOfDay: number): string {
  const hour = Math.floor(minuteOfDay / 60) % 24;
  const minutes = String(minuteOfDay % 60).padStart(2, '0');
  return `${hour % 12 === 0 ? 12 : hour % 12}:${minutes} ${hour < 12 ? 'am' : 'pm'}`;
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
