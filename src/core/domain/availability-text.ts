import { sameDate, toLocal } from './local-time.js';
import { formatClock, WEEKDAY_NAMES } from './time-text.js';
import { isWorkingAt, nextWorkingInstant, type WorkingHours } from './working-hours.js';

/**
 * A person's availability at `now`, in their own time: whether they are working, when they next
 * start (the clock alone on the same local day, else with the weekday) and how long until then.
 */
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
