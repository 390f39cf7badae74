/**
 * The who stage of a plan: each task of the accepted how gets an owner. These are its pure
 * rules: a task's states, how much two people's working weeks overlap, and whether someone is
 * away during a task.
 */
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

/** Tasks that count towards their owner's load. */
export const OPEN_TASK_STATES: readonly TaskState[] = ['proposed', 'accepted', 'blocked'];

/** Tasks whose owner accepted them: at work, blocked or done. The who counts them as owned. */
export const OWNED_TASK_STATES: readonly TaskState[] = ['accepted', 'blocked', 'done'];

/** Tasks their owner sees in "My tasks": open ones, and those they finished. */
export const MY_TASK_STATES: readonly TaskState[] = [...OPEN_TASK_STATES, 'done'];

/** The longest reason a blocked task keeps. */
export const MAX_BLOCK_REASON = 2000;

const HOUR = 3_600_000;
export const WEEK_MS = 7 * 24 * HOUR;

/**
 * The hours in the week from `from` (an instant, the next 7 × 24 hours) during which `a` and `b`
 * both work, each in their own zone, rounded to the quarter hour. Both schedules are read as
 * concrete intervals, so a clock change in either zone during the week counts as it falls.
 *
 * Checked by hand:
 * - London and Berlin, both 09:00–17:00 Mon–Fri, week from Mon 2026-01-12 00:00 UTC: London is
 *   09–17 UTC, Berlin 08–16 UTC; together 09–16 UTC, 7 h a day, 35 h.
 * - London and New York, both 09:00–17:00 Mon–Fri, week from Mon 2026-01-12: New York is
 *   14–22 UTC; together 14–17 UTC, 3 h a day, 15 h.
 * - The same two across New York's clock change (Sun 2026-03-08, to UTC−4; London stays on
 *   UTC+0 until 2026-03-29), week from Thu 2026-03-05 00:00 UTC: Thu and Fri New York is 14–22
 *   UTC (3 h each), Mon–Wed 13–21 UTC (4 h each); 6 + 12 = 18 h.
 * - Auckland and New York, 09:00–17:00 Mon–Fri, week from Mon 2026-01-12: Auckland (UTC+13)
 *   works 20:00–04:00 UTC the evening before; New York works until 22:00 UTC: 20–22 UTC on the
 *   four evenings when New York's Mon–Thu meets Auckland's Tue–Fri, 8 h.
 */
export function weeklyOverlapHours(a: WorkingHours, b: WorkingHours, from: number): number {
  const to = from + WEEK_MS;
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
  return Math.round((shared / HOUR) * 4) / 4;
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
