/**
 * The who stage of a plan: each task of the accepted how gets an owner. These are its pure
 * rules: a task's states, how much two people's working weeks overlap, and whether someone is
 * away during a task.
 */
import {
  addDays,
  isoWeekdayOf,
  type LocalDate,
  startOfLocalDate,
  toLocal,
} from '../../../core/domain/local-time.js';
import { type Away, awayOf, type Member } from '../../../core/domain/member.js';
import { type WorkingHours, workingIntervalsBetween } from '../../../core/domain/working-hours.js';

/**
 * unassigned: nobody proposed yet; proposed: the plan's owner named someone, whose answer is
 * awaited; accepted: they took it; declined: they turned it down (the task has no owner again);
 * blocked: its owner said something blocks it, and who can unblock it; done: its owner finished it.
 */
export const TASK_STATES = [
  'unassigned',
  'proposed',
  'accepted',
  'declined',
  'blocked',
  'done',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TASK_STATE_NAMES: Record<TaskState, string> = {
  unassigned: 'no owner yet',
  proposed: 'proposed',
  accepted: 'accepted',
  declined: 'declined',
  blocked: 'blocked',
  done: 'done',
};

/** What a blocked task nobody is named to unblock needs: the one named was deactivated. */
export const NEEDS_UNBLOCKER = 'needs someone to unblock it';

/** Whether the task is blocked with nobody named to unblock it, until its owner names someone. */
export function needsUnblocker(task: { state: TaskState; unblockerId: string | null }): boolean {
  return task.state === 'blocked' && task.unblockerId === null;
}

/** A task's state in words; a blocked task nobody is named to unblock says it needs someone. */
export function taskStateText(task: { state: TaskState; unblockerId: string | null }): string {
  const name = TASK_STATE_NAMES[task.state];
  return needsUnblocker(task) ? `${name}, ${NEEDS_UNBLOCKER}` : name;
}

/** Tasks that count towards their owner's load. */
export const OPEN_TASK_STATES: readonly TaskState[] = ['proposed', 'accepted', 'blocked'];

/** Tasks whose owner accepted them: at work, blocked or done. The who counts them as owned. */
export const OWNED_TASK_STATES: readonly TaskState[] = ['accepted', 'blocked', 'done'];

/** The longest reason a blocked task keeps. */
export const MAX_BLOCK_REASON = 2000;

/**
 * States in which a task is not its owner's to work on: nobody took it yet, or it is finished.
 * Every other state is a task its owner accepted and has in hand.
 */
const NOT_IN_HAND: ReadonlySet<string> = new Set(['unassigned', 'proposed', 'declined', 'done']);

/** Whether the task is its owner's to work on: accepted, and not finished. */
export const isInHand = (state: TaskState): boolean => !NOT_IN_HAND.has(state);

/** How many of the owner's working days ahead a task counts as due soon. */
export const DUE_SOON_WORKING_DAYS = 2;

/** 'YYYY-MM-DD' of a local date, as tasks' due dates are written. */
export const dateKey = (date: LocalDate): string =>
  `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;

/**
 * The last due date (YYYY-MM-DD) of a task due soon at `at`: the owner's date then, in their
 * zone, moved on by `workingDays` of their working days (a day on which one of their windows
 * starts). A task due on that date or before it, weekends between included, is due soon.
 * Someone with no working day at all counts every day.
 */
export function dueSoonUntil(
  hours: WorkingHours,
  at: number,
  workingDays = DUE_SOON_WORKING_DAYS,
): string {
  const today = toLocal(at, hours.timeZone);
  const working = new Set(hours.windows.map((w) => w.day));
  let date: LocalDate = { year: today.year, month: today.month, day: today.day };
  for (let counted = 0, step = 0; counted < workingDays && step < 7 * workingDays; step++) {
    date = addDays(date, 1);
    if (working.size === 0 || working.has(isoWeekdayOf(date))) counted++;
  }
  return dateKey(date);
}

/** The local date of a due date as tasks write it (YYYY-MM-DD). */
export function dueDateOf(text: string): LocalDate {
  const [year = 0, month = 1, day = 1] = text.split('-').map(Number);
  return { year, month, day };
}

/**
 * The instant a task due on `due` (YYYY-MM-DD) becomes overdue: the end of that day in
 * `timeZone`, the start of the next, whatever the clocks did that day.
 */
export const overdueFrom = (due: string, timeZone: string): number =>
  startOfLocalDate(timeZone, addDays(dueDateOf(due), 1));

const HOUR = 3_600_000;
export const WEEK_MS = 7 * 24 * HOUR;

/**
 * How many hours a week `a` and `b` both work, each in their own zone, while a task runs: from
 * `from` (now) until `until` (the end of its due date). The hours are counted over the whole
 * weeks (7 × 24 hours each, at least one) from `from` that cover the task, and divided by their
 * number, rounded to the half hour. Both schedules are read as concrete intervals, so a clock
 * change in either zone while the task runs counts from where it falls.
 *
 * Checked by hand (everyone 09:00–17:00 Mon–Fri):
 * - London and Berlin, one week from Mon 2026-01-12 00:00 UTC: London is 09–17 UTC, Berlin
 *   08–16 UTC; together 09–16 UTC, 7 h a day, 35 h.
 * - London and New York, the same week: New York is 14–22 UTC; together 14–17 UTC, 3 h a day,
 *   15 h.
 * - The same two across New York's clock change (Sun 2026-03-08, to UTC−4; London stays on
 *   UTC+0 until 2026-03-29), one week from Thu 2026-03-05 00:00 UTC: Thu and Fri New York is
 *   14–22 UTC (3 h each), Mon–Wed 13–21 UTC (4 h each); 6 + 12 = 18 h.
 * - Auckland and New York, one week from Mon 2026-01-12: Auckland (UTC+13) works 20:00–04:00
 *   UTC the evening before; New York works until 22:00 UTC: 20–22 UTC on the four evenings when
 *   New York's Mon–Thu meets Auckland's Tue–Fri, 8 h.
 * - London and New York for a task from Mon 2026-03-09 10:00 UTC to the end of Fri 2026-04-10
 *   in New York (04:00 UTC on the 11th): 32¾ days, so 5 weeks, to Mon 2026-04-13 10:00 UTC.
 *   New York is 13–21 UTC throughout; London 09–17 UTC until Sun 29 March, then 08–16 UTC.
 *   Weeks 1–3: 13–17 UTC, 4 h × 5 = 20 h each; weeks 4–5: 13–16 UTC, 3 h × 5 = 15 h each.
 *   (60 + 30) / 5 = 18 h a week, where the week the task starts would have said 20.
 */
export function weeklyOverlapHours(
  a: WorkingHours,
  b: WorkingHours,
  from: number,
  until: number = from + WEEK_MS,
): number {
  const weeks = Math.max(1, Math.ceil((until - from) / WEEK_MS));
  const to = from + weeks * WEEK_MS;
  const first = workingIntervalsBetween(a, from, to);
  const second = workingIntervalsBetween(b, from, to);
  let shared = 0;
  let j = 0;
  for (const span of first) {
    while (j < second.length && (second[j]?.end ?? 0) <= span.start) j++;
    for (let k = j; k < second.length; k++) {
      const other = second[k];
      if (!other || other.start >= span.end) break;
      shared += Math.min(span.end, other.end) - Math.max(span.start, other.start);
    }
  }
  return Math.round((shared / HOUR / weeks) * 2) / 2;
}

/**
 * Whether the person is away during a task that runs from `now` to `dueEnd`: their away
 * setting in Mailroom or an away Slack status, as it stands now (neither says anything about
 * later). Undefined when they are not.
 */
export function awayDuringTask(member: Member, now: number, dueEnd: number): Away | undefined {
  if (dueEnd <= now) return undefined;
  return awayOf(member, now);
}
