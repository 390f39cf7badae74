/** Clock times and durations as Mailroom writes them and reads them back. */

const MINUTE = 60_000;
const MINUTES_PER_DAY = 1440;

/** Short weekday names by ISO weekday (Monday = 1). */
export const WEEKDAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

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
