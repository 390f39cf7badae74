import type { QueueItem } from '../../../core/domain/queue.js';
import type { PlansContext } from '../context.js';

/**
 * The key of a task's overdue reminders to its owner, and of the plan's owner's news of it; each
 * goes on with the due date it is for and the owner it names (`<due>:<owner>`).
 */
export const overduePrefix = (taskId: number) => `plan-task-overdue:${taskId}:`;
export const overdueNewsPrefix = (taskId: number) => `plan-task-overdue-news:${taskId}:`;

/**
 * A task's overdue reminder to its owner, and the plan's owner's news of it, still waiting to go
 * out are withdrawn: they expire, never posted. `stillFor` keeps those for a due date that is
 * still overdue (by default none is). Returns those withdrawn.
 */
export function withdrawWaitingOverdue(
  ctx: PlansContext,
  taskId: number,
  now: number,
  stillFor: (due: string) => boolean = () => false,
): QueueItem[] {
  const withdrawn: QueueItem[] = [];
  for (const prefix of [overduePrefix(taskId), overdueNewsPrefix(taskId)]) {
    for (const item of ctx.queue.openWithKeyPrefix(prefix)) {
      if (item.state !== 'queued' && item.state !== 'snoozed') continue;
      const [due = ''] = item.idempotencyKey.slice(prefix.length).split(':');
      if (stillFor(due)) continue;
      const expired = ctx.queue.transition(item, 'expired', now);
      if (expired) withdrawn.push(expired);
    }
  }
  return withdrawn;
}
