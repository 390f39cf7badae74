import {
  addDays,
  type IsoWeekday,
  isoWeekdayOf,
  type LocalDate,
  nextLocalOccurrenceOn,
  startOfLocalDate,
  wallTimeToInstant,
} from '../../../core/domain/local-time.js';
import { isWorkingAt, type WorkingHours } from '../../../core/domain/working-hours.js';

/**
 * When a standup asks each member, and when its day closes. Pure: every instant is passed in.
 * The zone rules (gaps, overlaps, skipped days) are local-time.ts's; this file only picks
 * which local date and wall time to ask at.
 *
 * - `member_zone`: at `promptMinute` on the member's own wall clock, on the configured weekdays
 *   of their own calendar; the prompt is for that local date.
 * - `team_zone`: at `promptMinute` in the standup's team zone, everyone at the same instant;
 *   the prompt is for the team's date.
 * - `work_start`: when the member's first working window of a configured weekday opens (a night
 *   shift's 22:00, a split day's first half); a weekday on which they do not work is not asked.
 *
 * Days off (local dates in each member's zone) and, for an every-other-week standup, the off
 * weeks are never asked.
 *
 * A wall time in a spring-forward gap moves forward by the gap, an ambiguous one is its first
 * occurrence, a date the zone skipped is never asked (see `wallTimeToInstant`). A date is asked
 * at most once: `lastDate` is never asked again, whatever happens to the zone in between.
 */

export const PROMPT_MODES = ['member_zone', 'team_zone', 'work_start'] as const;
export type PromptMode = (typeof PROMPT_MODES)[number];

export interface StandupTiming {
  /** Weekdays the standup runs on. */
  days: readonly IsoWeekday[];
  promptMode: PromptMode;
  /** Minutes after local midnight, 0..1439; unused for `work_start`. */
  promptMinute: number;
  /** Names the day's thread and sets the report time. */
  teamZone: string;
  /** Minutes after midnight in the team zone, 0..1439: the day's report. */
  reportMinute: number;
  /** Dates nobody is asked (a bank holiday, an offsite): a local date in each member's zone. */
  daysOff?: readonly DayOff[];
  /** Every other week, counted from the week (its Monday, YYYY-MM-DD) the owner picked; null: weekly. */
  everyOtherWeekFrom?: string | null;
}

export interface DayOff {
  date: string;
  label: string;
}

/** How far ahead a standup date is looked for past days off and off weeks. */
const MAX_SKIPPED_DATES = 800;

/** Whether the standup runs on this date: not a day off, and in an on week. */
export function runsOn(timing: StandupTiming, date: LocalDate): boolean {
  const key = dateKey(date);
  if (timing.daysOff?.some((off) => off.date === key)) return false;
  const from = timing.everyOtherWeekFrom ? parseDateKey(timing.everyOtherWeekFrom) : null;
  if (!from) return true;
  const weeks = Math.floor((dayNumber(date) - dayNumber(from)) / 7);
  return weeks >= 0 && weeks % 2 === 0;
}

/** The Monday of the date's week, for an every-other-week standup's first week. */
export function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, 1 - isoWeekdayOf(date));
}

const dayNumber = (date: LocalDate) =>
  Math.round(Date.UTC(date.year, date.month - 1, date.day) / 86_400_000);

export interface ScheduledPrompt {
  at: number;
  /** The date the prompt is for: the member's local date (the team's in `team_zone` mode). */
  date: LocalDate;
}

/** How long a prompt stays open when no next prompt follows it (a weekly standup's week). */
export const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** How a member is asked: by the standup's timing, or at the start of their working day when so chosen for them. */
export function memberTiming(timing: StandupTiming, atWorkStart: boolean): StandupTiming {
  return atWorkStart && timing.promptMode !== 'work_start'
    ? { ...timing, promptMode: 'work_start' }
    : timing;
}

/**
 * Whether a member's next prompt after `after` comes outside their working hours (a night shift
 * asked at 09:30): the setup says so and offers the start of their working day instead.
 */
export function promptOutsideHours(
  timing: StandupTiming,
  member: WorkingHours,
  after: number,
): boolean {
  if (timing.promptMode === 'work_start') return false;
  const next = nextPrompt(timing, member, after, null);
  return next !== null && !isWorkingAt(member, next.at);
}

/** The zone whose calendar a member's standup dates are counted in. */
export function promptZone(timing: StandupTiming, member: WorkingHours): string {
  return timing.promptMode === 'team_zone' ? timing.teamZone : member.timeZone;
}

/**
 * The member's next prompt strictly after `after`, for a date after `lastDate`; null when no
 * configured weekday can have one (in `work_start` mode, they work on none of them).
 */
export function nextPrompt(
  timing: StandupTiming,
  member: WorkingHours,
  after: number,
  lastDate: LocalDate | null,
): ScheduledPrompt | null {
  const zone = promptZone(timing, member);
  // Start the search where the day after the last one asked begins, so it is never asked again.
  const from =
    lastDate === null ? after : Math.max(after, startOfLocalDate(zone, addDays(lastDate, 1)) - 1);
  let best: ScheduledPrompt | null = null;
  const last = lastDate === null ? '' : dateKey(lastDate);
  for (const [minute, days] of weekdaysByPromptMinute(timing, member)) {
    let next = nextLocalOccurrenceOn(zone, minute, from, days);
    // A gap can push a date's wall time past the next midnight: still never the same date twice.
    // Days off and off weeks are passed over.
    let skipped = 0;
    while (dateKey(next.date) <= last || !runsOn(timing, next.date)) {
      if (++skipped > MAX_SKIPPED_DATES) break;
      next = nextLocalOccurrenceOn(zone, minute, next.instant, days);
    }
    if (skipped > MAX_SKIPPED_DATES) continue;
    if (best === null || next.instant < best.at) best = { at: next.instant, date: next.date };
  }
  return best;
}

/** The weekdays that have a prompt, grouped by the wall-clock minute it is at. */
function weekdaysByPromptMinute(
  timing: StandupTiming,
  member: WorkingHours,
): Map<number, IsoWeekday[]> {
  const byMinute = new Map<number, IsoWeekday[]>();
  for (const day of new Set(timing.days)) {
    let minute = timing.promptMinute;
    if (timing.promptMode === 'work_start') {
      const starts = member.windows.filter((w) => w.day === day).map((w) => w.startMinute);
      if (starts.length === 0) continue;
      minute = Math.min(...starts);
    }
    byMinute.set(minute, [...(byMinute.get(minute) ?? []), day]);
  }
  return byMinute;
}

/** When the day's report goes out (in the team zone). */
export function reportAt(timing: StandupTiming, date: LocalDate): number {
  return wallTimeToInstant(timing.teamZone, date, timing.reportMinute);
}

/** The next report strictly after `after`, and the team date it reports on. */
export function nextReport(timing: StandupTiming, after: number): ScheduledPrompt {
  let next = nextLocalOccurrenceOn(timing.teamZone, timing.reportMinute, after, timing.days);
  // No report on a day off, nor in an off week (nobody was asked).
  for (let i = 0; i < MAX_SKIPPED_DATES && !runsOn(timing, next.date); i++) {
    next = nextLocalOccurrenceOn(timing.teamZone, timing.reportMinute, next.instant, timing.days);
  }
  return { at: next.instant, date: next.date };
}

/**
 * When a prompt's answers close: at the member's next prompt, so that an answer after the report
 * still counts (late) and edits stay open as long as answering does; a week after the prompt when
 * no next prompt follows (in `work_start` mode, a member who no longer works on its days).
 */
export function answerWindowCloses(
  timing: StandupTiming,
  member: WorkingHours,
  prompt: ScheduledPrompt,
): number {
  return nextPrompt(timing, member, prompt.at, prompt.date)?.at ?? prompt.at + WEEK_MS;
}

/** 'YYYY-MM-DD': how a local date is stored and compared (lexical order is date order). */
export function dateKey(date: LocalDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

export function parseDateKey(key: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return check.getUTCMonth() === date.month - 1 && check.getUTCDate() === date.day ? date : null;
}
