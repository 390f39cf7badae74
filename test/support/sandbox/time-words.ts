/**
 * Where `time …` moves the sandbox clock: `+3h`, `+1d 2h`, `+90m`, `09:00` (next time it is
 * 09:00), `tomorrow 09:00`, `wed 09:00`, `2026-03-03 09:00` (all in the given zone), or an
 * instant such as `2026-03-03T14:00Z`. Pure, on Mailroom's own time-zone rules.
 */
import { type LocalDate, toLocal, wallTimeToInstant } from '../../../src/core/domain/local-time.js';

export type TimeTarget = { ok: true; at: number } | { ok: false; problem: string };

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export const TIME_USAGE =
  'Try `time +3h`, `time +1d`, `time 09:00`, `time tomorrow 09:00`, `time fri 17:30`, `time 2026-03-05 09:00` or `time 2026-03-05T14:00Z`.';

export function timeTarget(text: string, now: number, timeZone: string): TimeTarget {
  const input = text.trim().toLowerCase();
  const fail = (problem: string): TimeTarget => ({
    ok: false,
    problem: `${problem} ${TIME_USAGE}`,
  });
  if (input.startsWith('+')) {
    const parts = [...input.slice(1).matchAll(/(\d+)\s*(min|m|h|d|w)/g)];
    const rest = input
      .slice(1)
      .replace(/(\d+)\s*(min|m|h|d|w)/g, '')
      .trim();
    if (parts.length === 0 || rest !== '') return fail(`I can’t read “${text.trim()}”.`);
    const ms = parts.reduce(
      (sum, [, n = '0', unit = 'm']) => sum + Number(n) * (UNIT_MS[unit] ?? 0),
      0,
    );
    return ms > 0 ? { ok: true, at: now + ms } : fail('That does not move the clock.');
  }
  if (/^\d{4}-\d{2}-\d{2}t/.test(input)) {
    const at = Date.parse(text.trim());
    return Number.isNaN(at) ? fail(`“${text.trim()}” is not an instant.`) : { ok: true, at };
  }
  const match =
    /^(?:(today|tomorrow|mon|tue|wed|thu|fri|sat|sun|\d{4}-\d{2}-\d{2})\s+)?(\d{1,2}):(\d{2})$/.exec(
      input,
    );
  if (!match) return fail(`I can’t read “${text.trim()}”.`);
  const [, day, hours = '0', minutes = '0'] = match;
  const minuteOfDay = Number(hours) * 60 + Number(minutes);
  if (Number(hours) > 23 || Number(minutes) > 59) return fail(`${hours}:${minutes} is not a time.`);
  const today = toLocal(now, timeZone);
  const at = (date: LocalDate) => wallTimeToInstant(timeZone, date, minuteOfDay);
  const plusDays = (days: number) => shiftDate(today, days);
  if (day === undefined) {
    const sameDay = at(today);
    return { ok: true, at: sameDay > now ? sameDay : at(plusDays(1)) };
  }
  if (day === 'today') return { ok: true, at: at(today) };
  if (day === 'tomorrow') return { ok: true, at: at(plusDays(1)) };
  const weekday = WEEKDAYS.indexOf(day);
  if (weekday >= 0) {
    const ahead = (weekday + 1 - today.isoWeekday + 7) % 7;
    const candidate = at(plusDays(ahead));
    return { ok: true, at: candidate > now ? candidate : at(plusDays(ahead + 7)) };
  }
  const [year, month, date] = (day as string).split('-').map(Number);
  return { ok: true, at: at({ year: year ?? 0, month: month ?? 0, day: date ?? 0 }) };
}

function shiftDate(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/**
 * The instants at which the app's tick runs on the way from `from` to `to`: every `stepMs` on
 * the UTC clock, then `to`. Every zone's offset is a whole number of quarter hours, so with a
 * quarter-hour step the tick runs at every local quarter hour, everywhere.
 */
export function tickInstants(from: number, to: number, stepMs: number): number[] {
  const instants: number[] = [];
  for (let at = Math.floor(from / stepMs) * stepMs + stepMs; at < to; at += stepMs) {
    instants.push(at);
  }
  instants.push(to);
  return instants;
}
