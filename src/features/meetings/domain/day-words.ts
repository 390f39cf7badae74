import type { IsoWeekday } from '../../../core/domain/local-time.js';
import type { WindowChoice } from './meeting-window.js';

/**
 * Day words in a meeting request: "today", "tomorrow", "this week", "next 3 days", "on Friday",
 * "next Tue", "13 Mar", "March 13th", "2026-03-13", "on 13/3". Pure text reading; the days
 * themselves are worked out in the requester's calendar by `meetingWindow`. A numeric date
 * that reads two ways ("3/4": 3 April or 4 March) is not guessed: the requester is asked.
 */
export interface DayPhrase {
  index: number;
  length: number;
  reading: { ok: true; choice: WindowChoice } | { ok: false; problem: string };
}

const WEEKDAY = String.raw`(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?`;
const MONTH = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(?:uary|ruary|ch|il|e|y|ust|ember|ober)?\.?`;
const ORDINAL = '(?:st|nd|rd|th)?';
const ISO = String.raw`(\d{4})-(\d{2})-(\d{2})`;
const YEAR = String.raw`(?:,?\s+(\d{4}))?`;
const END = String.raw`(?![\p{L}\p{N}'’/-])`;

/** Each form, tried at the earliest position in the text first. */
const FORMS: { pattern: RegExp; read: (m: RegExpExecArray) => DayPhrase['reading'] }[] = [
  {
    pattern: /\b(this|next)\s+week\b/i,
    read: (m) =>
      choose({ kind: (m[1] ?? '').toLowerCase() === 'this' ? 'this_week' : 'next_week' }),
  },
  {
    pattern:
      /\b(?:within|in\s+the\s+next|over\s+the\s+next|the\s+next|next)\s+(\d{1,2})\s+days?\b/i,
    read: (m) => choose({ kind: 'days', days: Number(m[1]) }),
  },
  { pattern: /\btoday\b/i, read: () => choose({ kind: 'today' }) },
  { pattern: /\btomorrow\b/i, read: () => choose({ kind: 'tomorrow' }) },
  {
    pattern: new RegExp(
      String.raw`\b(?:from|between)\s+${ISO}\s+(?:to|until|and|-)\s+${ISO}\b`,
      'i',
    ),
    read: (m) => {
      const from = isoDate(m[1], m[2], m[3]);
      const to = isoDate(m[4], m[5], m[6]);
      return from && to
        ? choose({ kind: 'dates', from, to })
        : { ok: false, problem: `I couldn’t read the days “${m[0]}”.` };
    },
  },
  {
    pattern: new RegExp(String.raw`\b(?:on\s+)?${ISO}\b`, 'i'),
    read: (m) => {
      const date = isoDate(m[1], m[2], m[3]);
      return date
        ? choose({ kind: 'dates', from: date, to: date })
        : { ok: false, problem: `There is no ${m[0].replace(/^on\s+/i, '')}.` };
    },
  },
  {
    pattern: new RegExp(
      String.raw`\b(?:on\s+)?(?:${WEEKDAY},?\s+)?(\d{1,2})${ORDINAL}\s+(?:of\s+)?${MONTH}${YEAR}${END}`,
      'iu',
    ),
    read: (m) => dayOfMonth(Number(m[2]), m[3], m[4], m[1]),
  },
  {
    pattern: new RegExp(
      String.raw`\b(?:on\s+)?(?:${WEEKDAY},?\s+)?${MONTH}\s+(\d{1,2})${ORDINAL}${YEAR}${END}`,
      'iu',
    ),
    read: (m) => dayOfMonth(Number(m[3]), m[2], m[4], m[1]),
  },
  {
    pattern: new RegExp(String.raw`\bon\s+(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?${END}`, 'iu'),
    read: (m) => numericDate(m[0].replace(/^on\s+/i, ''), Number(m[1]), Number(m[2]), m[3]),
  },
  {
    pattern: new RegExp(
      String.raw`\b(?:on\s+(?:(this|next)\s+)?|(this|next)\s+)${WEEKDAY}${END}`,
      'iu',
    ),
    read: (m) => {
      const which = (m[1] ?? m[2] ?? '').toLowerCase();
      return choose({
        kind: 'weekday',
        weekday: weekdayOf(m[3]) as IsoWeekday,
        which: which === 'this' ? 'this' : which === 'next' ? 'next' : 'coming',
      });
    },
  },
];

/** The first day phrase in the text, where it is, and what it reads as. */
export function findDayPhrase(text: string): DayPhrase | undefined {
  let found: DayPhrase | undefined;
  for (const { pattern, read } of FORMS) {
    const match = pattern.exec(text);
    if (!match || (found && found.index <= match.index)) continue;
    found = { index: match.index, length: match[0].length, reading: read(match) };
  }
  return found;
}

/** Weekday names, written out in full, in English, German, French, Spanish, Italian and Dutch. */
const TITLE_WEEKDAYS: [IsoWeekday, string][] = [
  [1, 'monday|montag|lundi|lunes|luned[iì]|maandag'],
  [2, 'tuesday|dienstag|mardi|martes|marted[iì]|dinsdag'],
  [3, 'wednesday|mittwoch|mercredi|mi[eé]rcoles|mercoled[iì]|woensdag'],
  [4, 'thursday|donnerstag|jeudi|jueves|gioved[iì]|donderdag'],
  [5, 'friday|freitag|vendredi|viernes|venerd[iì]|vrijdag'],
  [6, 'saturday|samstag|samedi|s[aá]bado|sabato|zaterdag'],
  [7, 'sunday|sonntag|dimanche|domingo|domenica|zondag'],
];

/**
 * The weekdays a meeting's title names as its day ("Friday drinks", "Taco Tuesday"); not one
 * that names another event's day ("Friday's release", "the outage since Monday").
 */
export function weekdaysNamed(title: string): IsoWeekday[] {
  const found: IsoWeekday[] = [];
  for (const [weekday, names] of TITLE_WEEKDAYS) {
    const pattern = new RegExp(
      String.raw`(?:^|[^\p{L}\p{N}])((?:last|before|after|since|until|till|by|from|for)\s+)?(?:${names})(?![\p{L}\p{N}]|['’]s)`,
      'iu',
    );
    const match = pattern.exec(title);
    if (match && match[1] === undefined) found.push(weekday);
  }
  return found;
}

function choose(choice: WindowChoice): DayPhrase['reading'] {
  return { ok: true, choice };
}

const MONTH_KEYS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function weekdayOf(text: string | undefined): IsoWeekday | undefined {
  const index = WEEKDAY_KEYS.indexOf((text ?? '').toLowerCase().slice(0, 3));
  return index < 0 ? undefined : ((index + 1) as IsoWeekday);
}

function dayOfMonth(
  day: number,
  month: string | undefined,
  year: string | undefined,
  weekday: string | undefined,
): DayPhrase['reading'] {
  const monthNumber = MONTH_KEYS.indexOf((month ?? '').toLowerCase().slice(0, 3)) + 1;
  const named = weekdayOf(weekday);
  return choose({
    kind: 'date',
    day,
    month: monthNumber,
    year: year === undefined ? null : Number(year),
    ...(named ? { weekday: named } : {}),
  });
}

/** "13/3" and "3/13" are 13 March; "3/4" could be 3 April or 4 March, so it is asked about. */
function numericDate(
  written: string,
  first: number,
  second: number,
  year: string | undefined,
): DayPhrase['reading'] {
  const fullYear = year === undefined ? null : Number(year.length === 2 ? `20${year}` : year);
  const date = (day: number, month: number) => choose({ kind: 'date', day, month, year: fullYear });
  if (first > 12 && second >= 1 && second <= 12) return date(first, second);
  if (second > 12 && first >= 1 && first <= 12) return date(second, first);
  if (first === second && first >= 1 && first <= 12) return date(first, second);
  if (first < 1 || second < 1 || first > 12 || second > 12) {
    return { ok: false, problem: `I couldn’t read “${written}” as a date.` };
  }
  const monthName = (m: number) => MONTH_NAMES[m - 1] as string;
  return {
    ok: false,
    problem: `“${written}” could be ${first} ${monthName(second)} or ${second} ${monthName(first)}: write “on ${first} ${monthName(second).slice(0, 3)}” or “on ${second} ${monthName(first).slice(0, 3)}”.`,
  };
}

function isoDate(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
): { year: number; month: number; day: number } | undefined {
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  const utc = new Date(Date.UTC(y, m - 1, d));
  if (utc.getUTCMonth() !== m - 1 || utc.getUTCDate() !== d) return undefined;
  return { year: y, month: m, day: d };
}
