import { DAY_WORDS } from './hours-text.js';
import type { IsoWeekday, LocalDate } from './local-time.js';

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
