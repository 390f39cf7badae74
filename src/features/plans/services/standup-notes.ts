import { formatInTimeZone } from 'date-fns-tz';
import { scheduleOf } from '../../../core/domain/member.js';
import type { StandupNote, StandupNoteProvider } from '../../../core/services/standup-notes.js';
import type { PlansContext } from '../context.js';
import { dueSoonUntil, isInHand, TASK_STATE_NAMES } from '../domain/who.js';
import type { PlanTask } from '../store/plan-repository.js';
import { mayTakePart } from './authorization.js';

export const PLAN_TASK_NOTES_KIND = 'plan_tasks';

/** "Thursday 10 Dec" for '2026-12-10'; the date as written when it is not one. */
export function dueDay(due: string): string {
  const [year, month, day] = due.split('-').map(Number);
  if (!year || !month || !day) return due;
  return formatInTimeZone(Date.UTC(year, month - 1, day, 12), 'UTC', 'EEEE d MMM');
}

/** The state in words; a state this version has no words for is said as it is stored. */
const stateWords = (state: PlanTask['state']): string =>
  (TASK_STATE_NAMES as Readonly<Record<string, string>>)[state] ?? state;

/**
 * What a standup prompt mentions of a person's plan tasks: the tasks of the plans in the
 * standup's channel that they accepted and have not finished, due within two of their working
 * days of the prompt (their date and working days, in their zone), or overdue; each with its
 * plan, its due date and its state. Tasks of other channels' plans, someone else's, or ones
 * only proposed to them are not mentioned: those are in Home.
 */
export function planTaskStandupNotes(ctx: PlansContext): StandupNoteProvider {
  return {
    kind: PLAN_TASK_NOTES_KIND,
    notesFor({ memberId, channelId, at }) {
      const member = ctx.members.get(memberId);
      if (!member || !mayTakePart(ctx, memberId, channelId)) return undefined;
      const { hours } = scheduleOf(member, ctx.settings.defaultTimeZone);
      const lastDue = dueSoonUntil(hours, at);
      const today = formatInTimeZone(at, hours.timeZone, 'yyyy-MM-dd');
      const notes: StandupNote[] = ctx.plans
        .tasksDueInChannel(memberId, channelId, lastDue)
        .filter(({ task }) => isInHand(task.state))
        .map(({ task, plan }) => {
          const overdue = task.due < today;
          const due = overdue ? `was due ${dueDay(task.due)}` : `due ${dueDay(task.due)}`;
          return {
            title: task.title,
            from: { title: plan.title, link: plan.permalink },
            detail: `${due} · ${stateWords(task.state)}`,
            attention: overdue || task.state !== 'accepted',
          };
        });
      if (notes.length === 0) return undefined;
      return { heading: 'Your plan tasks due soon', notes, seeAll: 'in Home' };
    },
  };
}
