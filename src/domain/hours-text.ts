import { type IsoWeekday, parseClock } from './working-hours.js';

const DAY_NAMES: Record<string, IsoWeekday> = {
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
};
const DAY_LABELS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export interface HoursSetting {
  startMinute: number;
  endMinute: number;
  workingDays: IsoWeekday[];
}

export type ParsedHours = { ok: true; value: HoursSetting } | { ok: false; problem: string };

const USAGE = 'Write it like `09:00-17:00 mon-fri` or `8:30-16:30 mon,tue,thu`.';

/** Reads "09:00-17:00 mon-fri" (days optional, default Monday to Friday). */
export function parseHoursText(text: string): ParsedHours {
  const match = /^\s*(\d{1,2}(?::\d{2})?)\s*[-–]\s*(\d{1,2}(?::\d{2})?)\s*(.*)$/.exec(text);
  if (!match) return { ok: false, problem: `I couldn't read working hours from that. ${USAGE}` };
  const start = parseClock(withMinutes(match[1] ?? ''));
  const end = parseClock(withMinutes(match[2] ?? ''));
  if (start === null || end === null) {
    return { ok: false, problem: `Times must be between 00:00 and 24:00. ${USAGE}` };
  }
  if (start >= end) {
    return {
      ok: false,
      problem: `Your day has to end after it starts (overnight shifts are not supported yet). ${USAGE}`,
    };
  }
  const days = parseDays((match[3] ?? '').trim());
  if (!days) return { ok: false, problem: `I couldn't read the days. ${USAGE}` };
  return { ok: true, value: { startMinute: start, endMinute: end, workingDays: days } };
}

function withMinutes(clock: string): string {
  return clock.includes(':') ? clock : `${clock}:00`;
}

function parseDays(text: string): IsoWeekday[] | null {
  if (text === '') return [1, 2, 3, 4, 5];
  const days = new Set<IsoWeekday>();
  for (const part of text
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean)) {
    const [from, to] = part.split('-');
    const a = DAY_NAMES[(from ?? '').slice(0, 3)];
    const b = to === undefined ? a : DAY_NAMES[to.slice(0, 3)];
    if (a === undefined || b === undefined) return null;
    for (let d = a; ; d = ((d % 7) + 1) as IsoWeekday) {
      days.add(d);
      if (d === b) break;
    }
  }
  return [...days].sort((x, y) => x - y);
}

/** "Mon–Fri", "Mon, Wed, Fri", "every day". */
export function describeDays(days: readonly IsoWeekday[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  if (sorted.length === 7) return 'every day';
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const contiguous =
    first !== undefined && last !== undefined && last - first === sorted.length - 1;
  if (contiguous && sorted.length > 2) return `${DAY_LABELS[first]}–${DAY_LABELS[last]}`;
  return sorted.map((d) => DAY_LABELS[d]).join(', ');
}
